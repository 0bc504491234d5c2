/**
 * Wire shapes of the decision log API (/api/decisions, /api/metrics, /api/impact):
 * zod schemas shared by the route handlers and the pages, and the filter <-> URL mapping.
 */
import { z } from 'zod'

export const DECISION_KINDS = ['auth', 'mount', 'action', 'property', 'room'] as const

const text = (max: number) => z.string().trim().min(1).max(max)
/** Empty query-string values mean "no filter". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional())

/** The filter of GET /api/decisions and /api/decisions/export, from query-string values. */
export const decisionQuerySchema = z.object({
  verdict: optional(z.enum(['allow', 'deny'])),
  kind: optional(z.enum(DECISION_KINDS)),
  decidedBy: optional(text(200)),
  component: optional(text(200)),
  action: optional(text(300)),
  persona: optional(text(200)),
  sessionId: optional(text(300)),
  workspaceVersion: optional(z.coerce.number().int().nonnegative()),
  from: optional(z.coerce.number().int().nonnegative()),
  to: optional(z.coerce.number().int().nonnegative()),
  text: optional(text(200)),
  /** 'studio' (the studio's own live server) or an upstream's name. */
  source: optional(text(40)),
  /** '1' or 'true': only observed decisions the workspace predicts differently. */
  mismatch: optional(z.enum(['1', 'true']).transform(() => true as const)),
})
export type DecisionQueryInput = z.infer<typeof decisionQuerySchema>
export const QUERY_KEYS = Object.keys(decisionQuerySchema.shape) as (keyof DecisionQueryInput)[]

/** `before=<at>:<id>` cursor of a page request. */
export const cursorSchema = z.string().regex(/^\d+:\d+$/, 'before must look like <at>:<id>').transform((s) => {
  const [at, id] = s.split(':').map(Number)
  return { at: at ?? 0, id: id ?? 0 }
})

export const pageParamsSchema = z.object({
  limit: optional(z.coerce.number().int().min(1).max(500)),
  before: optional(cursorSchema),
})

/** A query without undefined entries (exactOptionalPropertyTypes-friendly). */
export function compactQuery<T extends Record<string, unknown>>(q: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}

/** Parses the filter out of a URL's search params (throws a ZodError on bad values). */
export function queryFromSearch(params: URLSearchParams): DecisionQueryInput {
  return decisionQuerySchema.parse(Object.fromEntries(QUERY_KEYS.map((k) => [k, params.get(k) ?? undefined])))
}

/** The filter as search params (only set fields). */
export function searchFromQuery(q: Partial<Record<keyof DecisionQueryInput, string | number | boolean | undefined>>): URLSearchParams {
  const out = new URLSearchParams()
  for (const k of QUERY_KEYS) {
    const v = q[k]
    if (v === true) out.set(k, '1')
    else if (v !== undefined && v !== '' && v !== false) out.set(k, String(v))
  }
  return out
}

export const decisionSummarySchema = z.object({
  id: z.number(),
  at: z.number(),
  kind: z.string(),
  verdict: z.enum(['allow', 'deny']),
  decidedBy: z.string().optional(),
  reason: z.string().optional(),
  component: z.string().optional(),
  action: z.string().optional(),
  sessionId: z.string().optional(),
  persona: z.string().optional(),
  connectionId: z.string().optional(),
  workspaceVersion: z.number().optional(),
  profile: z.string(),
  durationUs: z.number(),
  /** Decisions the row stands for: itself plus those folded into it (older servers: absent, 1). */
  repeatCount: z.number().int().positive().default(1),
  lastAt: z.number().optional(),
  /** The row counts distinct decisions over a connection's logging budget (listed in its detail). */
  overflow: z.literal(true).optional(),
  /** The upstream whose decision the recording proxy observed; absent for the studio's own server. */
  source: z.string().optional(),
  /** Observed decision the workspace predicts differently. */
  mismatch: z.literal(true).optional(),
})
export type DecisionSummaryView = z.infer<typeof decisionSummarySchema>

export const decisionPageSchema = z.object({
  rows: z.array(decisionSummarySchema),
  next: z.object({ at: z.number(), id: z.number() }).optional(),
  total: z.number().optional(),
})
export type DecisionPageView = z.infer<typeof decisionPageSchema>

/** Client-side check for rows arriving on the live stream (mirrors the SQL filter). */
export function matchesQuery(row: DecisionSummaryView, q: DecisionQueryInput): boolean {
  const eq = <T>(want: T | undefined, got: T | undefined) => want === undefined || want === got
  if (!eq(q.verdict, row.verdict) || !eq(q.kind, row.kind as DecisionQueryInput['kind']) || !eq(q.decidedBy, row.decidedBy)) return false
  if (!eq(q.component, row.component) || !eq(q.action, row.action) || !eq(q.persona, row.persona)) return false
  if (!eq(q.sessionId, row.sessionId) || !eq(q.workspaceVersion, row.workspaceVersion)) return false
  if (q.from !== undefined && row.at < q.from) return false
  if (q.to !== undefined && row.at >= q.to) return false
  if (q.source !== undefined && (row.source ?? 'studio') !== q.source) return false
  if (q.mismatch === true && row.mismatch !== true) return false
  if (q.text !== undefined && !(row.reason ?? '').toLowerCase().includes(q.text.toLowerCase())) return false
  return true
}

/** PUT /api/decisions/retention: null clears a limit. */
export const retentionSchema = z.strictObject({
  maxDays: z.number().positive().max(36_500).nullable().optional(),
  maxRows: z.number().int().positive().max(100_000_000).nullable().optional(),
})
export const retentionViewSchema = z.object({
  maxDays: z.number().optional(),
  maxRows: z.number().optional(),
  /** `default`: nothing was set, the studio's default applies. */
  source: z.enum(['default', 'set']),
  defaults: z.object({ maxDays: z.number(), maxRows: z.number() }),
  rows: z.number(),
  /** Decisions in the log, folded ones included. */
  decisions: z.number(),
})
export type RetentionView = z.infer<typeof retentionViewSchema>

export const MAX_IMPACT_WINDOW = 20_000

/** POST /api/impact: a draft (unsaved files or a saved version) and a window of logged decisions. */
export const impactRequestSchema = z.strictObject({
  draft: z.union([
    z.strictObject({ files: z.record(z.string().min(1).max(300), z.string().max(500_000)) }),
    z.strictObject({ version: z.number().int().positive() }),
  ]),
  window: z.union([
    z.strictObject({ last: z.number().int().min(1).max(MAX_IMPACT_WINDOW) }),
    z.strictObject({ from: z.number().int().nonnegative(), to: z.number().int().positive() }),
  ]).default({ last: 1000 }),
  maxFlips: z.number().int().min(0).max(5000).optional(),
  /** Replay only this traffic: 'studio' (the studio's own live server) or an upstream's name (observed through the recording proxy). */
  source: z.string().trim().min(1).max(40).optional(),
})
export type ImpactRequest = z.input<typeof impactRequestSchema>
