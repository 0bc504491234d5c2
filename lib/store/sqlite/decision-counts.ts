/**
 * Counting decisions, not rows: a row stands for `repeat_count` of them (decision-budget.ts).
 * sum(repeat_count) reads every row from the table (0.3-0.7 s for 250,000 rows here, against
 * 3-10 ms for count(*) on an index), so a count is count(*) over the rows plus `repeat_count - 1`
 * over the few rows that something was folded into, found through their partial index
 * (`decisions_folded`, migration 5). Conditions are SQL over the table alias `d`; their
 * parameters are passed twice (once per half).
 */

const FOLDED = 'decisions AS d INDEXED BY decisions_folded WHERE d.repeat_count > 1'

/** One number: decisions matching `where` (rows counted no further than `cap` when given). */
export function decisionCountSql(where: string, cap?: number): string {
  const w = where || '1'
  const rows = cap === undefined
    ? `SELECT count(*) FROM decisions AS d WHERE ${w}`
    : `SELECT count(*) FROM (SELECT 1 FROM decisions AS d WHERE ${w} LIMIT ${Math.trunc(cap)})`
  return `SELECT (${rows}) + coalesce((SELECT sum(d.repeat_count - 1) FROM ${FOLDED} AND ${w}), 0) AS n`
}

/** Decisions per group: `groups` are SQL expressions, returned as columns g0, g1... next to `n`. */
export function groupedDecisionsSql(groups: readonly string[], where: string): string {
  const w = where || '1'
  const columns = groups.map((g, i) => `${g} AS g${i}`).join(', ')
  const keys = groups.map((_, i) => `g${i}`).join(', ')
  return `SELECT ${keys}, sum(n) AS n FROM (
    SELECT ${columns}, count(*) AS n FROM decisions AS d WHERE ${w} GROUP BY ${keys}
    UNION ALL
    SELECT ${columns}, sum(d.repeat_count - 1) AS n FROM ${FOLDED} AND ${w} GROUP BY ${keys}
  ) GROUP BY ${keys}`
}
