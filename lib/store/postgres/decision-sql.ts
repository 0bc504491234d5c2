/**
 * SQL of the decision log's reads on Postgres. Every filter is an equality on an indexed column
 * whose index ends in (at, id), so a page walks one index backwards from the cursor and stops
 * after `limit` rows. The reason search is ILIKE over decision_reasons (one row per distinct reason,
 * trigram-indexed): a case-insensitive substring match, like SQLite's trigram FTS (and its LIKE for
 * searches under 3 characters).
 * Counting follows decision-counts.ts: count(*) plus repeat_count - 1 over the folded rows only.
 */
import type { Cursor, DecisionQuery } from '../model/decision-query'

export interface Sql {
  readonly text: string
  readonly params: unknown[]
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Conditions over `d` (without keyset); `params` start at $1. `viaReasons`: the reason match is left to the caller. */
export function whereOf(q: DecisionQuery, params: unknown[] = [], viaReasons = false): string {
  const parts: string[] = []
  const bind = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const eq = (column: string, value: unknown) => {
    if (value !== undefined) parts.push(`d.${column} = ${bind(value)}`)
  }
  eq('verdict', q.verdict); eq('kind', q.kind); eq('decided_by', q.decidedBy); eq('component', q.component)
  eq('action', q.action); eq('persona', q.persona); eq('session_id', q.sessionId); eq('workspace_version', q.workspaceVersion)
  if (q.source === 'studio') parts.push('d.source IS NULL')
  else eq('source', q.source)
  if (q.mismatch === true) parts.push('d.mismatch')
  if (q.from !== undefined) parts.push(`d.at >= ${bind(q.from)}`)
  if (q.to !== undefined) parts.push(`d.at < ${bind(q.to)}`)
  const text = q.text?.trim()
  if (text && !viaReasons) parts.push(`d.reason_id IN (SELECT id FROM decision_reasons WHERE reason ILIKE ${bind(likePattern(text))})`)
  return parts.join(' AND ')
}

/**
 * One page (or export chunk) newest first on (at, id), strictly older than `before`. A reason search
 * reads, for each matching reason, its newest rows from (reason_id, at, id) and merges them: `limit`
 * rows per reason at most, however common or rare the text is.
 */
export function pageSql(q: DecisionQuery, columns: string, before: Cursor | undefined, limit: number): Sql {
  const params: unknown[] = []
  const text = q.text?.trim()
  const parts = [whereOf(q, params, Boolean(text))].filter(Boolean)
  if (before) {
    params.push(before.at, before.id)
    parts.push(`(d.at, d.id) < ($${params.length - 1}, $${params.length})`)
  }
  const n = Math.trunc(limit)
  if (text) {
    params.push(likePattern(text))
    const where = ['d.reason_id = r.id', ...parts].join(' AND ')
    return {
      text: `SELECT d.* FROM (SELECT id FROM decision_reasons WHERE reason ILIKE $${params.length}) AS r
        CROSS JOIN LATERAL (SELECT ${columns} FROM decisions AS d WHERE ${where} ORDER BY d.at DESC, d.id DESC LIMIT ${n}) AS d
        ORDER BY d.at DESC, d.id DESC LIMIT ${n}`,
      params,
    }
  }
  const where = parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : ''
  return { text: `SELECT ${columns} FROM decisions AS d ${where} ORDER BY d.at DESC, d.id DESC LIMIT ${n}`, params }
}

/** Decisions matching `where` (rows counted no further than `cap` when given). */
export function countSql(where: string, cap?: number): string {
  const w = where || 'true'
  const rows = cap === undefined
    ? `SELECT count(*) FROM decisions AS d WHERE ${w}`
    : `SELECT count(*) FROM (SELECT 1 FROM decisions AS d WHERE ${w} LIMIT ${Math.trunc(cap)}) AS capped`
  return `SELECT ((${rows}) + coalesce((SELECT sum(d.repeat_count - 1) FROM decisions AS d WHERE d.repeat_count > 1 AND ${w}), 0))::bigint AS n`
}

/** Decisions per group: `groups` are SQL expressions, returned as g0, g1... next to `n`. */
export function groupedSql(groups: readonly string[], where: string): string {
  const w = where || 'true'
  const columns = groups.map((g, i) => `${g} AS g${i}`).join(', ')
  const keys = groups.map((_, i) => `g${i}`).join(', ')
  return `SELECT ${keys}, sum(n)::bigint AS n FROM (
    SELECT ${columns}, count(*) AS n FROM decisions AS d WHERE ${w} GROUP BY ${keys}
    UNION ALL
    SELECT ${columns}, sum(d.repeat_count - 1) AS n FROM decisions AS d WHERE d.repeat_count > 1 AND ${w} GROUP BY ${keys}
  ) AS grouped GROUP BY ${keys}`
}
