/**
 * Reads decision records as the inspector stream sends them (the decision log's
 * row shape) into trace entries. Tolerant: a record that does not fit is
 * dropped, never thrown on.
 */
import { z } from 'zod'
import { decisionSchema } from '@/lib/api/decide'
import type { TraceEntry } from './trace-format'

const recordSchema = z.object({
  id: z.union([z.number(), z.string()]),
  at: z.number(),
  kind: z.string(),
  verdict: z.enum(['allow', 'deny']),
  decidedBy: z.string().nullish(),
  reason: z.string().nullish(),
  component: z.string().nullish(),
  action: z.string().nullish(),
  persona: z.string().nullish(),
  sessionId: z.string().nullish(),
  payloadJson: z.string().nullish(),
  payloadTruncated: z.union([z.boolean(), z.number()]).nullish(),
  connectionId: z.string().nullish(),
  profile: z.string(),
  durationUs: z.number(),
  trace: z.unknown(),
  warnings: z.array(z.string()).nullish(),
  sessionFieldsRead: z.array(z.string()).nullish(),
})

/** A stream record with the connection it belongs to. */
export interface InspectorTrace {
  readonly connectionId: string | undefined
  readonly entry: TraceEntry
}

const some = <T,>(value: T | null | undefined): value is T => value !== null && value !== undefined

/** Parses one record (already JSON-decoded); undefined when it is not a decision record. */
export function parseInspectorRecord(raw: unknown): InspectorTrace | undefined {
  const record = recordSchema.safeParse(raw)
  if (!record.success) return undefined
  const r = record.data
  const decision = decisionSchema.safeParse({
    kind: r.kind,
    verdict: r.verdict,
    ...(some(r.reason) && { reason: r.reason }),
    ...(some(r.decidedBy) && { decidedBy: r.decidedBy }),
    profile: r.profile,
    trace: r.trace,
    durationUs: r.durationUs,
    sessionFieldsRead: r.sessionFieldsRead ?? [],
    warnings: r.warnings ?? [],
  })
  if (!decision.success) return undefined
  const meta = {
    ...(some(r.component) && { component: r.component }),
    ...(some(r.action) && { action: r.action }),
    ...(some(r.persona) && { persona: r.persona }),
    ...(some(r.sessionId) && { sessionId: r.sessionId }),
    ...(some(r.payloadJson) && !r.payloadTruncated && { payloadJson: r.payloadJson }),
  }
  return { connectionId: r.connectionId ?? undefined, entry: { key: `rec-${r.id}`, at: r.at, decision: decision.data, meta } }
}

/** Parses an SSE `data:` payload; undefined for heartbeats and non-JSON. */
export function parseInspectorData(data: string): InspectorTrace | undefined {
  try {
    return parseInspectorRecord(JSON.parse(data) as unknown)
  } catch {
    return undefined
  }
}
