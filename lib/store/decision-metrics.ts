import type Database from 'better-sqlite3'

/** What the overview dashboard draws; every figure comes from the decision log. */
export interface DecisionMetrics {
  readonly nowMs: number
  readonly windowMs: number
  readonly bucketMs: number
  /** Oldest bucket first; `start` is epoch ms. */
  readonly timeline: readonly { readonly start: number; readonly allow: number; readonly deny: number }[]
  readonly denialsByLayer: readonly { readonly layer: string; readonly count: number }[]
  readonly topDenied: readonly { readonly component: string; readonly action: string | null; readonly count: number }[]
  /** Custom authorize steps that ran (not skipped), slowest p95 first. */
  readonly slowAuthorize: readonly { readonly target: string; readonly layer: string; readonly p95Us: number; readonly count: number }[]
  readonly totals: { readonly allow: number; readonly deny: number }
  /** Decisions per second over the last `rateWindowMs`. */
  readonly perSecond: number
  /** Connections with a decision in the window, by the auth state of their latest one. */
  readonly connections: { readonly authenticated: number; readonly anonymous: number }
  /** Allowed mounts in the window. */
  readonly mounts: number
}

export interface MetricsRequest {
  readonly nowMs: number
  readonly windowMs?: number
  readonly buckets?: number
  readonly rateWindowMs?: number
  /** Most recent decisions whose traces are read for authorize timings. */
  readonly traceSample?: number
}

/** Nearest-rank percentile of `values` (sorted in place); 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  values.sort((a, b) => a - b)
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))
  return values[rank] ?? 0
}

function timeline(db: Database.Database, from: number, bucketMs: number, buckets: number) {
  const rows = db.prepare(`SELECT (at - ?) / ? AS b, verdict, count(*) AS n FROM decisions WHERE at >= ? GROUP BY b, verdict`)
    .all(from, bucketMs, from) as { b: number; verdict: string; n: number }[]
  const out = Array.from({ length: buckets }, (_, i) => ({ start: from + i * bucketMs, allow: 0, deny: 0 }))
  for (const r of rows) {
    const slot = out[Math.min(Math.floor(r.b), buckets - 1)]
    if (!slot) continue
    if (r.verdict === 'deny') slot.deny += r.n
    else slot.allow += r.n
  }
  return out
}

function slowAuthorize(db: Database.Database, from: number, sample: number): DecisionMetrics['slowAuthorize'] {
  const rows = db.prepare(`
    SELECT d.component AS component, d.action AS action, json_extract(s.value, '$.layer') AS layer,
           json_extract(s.value, '$.durationUs') AS us
    FROM (SELECT component, action, trace FROM decisions WHERE at >= ? AND kind IN ('mount', 'action', 'room')
          ORDER BY at DESC LIMIT ?) AS d, json_each(d.trace) AS s
    WHERE json_extract(s.value, '$.layer') LIKE '%authorize%' AND json_extract(s.value, '$.outcome') != 'skip'`)
    .all(from, sample) as { component: string | null; action: string | null; layer: string; us: number }[]
  const groups = new Map<string, { target: string; layer: string; values: number[] }>()
  for (const r of rows) {
    const target = r.action ? `${r.component ?? ''}.${r.action}` : (r.component ?? '')
    const key = `${target}\u0000${r.layer}`
    const g = groups.get(key) ?? { target, layer: r.layer, values: [] }
    g.values.push(Number(r.us) || 0)
    groups.set(key, g)
  }
  return [...groups.values()]
    .map((g) => ({ target: g.target, layer: g.layer, count: g.values.length, p95Us: percentile(g.values, 95) }))
    .sort((a, b) => b.p95Us - a.p95Us)
    .slice(0, 10)
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
  const denialsByLayer = (db.prepare(`SELECT coalesce(decided_by, '(none)') AS layer, count(*) AS count FROM decisions
    WHERE verdict = 'deny' AND at >= ? GROUP BY layer ORDER BY count DESC LIMIT 12`).all(from)) as { layer: string; count: number }[]
  const topDenied = (db.prepare(`SELECT coalesce(component, '(none)') AS component, action, count(*) AS count FROM decisions
    WHERE verdict = 'deny' AND at >= ? GROUP BY component, action ORDER BY count DESC LIMIT 10`).all(from)) as DecisionMetrics['topDenied'][number][]
  const rateWindowMs = req.rateWindowMs ?? 10_000
  const recent = (db.prepare('SELECT count(*) AS n FROM decisions WHERE at >= ?').get(req.nowMs - rateWindowMs) as { n: number }).n
  const conns = db.prepare(`SELECT json_extract(auth, '$.authenticated') AS a, count(*) AS n FROM decisions WHERE id IN (
      SELECT max(id) FROM decisions WHERE at >= ? AND connection_id IS NOT NULL GROUP BY connection_id) GROUP BY a`)
    .all(from) as { a: number | null; n: number }[]
  const mounts = (db.prepare(`SELECT count(*) AS n FROM decisions WHERE kind = 'mount' AND verdict = 'allow' AND at >= ?`).get(from) as { n: number }).n
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
