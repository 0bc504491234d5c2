/**
 * `GET /api/metrics`: the Overview dashboard's figures (lib/store/decision-metrics),
 * the same per source (lib/store/decision-source-metrics) and the live server's
 * connections right now. The page parses the answer with `metricsSchema`.
 */
import { z } from 'zod'

const count = z.number().int().nonnegative()

/** The /traces source filter's value for the studio's own live server (lib/live/proxy/upstreams STUDIO_SOURCE). */
export const STUDIO_SOURCE_NAME = 'studio'

/** One source's figures over the window: the studio's own server or an upstream seen through the recording proxy. */
export const sourceRowSchema = z.object({
  /** 'studio' or the upstream's name: the /traces `source` filter's value. */
  source: z.string(),
  /** An upstream configured in Settings now (one removed since still shows while its decisions are in the window). */
  configured: z.boolean(),
  decisions: count,
  deny: count,
  /** Decisions whose upstream answer the workspace predicts differently (0 for the studio's own server). */
  mismatches: count,
  perSecond: z.number().nonnegative(),
  /** Open connections of this source right now: live sockets for the studio, proxied sockets for an upstream (absent from older servers). */
  connections: count.optional(),
})
export type SourceRow = z.infer<typeof sourceRowSchema>

/**
 * The per-source rows: the studio's own server, then each configured upstream (in the
 * order of Settings, with zeros when it made no decision in the window), then upstreams
 * no longer configured whose decisions are still in the window.
 */
export function sourceRows(figures: readonly { source: string | null; decisions: number; deny: number; mismatches: number; perSecond: number }[], configured: readonly string[]): SourceRow[] {
  const zero = { decisions: 0, deny: 0, mismatches: 0, perSecond: 0 }
  const measured = new Map(figures.map((f) => [f.source ?? STUDIO_SOURCE_NAME, f]))
  const figuresOf = (name: string) => {
    const f = measured.get(name)
    return f ? { decisions: f.decisions, deny: f.deny, mismatches: f.mismatches, perSecond: f.perSecond } : zero
  }
  const names = new Set(configured)
  const others = figures.flatMap((f) => (f.source !== null && !names.has(f.source) ? [f.source] : []))
  return [
    { source: STUDIO_SOURCE_NAME, configured: false, ...figuresOf(STUDIO_SOURCE_NAME) },
    ...configured.filter((n) => n !== STUDIO_SOURCE_NAME).map((name) => ({ source: name, configured: true, ...figuresOf(name) })),
    ...others.map((name) => ({ source: name, configured: false, ...figuresOf(name) })),
  ]
}

export const metricsSchema = z.object({
  nowMs: z.number(),
  windowMs: z.number().positive(),
  bucketMs: z.number().positive(),
  /** Oldest bucket first; `start` is epoch ms. */
  timeline: z.array(z.object({ start: z.number(), allow: count, deny: count })),
  denialsByLayer: z.array(z.object({ layer: z.string(), count })),
  topDenied: z.array(z.object({ component: z.string(), action: z.string().nullable(), count })),
  slowAuthorize: z.array(z.object({ target: z.string(), layer: z.string(), p95Us: z.number().nonnegative(), count })),
  totals: z.object({ allow: count, deny: count }),
  perSecond: z.number().nonnegative(),
  connections: z.object({ authenticated: count, anonymous: count }),
  mounts: count,
  openConnections: count,
  live: z.object({ open: count, authenticated: count, anonymous: count, mountedComponents: count }),
  /** Per source: the studio's own server first (see sourceRows). */
  sources: z.array(sourceRowSchema),
})
export type MetricsView = z.infer<typeof metricsSchema>
