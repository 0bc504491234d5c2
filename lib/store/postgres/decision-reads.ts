/**
 * The read side of the decision log on Postgres (the /traces page, exports, impact windows,
 * filter pickers). Page statements are named, so each connection prepares them once; a reason
 * search is left unnamed, so its plan always sees the pattern (a rare word and a common one
 * want different plans).
 */
import { createHash } from 'node:crypto'
import type { DecisionRecord } from '../model/decision'
import { MAX_PAGE, MAX_WINDOW, type Cursor, type DecisionPage, type DecisionQuery, type DistinctColumn, type ImpactWindow } from '../model/decision-query'
import { countSql, pageSql, whereOf } from './decision-sql'
import { SUMMARY_COLUMNS, toRecord, toSummary, type DecisionRow } from '../model/decision-row'
import type { Db } from './pool'

const DISTINCT_COLUMNS: readonly DistinctColumn[] = ['component', 'action', 'decided_by', 'persona', 'workspace_version', 'kind', 'source']

/** A prepared statement's name for generated SQL: the same text always gets the same name. */
const nameOf = (prefix: string, text: string) => `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`

export class PostgresDecisionReads {
  constructor(private readonly db: Db) {}

  async page(q: DecisionQuery, options: { readonly limit?: number; readonly before?: Cursor } = {}): Promise<DecisionPage> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), MAX_PAGE)
    const sql = pageSql(q, SUMMARY_COLUMNS, options.before, limit + 1)
    const rows = await this.db.query<DecisionRow>(sql.text, sql.params, q.text?.trim() ? undefined : nameOf('page', sql.text))
    const shown = rows.slice(0, limit).map(toSummary)
    const last = shown.at(-1)
    return rows.length > limit && last ? { rows: shown, next: { at: last.at, id: last.id } } : { rows: shown }
  }

  async count(q: DecisionQuery, cap = 1_000_000): Promise<number> {
    const params: unknown[] = []
    const text = countSql(whereOf(q, params), cap)
    const [row] = await this.db.query<{ n: number }>(text, params, q.text?.trim() ? undefined : nameOf('count', text))
    return row?.n ?? 0
  }

  async rowCount(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM decisions', [], 'decisions_row_count')
    return row?.n ?? 0
  }

  async get(id: number): Promise<DecisionRecord | undefined> {
    if (!Number.isSafeInteger(id)) return undefined
    const [row] = await this.db.query<DecisionRow>('SELECT * FROM decisions WHERE id = $1', [id], 'decisions_get')
    return row ? toRecord(row) : undefined
  }

  async *iterate(q: DecisionQuery, batch = 500): AsyncIterableIterator<DecisionRecord> {
    const size = Math.min(Math.max(Math.trunc(batch), 1), 5_000)
    let before: Cursor | undefined
    for (;;) {
      const sql = pageSql(q, 'd.*', before, size)
      const rows = await this.db.query<DecisionRow>(sql.text, sql.params)
      for (const row of rows) yield toRecord(row)
      const last = rows.at(-1)
      if (rows.length < size || !last) return
      before = { at: last.at, id: last.id }
    }
  }

  /** Oldest first, at most `cap`; overflow rows are left out (they keep no decision's inputs). */
  async window(w: ImpactWindow, options: { readonly cap?: number; readonly workspaceId?: string; readonly source?: string } = {}): Promise<DecisionRecord[]> {
    const cap = Math.max(0, Math.trunc(options.cap ?? MAX_WINDOW))
    const params: unknown[] = []
    const parts = ['d.folded_variants IS NULL']
    if (options.workspaceId !== undefined) parts.push(`d.workspace_id = $${params.push(options.workspaceId)}`)
    if (options.source === 'studio') parts.push('d.source IS NULL')
    else if (options.source !== undefined) parts.push(`d.source = $${params.push(options.source)}`)
    let limit = cap
    if ('last' in w) limit = Math.min(Math.max(Math.trunc(w.last), 0), cap)
    else parts.push(`d.at >= $${params.push(w.from)}`, `d.at < $${params.push(w.to)}`)
    if (limit === 0) return []
    const text = `SELECT d.* FROM decisions AS d WHERE ${parts.join(' AND ')} ORDER BY d.at DESC, d.id DESC LIMIT $${params.push(limit)}`
    const rows = await this.db.query<DecisionRow>(text, params, nameOf('window', text))
    return rows.reverse().map(toRecord)
  }

  /** Distinct values of a column, the most recently seen first. */
  async distinct(column: DistinctColumn, limit = 200): Promise<(string | number)[]> {
    if (!DISTINCT_COLUMNS.includes(column)) throw new Error(`Not a distinct column: ${column}`)
    const rows = await this.db.query<{ v: string | number }>(
      `SELECT ${column} AS v FROM decisions WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY max(id) DESC LIMIT $1`,
      [Math.max(1, Math.trunc(limit))], `distinct_${column}`)
    return rows.map((r) => r.v)
  }
}
