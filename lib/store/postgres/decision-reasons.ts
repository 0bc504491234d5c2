/**
 * The dictionary of decision reasons (decision_reasons): the log repeats a few hundred reason
 * texts, so the trigram index for the reason search lives on one row per distinct text instead
 * of on every decision. The writer resolves a batch's reasons to ids before writing it; ids
 * already seen come from a bounded in-memory map.
 */
import type { Db } from './pool'

const ADD_SQL = `INSERT INTO decision_reasons (reason) SELECT DISTINCT unnest($1::text[]) ON CONFLICT (digest) DO NOTHING`
const IDS_SQL = `SELECT id, reason FROM decision_reasons WHERE digest = ANY(ARRAY(SELECT md5(r) FROM unnest($1::text[]) AS r))`

/** Reasons remembered at most (the map is cleared past it: the next batches look theirs up again). */
const MAX_CACHED = 10_000

export class ReasonIds {
  private readonly cache = new Map<string, number>()

  constructor(private readonly db: Db) {}

  /** The id of every reason in `reasons` (added to the dictionary when new). */
  async resolve(reasons: Iterable<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    const missing: string[] = []
    for (const reason of new Set(reasons)) {
      const id = this.cache.get(reason)
      if (id === undefined) missing.push(reason)
      else out.set(reason, id)
    }
    if (missing.length === 0) return out
    // NUL is not valid in Postgres text; the row's own reason is stored the same way (copy-in.ts).
    const clean = missing.map((r) => r.replaceAll('\0', '\uFFFD'))
    await this.db.query(ADD_SQL, [clean], 'decision_reasons_add')
    const rows = await this.db.query<{ id: number; reason: string }>(IDS_SQL, [clean], 'decision_reasons_ids')
    if (this.cache.size + rows.length > MAX_CACHED) this.cache.clear()
    const byClean = new Map(rows.map((r) => [r.reason, r.id]))
    missing.forEach((reason, i) => {
      const id = byClean.get(clean[i] as string)
      if (id === undefined) return
      this.cache.set(reason, id)
      out.set(reason, id)
    })
    return out
  }
}
