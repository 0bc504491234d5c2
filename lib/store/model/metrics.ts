/**
 * What the overview dashboard draws; every figure comes from the decision log and counts
 * decisions, not rows: a row stands for `repeat_count` of them (decision-budget.ts), all made
 * within a second of its `at`.
 */
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

/** The Overview's figures for one source: the studio's own live server (null) or an upstream of the recording proxy. */
export interface SourceFigures {
  /** The upstream's name; null for the studio's own live server. */
  readonly source: string | null
  /** Decisions in the window. */
  readonly decisions: number
  readonly deny: number
  /** Observed decisions the workspace predicts differently (always 0 for the studio's own server). */
  readonly mismatches: number
  /** Decisions per second over the rate window. */
  readonly perSecond: number
}

export interface SourceMetricsRequest {
  /** Start of the window (epoch ms). */
  readonly from: number
  readonly nowMs: number
  readonly rateWindowMs?: number
}

/** Nearest-rank percentile of `values` (sorted in place); 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  values.sort((a, b) => a - b)
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))
  return values[rank] ?? 0
}

/** Nearest-rank percentile of values that each stand for `weight` samples (sorted in place); 0 for none. */
export function weightedPercentile(samples: { value: number; weight: number }[], p: number): number {
  const total = samples.reduce((n, s) => n + s.weight, 0)
  if (total === 0) return 0
  samples.sort((a, b) => a.value - b.value)
  const rank = Math.max(1, Math.ceil((p / 100) * total))
  let seen = 0
  for (const s of samples) {
    seen += s.weight
    if (seen >= rank) return s.value
  }
  return samples.at(-1)?.value ?? 0
}

/** The source figures in Overview order: the studio's own server first, then by decisions, then by name. */
export function sortSourceFigures(figures: SourceFigures[]): SourceFigures[] {
  return figures.sort((a, b) => (a.source === null ? -1 : b.source === null ? 1 : b.decisions - a.decisions || a.source.localeCompare(b.source)))
}

/** One authorize step read from a logged trace: its target, layer, duration and the decisions its row stands for. */
export interface AuthorizeStep {
  readonly component: string | null
  readonly action: string | null
  readonly weight: number
  readonly layer: string
  readonly us: number | string | null
}

/** The ten slowest authorize steps by weighted p95 (a folded row's timing stands for each decision folded into it). */
export function rankSlowAuthorize(steps: readonly AuthorizeStep[]): DecisionMetrics['slowAuthorize'] {
  const groups = new Map<string, { target: string; layer: string; samples: { value: number; weight: number }[] }>()
  for (const r of steps) {
    const target = r.action ? `${r.component ?? ''}.${r.action}` : (r.component ?? '')
    const key = `${target}\u0000${r.layer}`
    const g = groups.get(key) ?? { target, layer: r.layer, samples: [] }
    g.samples.push({ value: Number(r.us) || 0, weight: r.weight })
    groups.set(key, g)
  }
  return [...groups.values()]
    .map((g) => ({ target: g.target, layer: g.layer, count: g.samples.reduce((n, s) => n + s.weight, 0), p95Us: weightedPercentile(g.samples, 95) }))
    .sort((a, b) => b.p95Us - a.p95Us)
    .slice(0, 10)
}
