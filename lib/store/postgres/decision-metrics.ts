/**
 * The Overview's figures from the decision log on Postgres: the same figures and rules as
 * lib/store/sqlite/decision-metrics.ts and decision-source-metrics.ts (decisions, not rows; every
 * query bounded by the `at` index, so the cost follows the window, not the log's size). Every
 * statement is named: planning them (a dozen indexes to weigh) cost more than running them.
 */
import { rankSlowAuthorize, sortSourceFigures, type DecisionMetrics, type MetricsRequest, type SourceFigures, type SourceMetricsRequest } from '../model/metrics'
import { countSql, groupedSql } from './decision-sql'
import type { Db } from './pool'

async function timeline(db: Db, from: number, bucketMs: number, buckets: number) {
  const rows = await db.query<{ g0: number; g1: string; n: number }>(
    groupedSql(['(d.at - $1) / $2::bigint', 'd.verdict'], 'd.at >= $1'), [Math.trunc(from), Math.trunc(bucketMs)], 'metrics_timeline')
  const out = Array.from({ length: buckets }, (_, i) => ({ start: from + i * bucketMs, allow: 0, deny: 0 }))
  for (const r of rows) {
    const slot = out[Math.min(Math.floor(r.g0), buckets - 1)]
    if (!slot) continue
    if (r.g1 === 'deny') slot.deny += r.n
    else slot.allow += r.n
  }
  return out
}

async function slowAuthorize(db: Db, from: number, sample: number): Promise<DecisionMetrics['slowAuthorize']> {
  const rows = await db.query<{ component: string | null; action: string | null; weight: number; layer: string; us: string | null }>(`
    SELECT d.component, d.action, d.repeat_count AS weight, s.value->>'layer' AS layer, s.value->>'durationUs' AS us
    FROM (SELECT component, action, trace::json AS trace, repeat_count FROM decisions WHERE at >= $1 AND kind IN ('mount', 'action', 'room')
          ORDER BY at DESC LIMIT $2) AS d
    CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(d.trace) = 'array' THEN d.trace ELSE '[]'::json END) AS s
    WHERE json_typeof(s.value) = 'object' AND s.value->>'layer' LIKE '%authorize%' AND s.value->>'outcome' <> 'skip'`, [from, sample], 'metrics_slow_authorize')
  return rankSlowAuthorize(rows)
}

export async function postgresMetrics(db: Db, req: MetricsRequest): Promise<DecisionMetrics> {
  const windowMs = req.windowMs ?? 15 * 60_000
  const buckets = req.buckets ?? 30
  const bucketMs = Math.max(1, Math.ceil(windowMs / buckets))
  const from = req.nowMs - bucketMs * buckets
  const rateWindowMs = req.rateWindowMs ?? 10_000
  const since = req.nowMs - rateWindowMs
  const denials = "d.verdict = 'deny' AND d.at >= $1"
  const [line, denialsByLayer, topDenied, recent, conns, mounts, slow] = await Promise.all([
    timeline(db, from, bucketMs, buckets),
    db.query<{ layer: string; count: number }>(`SELECT g0 AS layer, n AS count FROM (${groupedSql(["coalesce(d.decided_by, '(none)')"], denials)}) AS t
      ORDER BY count DESC, layer LIMIT 12`, [from], 'metrics_denials_by_layer'),
    db.query<DecisionMetrics['topDenied'][number]>(`SELECT g0 AS component, g1 AS action, n AS count FROM (${groupedSql(["coalesce(d.component, '(none)')", 'd.action'], denials)}) AS t
      ORDER BY count DESC, component, action LIMIT 10`, [from], 'metrics_top_denied'),
    db.query<{ n: number }>(countSql('d.at >= $1'), [since], 'metrics_recent'),
    // Each connection's latest decision, joined on the primary key (an IN list here was planned as a scan of the whole log).
    db.query<{ a: string | null; n: number }>(`SELECT d.auth::json->>'authenticated' AS a, count(*) AS n FROM (
      SELECT max(id) AS id FROM decisions WHERE at >= $1 AND connection_id IS NOT NULL GROUP BY connection_id) AS latest
      JOIN decisions AS d ON d.id = latest.id GROUP BY a`, [from], 'metrics_connections'),
    db.query<{ n: number }>(countSql("d.kind = 'mount' AND d.verdict = 'allow' AND d.at >= $1"), [from], 'metrics_mounts'),
    slowAuthorize(db, from, req.traceSample ?? 5000),
  ])
  const totals = line.reduce((t, b) => ({ allow: t.allow + b.allow, deny: t.deny + b.deny }), { allow: 0, deny: 0 })
  return {
    nowMs: req.nowMs, windowMs: bucketMs * buckets, bucketMs, timeline: line, denialsByLayer, topDenied, slowAuthorize: slow,
    totals, perSecond: (recent[0]?.n ?? 0) / (rateWindowMs / 1000),
    connections: {
      authenticated: conns.filter((c) => c.a === 'true').reduce((s, c) => s + c.n, 0),
      anonymous: conns.filter((c) => c.a !== 'true').reduce((s, c) => s + c.n, 0),
    },
    mounts: mounts[0]?.n ?? 0,
  }
}

export async function postgresSourceMetrics(db: Db, req: SourceMetricsRequest): Promise<SourceFigures[]> {
  const rateWindowMs = req.rateWindowMs ?? 10_000
  // '' stands for NULL inside the grouping.
  const [window, recent] = await Promise.all([
    db.query<{ g0: string; g1: string; g2: boolean; n: number }>(groupedSql(["coalesce(d.source, '')", 'd.verdict', 'd.mismatch'], 'd.at >= $1'), [req.from], 'metrics_sources'),
    db.query<{ g0: string; n: number }>(groupedSql(["coalesce(d.source, '')"], 'd.at >= $1'), [req.nowMs - rateWindowMs], 'metrics_sources_recent'),
  ])
  const bySource = new Map<string, { decisions: number; deny: number; mismatches: number; recent: number }>()
  const entry = (key: string) => {
    let found = bySource.get(key)
    if (!found) bySource.set(key, (found = { decisions: 0, deny: 0, mismatches: 0, recent: 0 }))
    return found
  }
  for (const r of window) {
    const e = entry(r.g0)
    e.decisions += r.n
    if (r.g1 === 'deny') e.deny += r.n
    if (r.g2) e.mismatches += r.n
  }
  for (const r of recent) entry(r.g0).recent += r.n
  return sortSourceFigures([...bySource.entries()].map(([key, e]) => ({
    source: key === '' ? null : key, decisions: e.decisions, deny: e.deny, mismatches: e.mismatches, perSecond: e.recent / (rateWindowMs / 1000),
  })))
}
