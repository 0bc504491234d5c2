import Database from 'better-sqlite3'
import { decisionCountSql } from './decision-counts'
import type { DecisionRecord } from '../model/decision'
import { SUMMARY_COLUMNS, toRecord, toSummary, type DecisionRow } from '../model/decision-row'
import { MAX_PAGE, type Cursor, type DecisionPage, type DecisionQuery, type DistinctColumn, type ImpactWindow } from '../model/decision-query'

type Row = DecisionRow

/** FTS5 phrase syntax: the text as one quoted phrase, quotes doubled. */
const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

const usesFts = (q: DecisionQuery): string | undefined => {
  const text = q.text?.trim()
  return text && [...text].length >= 3 ? text : undefined
}

/**
 * The WHERE clause of a query (without keyset), with its parameters. Columns
 * are prefixed with `d.`; with `ftsJoined`, the reason match is left to the join.
 */
export function whereOf(q: DecisionQuery, ftsJoined = false): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  const eq = (column: string, value: unknown) => {
    if (value === undefined) return
    parts.push(`d.${column} = ?`)
    params.push(value)
  }
  eq('verdict', q.verdict); eq('kind', q.kind); eq('decided_by', q.decidedBy); eq('component', q.component)
  eq('action', q.action); eq('persona', q.persona); eq('session_id', q.sessionId); eq('workspace_version', q.workspaceVersion)
  if (q.source === 'studio') parts.push('d.source IS NULL')
  else eq('source', q.source)
  if (q.mismatch === true) parts.push('d.mismatch = 1')
  if (q.from !== undefined) { parts.push('d.at >= ?'); params.push(q.from) }
  if (q.to !== undefined) { parts.push('d.at < ?'); params.push(q.to) }
  const text = q.text?.trim()
  const fts = usesFts(q)
  if (fts !== undefined && !ftsJoined) {
    parts.push('d.id IN (SELECT rowid FROM decisions_reason_fts WHERE decisions_reason_fts MATCH ?)')
    params.push(ftsPhrase(fts))
  } else if (text && fts === undefined) {
    // Trigrams need 3 characters; shorter searches scan the reasons.
    parts.push(`d.reason LIKE ? ESCAPE '\\'`)
    params.push(likePattern(text))
  }
  return { sql: parts.join(' AND '), params }
}

/**
 * One statement for a page: newest first on (at, id). A reason search is driven
 * by the FTS index walked in rowid order, which is the log's (at, id) order
 * because rows are appended as decisions happen; so it stops after `limit`
 * matches instead of collecting every match first.
 */
function pageSql(q: DecisionQuery, columns: string, before: Cursor | undefined, limit: number): { sql: string; params: unknown[] } {
  const fts = usesFts(q)
  const w = whereOf(q, fts !== undefined)
  const parts = w.sql ? [w.sql] : []
  const params = [...w.params]
  if (before) {
    parts.push('(d.at < ? OR (d.at = ? AND d.id < ?))')
    params.push(before.at, before.at, before.id)
  }
  if (fts === undefined) {
    const where = parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : ''
    return { sql: `SELECT ${columns} FROM decisions AS d ${where} ORDER BY d.at DESC, d.id DESC LIMIT ${limit}`, params }
  }
  const ftsParts = ['decisions_reason_fts MATCH ?', ...(before ? ['f.rowid < ?'] : [])]
  const ftsParams: unknown[] = [ftsPhrase(fts), ...(before ? [before.id] : [])]
  const where = [...ftsParts, ...parts].join(' AND ')
  return {
    sql: `SELECT ${columns} FROM decisions_reason_fts AS f JOIN decisions AS d ON d.id = f.rowid WHERE ${where} ORDER BY f.rowid DESC LIMIT ${limit}`,
    params: [...ftsParams, ...params],
  }
}

/**
 * Read side of the decision log on its own connection (WAL lets it read while
 * the live server writes). Newest first, keyset-paged on (at, id).
 */
export class DecisionQueries {
  readonly db: Database.Database

  constructor(file: string) {
    this.db = new Database(file, { fileMustExist: true })
    this.db.pragma('busy_timeout = 2000')
  }

  /** One page, newest first, strictly older than `before` when given. */
  page(q: DecisionQuery, options: { limit?: number; before?: Cursor } = {}): DecisionPage {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), MAX_PAGE)
    const k = pageSql(q, SUMMARY_COLUMNS, options.before, limit + 1)
    const rows = this.db.prepare(k.sql).all(...k.params) as Row[]
    const shown = rows.slice(0, limit).map(toSummary)
    const last = shown.at(-1)
    return rows.length > limit && last ? { rows: shown, next: { at: last.at, id: last.id } } : { rows: shown }
  }

  /**
   * How many decisions match (folded ones included: the rows' repeat counts), reading no more than
   * `cap` rows (so huge logs stay cheap): when that many rows match, the answer is at least `cap`.
   */
  count(q: DecisionQuery, cap = 1_000_000): number {
    const w = whereOf(q)
    return (this.db.prepare(decisionCountSql(w.sql, cap)).get(...w.params, ...w.params) as { n: number }).n
  }

  /** Rows in the log (what retention's maxRows counts). */
  rowCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM decisions').get() as { n: number }).n
  }

  /** The full record (trace, auth snapshot, payload), or undefined. */
  get(id: number): DecisionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as Row | undefined
    return row ? toRecord(row) : undefined
  }

  /** Full records matching `q`, newest first, read `batch` rows at a time (for exports). */
  *iterate(q: DecisionQuery, batch = 500): Generator<DecisionRecord> {
    let before: Cursor | undefined
    for (;;) {
      const k = pageSql(q, 'd.*', before, batch)
      const rows = this.db.prepare(k.sql).all(...k.params) as Row[]
      for (const row of rows) yield toRecord(row)
      const last = rows.at(-1)
      if (rows.length < batch || !last) return
      before = { at: last.at, id: last.id }
    }
  }

  /**
   * The decisions an impact analysis replays, oldest first (at most `cap`);
   * with `workspaceId`, only that workspace's (another workspace's traffic says nothing about this draft).
   * Overflow rows are left out: they count several different decisions and keep none's inputs.
   */
  window(w: ImpactWindow, cap = 20_000, workspaceId?: string, source?: string): DecisionRecord[] {
    // source: 'studio' = the studio's own live server; otherwise an upstream's name (observed decisions).
    const bySource = source === undefined ? '' : source === 'studio' ? 'source IS NULL AND' : 'source = ? AND'
    const scope = `${workspaceId === undefined ? '' : 'workspace_id = ? AND'} ${bySource} folded_variants IS NULL AND`
    const scoped = [...(workspaceId === undefined ? [] : [workspaceId]), ...(source === undefined || source === 'studio' ? [] : [source])]
    const rows = 'last' in w
      ? this.db.prepare(`SELECT * FROM decisions WHERE ${scope} 1 ORDER BY at DESC, id DESC LIMIT ?`).all(...scoped, Math.min(Math.max(Math.trunc(w.last), 0), cap)) as Row[]
      : this.db.prepare(`SELECT * FROM decisions WHERE ${scope} at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?`).all(...scoped, w.from, w.to, cap) as Row[]
    return rows.reverse().map(toRecord)
  }

  /** Distinct values seen in a column, for the filter dropdowns (bounded, most recent first). */
  distinct(column: DistinctColumn, limit = 200): (string | number)[] {
    const rows = this.db.prepare(`SELECT ${column} AS v FROM decisions WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY max(id) DESC LIMIT ?`)
      .all(limit) as { v: string | number }[]
    return rows.map((r) => r.v)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
