import type Database from 'better-sqlite3'
import { decisionCountSql, groupedDecisionsSql } from './decision-counts'
import { rankSlowAuthorize, type DecisionMetrics, type MetricsRequest } from '../model/metrics'

function timeline(db: Database.Database, from: number, bucketMs: number, buckets: number) {
  // Integers computed here, so written into the SQL (each half of the count needs them).
  const rows = db.prepare(groupedDecisionsSql([`(d.at - ${Math.trunc(from)}) / ${Math.trunc(bucketMs)}`, 'd.verdict'], 'd.at >= ?'))
    .all(from, from) as { g0: number; g1: string; n: number }[]
  const out = Array.from({ length: buckets }, (_, i) => ({ start: from + i * bucketMs, allow: 0, deny: 0 }))
  for (const r of rows) {
    const slot = out[Math.min(Math.floor(r.g0), buckets - 1)]
    if (!slot) continue
    if (r.g1 === 'deny') slot.deny += r.n
    else slot.allow += r.n
  }
  return out
}

function slowAuthorize(db: Database.Database, from: number, sample: number): DecisionMetrics['slowAuthorize'] {
  const rows = db.prepare(`
    SELECT d.component AS component, d.action AS action, d.repeat_count AS weight, json_extract(s.value, '$.layer') AS layer,
           json_extract(s.value, '$.durationUs') AS us
    FROM (SELECT component, action, trace, repeat_count FROM decisions WHERE at >= ? AND kind IN ('mount', 'action', 'room')
          ORDER BY at DESC LIMIT ?) AS d, json_each(d.trace) AS s
    WHERE json_extract(s.value, '$.layer') LIKE '%authorize%' AND json_extract(s.value, '$.outcome') != 'skip'`)
    .all(from, sample) as { component: string | null; action: string | null; weight: number; layer: string; us: number }[]
  return rankSlowAuthorize(rows)
}

/**
 * Dashboard figures over the last `windowMs` (default 15 min in 30 buckets).
 * Every query is bounded by the `at` index, so cost follows the window, not the log size.
 */
export function decisionMetrics(db: Database.Database, req: MetricsRequest): DecisionMetrics {
  const windowMs = req.windowMs ?? 15 * 60_000
  const buckets = req.buckets ?? 30
  const bucketMs = Math.max(1, Math.ceil(windowMs / buckets))
  const from = req.nowMs - bucketMs * buckets
  const line = timeline(db, from, bucketMs, buckets)
  const totals = line.reduce((t, b) => ({ allow: t.allow + b.allow, deny: t.deny + b.deny }), { allow: 0, deny: 0 })
  const denials = "d.verdict = 'deny' AND d.at >= ?"
  const denialsByLayer = (db.prepare(`SELECT g0 AS layer, n AS count FROM (${groupedDecisionsSql(["coalesce(d.decided_by, '(none)')"], denials)})
    ORDER BY count DESC LIMIT 12`).all(from, from)) as { layer: string; count: number }[]
  const topDenied = (db.prepare(`SELECT g0 AS component, g1 AS action, n AS count FROM (${groupedDecisionsSql(["coalesce(d.component, '(none)')", 'd.action'], denials)})
    ORDER BY count DESC LIMIT 10`).all(from, from)) as DecisionMetrics['topDenied'][number][]
  const rateWindowMs = req.rateWindowMs ?? 10_000
  const since = req.nowMs - rateWindowMs
  const recent = (db.prepare(decisionCountSql('d.at >= ?')).get(since, since) as { n: number }).n
  const conns = db.prepare(`SELECT json_extract(auth, '$.authenticated') AS a, count(*) AS n FROM decisions WHERE id IN (
      SELECT max(id) FROM decisions WHERE at >= ? AND connection_id IS NOT NULL GROUP BY connection_id) GROUP BY a`)
    .all(from) as { a: number | null; n: number }[]
  const mounts = (db.prepare(decisionCountSql("d.kind = 'mount' AND d.verdict = 'allow' AND d.at >= ?")).get(from, from) as { n: number }).n
  return {
    nowMs: req.nowMs, windowMs: bucketMs * buckets, bucketMs, timeline: line, denialsByLayer, topDenied,
    slowAuthorize: slowAuthorize(db, from, req.traceSample ?? 5000),
    totals, perSecond: recent / (rateWindowMs / 1000),
    connections: {
      authenticated: conns.filter((c) => c.a === 1).reduce((s, c) => s + c.n, 0),
      anonymous: conns.filter((c) => c.a !== 1).reduce((s, c) => s + c.n, 0),
    },
    mounts,
  }
}
