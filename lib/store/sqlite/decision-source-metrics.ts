import type Database from 'better-sqlite3'
import { groupedDecisionsSql } from './decision-counts'
import { sortSourceFigures, type SourceFigures, type SourceMetricsRequest } from '../model/metrics'

/*
 * The Overview's figures per source: the studio's own live server (source NULL) and
 * each upstream whose decisions the recording proxy logged. Decisions, not rows
 * (decision-counts.ts); both queries are bounded by the `at` index like the rest of
 * the dashboard (decision-metrics.ts), so their cost follows the window.
 */

/** Figures of every source with a decision in the window, the studio's own server first, then by decisions. */
export function decisionSourceMetrics(db: Database.Database, req: SourceMetricsRequest): SourceFigures[] {
  const rateWindowMs = req.rateWindowMs ?? 10_000
  const since = req.nowMs - rateWindowMs
  // '' stands for NULL inside the grouping (a NULL group key would merge with nothing in the union).
  const window = db.prepare(groupedDecisionsSql(["coalesce(d.source, '')", 'd.verdict', 'd.mismatch'], 'd.at >= ?'))
    .all(req.from, req.from) as { g0: string; g1: string; g2: number; n: number }[]
  const recent = db.prepare(groupedDecisionsSql(["coalesce(d.source, '')"], 'd.at >= ?'))
    .all(since, since) as { g0: string; n: number }[]
  const bySource = new Map<string, { decisions: number; deny: number; mismatches: number; recent: number }>()
  const entry = (key: string) => {
    const found = bySource.get(key)
    if (found) return found
    const made = { decisions: 0, deny: 0, mismatches: 0, recent: 0 }
    bySource.set(key, made)
    return made
  }
  for (const r of window) {
    const e = entry(r.g0)
    e.decisions += r.n
    if (r.g1 === 'deny') e.deny += r.n
    if (r.g2 === 1) e.mismatches += r.n
  }
  for (const r of recent) entry(r.g0).recent += r.n
  return sortSourceFigures([...bySource.entries()]
    .map(([key, e]) => ({ source: key === '' ? null : key, decisions: e.decisions, deny: e.deny, mismatches: e.mismatches, perSecond: e.recent / (rateWindowMs / 1000) })))
}
