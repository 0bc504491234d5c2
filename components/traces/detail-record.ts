/**
 * GET /api/decisions/:id as the side panel reads it (zod): the decision with its
 * trace, auth snapshot and payload. Unknown fields pass through (the trace reader
 * takes the same object).
 */
import { z } from 'zod'

const foldedVariantsSchema = z.object({
  variants: z.array(z.object({ component: z.string().optional(), action: z.string().optional(), reason: z.string().optional(), count: z.number() })),
  others: z.number(),
})

/** What the recording proxy saw an upstream answer, next to the workspace's prediction (lib/store/model/decision ObservedAnswer). */
export const observedSchema = z.object({
  answer: z.union([
    z.object({ ok: z.literal(true), inferred: z.literal(true).optional() }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]),
  predicted: z.object({
    verdict: z.enum(['allow', 'deny']),
    reason: z.string().optional(),
    decidedBy: z.string().optional(),
    wireText: z.string().optional(),
  }),
  agreement: z.enum(['agree', 'disagree', 'inconclusive']),
  note: z.string(),
})
export type Observed = z.infer<typeof observedSchema>

export const detailRecordSchema = z.looseObject({
  id: z.number(),
  at: z.number(),
  kind: z.string(),
  verdict: z.enum(['allow', 'deny']),
  decidedBy: z.string().optional(),
  reason: z.string().optional(),
  component: z.string().optional(),
  action: z.string().optional(),
  persona: z.string().optional(),
  sessionId: z.string().optional(),
  connectionId: z.string().optional(),
  workspaceVersion: z.number().optional(),
  profile: z.string(),
  repeatCount: z.number().int().positive().default(1),
  lastAt: z.number().optional(),
  foldedVariants: foldedVariantsSchema.optional(),
  auth: z.unknown(),
  trace: z.unknown(),
  payloadDigest: z.string().nullable().default(null),
  payloadJson: z.string().nullable().default(null),
  payloadTruncated: z.boolean().default(false),
  /** The upstream the decision was observed on; absent for the studio's own live server. */
  source: z.string().optional(),
  mismatch: z.boolean().optional(),
  /** An unreadable comparison is left out rather than hiding the rest of the decision. */
  observed: observedSchema.optional().catch(undefined),
})
export type DetailRecord = z.infer<typeof detailRecordSchema>

export const detailResponseSchema = z.object({ decision: detailRecordSchema })

/** The server's message from an error body, when it has one. */
export const errorBodySchema = z.object({ message: z.string() })
