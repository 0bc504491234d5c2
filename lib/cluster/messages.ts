/**
 * What instances tell each other over the bus. Every message is JSON on one
 * channel per deployment, carries the sender's id (`origin`) and is checked
 * with these schemas on arrival: a message that does not parse is counted and
 * dropped, never half-applied.
 */
import { z } from 'zod'
import { instanceIdSchema } from './instance-id'

/** A live frame travels whole; the live socket's own limit is 4 MiB. */
const MAX_FRAME_CHARS = 5 * 1024 * 1024
const shortText = z.string().min(1).max(256)
const frame = z.string().min(2).max(MAX_FRAME_CHARS)
const json = z.record(z.string(), z.unknown())

/** A room's broadcast made on one instance, sent as is to the members held by the others. */
export const roomMessageSchema = z.object({
  kind: z.literal('room'),
  roomId: z.string().regex(/^[a-zA-Z0-9_:.-]{1,64}$/),
  /** The frame without the member's componentId (`{"type":"ROOM_EVENT",...}`); absent for a silent change. */
  frame: frame.optional(),
  /** The member that caused it and gets no copy. */
  exclude: shortText.optional(),
  /** A member joined or left on the sender. */
  member: z.object({ op: z.enum(['join', 'leave']), componentId: shortText }).optional(),
  /** A state change to apply to the room's state (deep-diff form). */
  diff: json.optional(),
})

/** A component's BROADCAST to a room: every instance delivers it to its own subscribers. */
export const broadcastMessageSchema = z.object({
  kind: z.literal('broadcast'),
  room: shortText,
  frame,
  excludeUser: shortText.optional(),
})

/** A decision as written to the log (lib/store/model/decision.ts DecisionRecord); extra fields pass through. */
export const decisionRecordSchema = z.looseObject({
  id: z.number().int(),
  at: z.number(),
  kind: z.string(),
  verdict: z.enum(['allow', 'deny']),
  profile: z.string(),
  durationUs: z.number(),
  repeatCount: z.number().int().nonnegative(),
  payloadDigest: z.string().nullable(),
  payloadJson: z.string().nullable(),
  payloadTruncated: z.boolean(),
})

export const decisionMessageSchema = z.object({ kind: z.literal('decision'), record: decisionRecordSchema })

/** A save, a restore, a settings change or a switch of the active workspace. */
export const workspaceMessageSchema = z.object({
  kind: z.literal('workspace'),
  workspaceId: z.string().min(1).max(200),
  version: z.number().int().nonnegative(),
})

/** "Sign out everywhere" raised the admin session epoch. */
export const adminEpochMessageSchema = z.object({ kind: z.literal('admin-epoch'), epoch: z.number().int().nonnegative() })

/** Live sockets per client address on the sender: the changed addresses, or all of them (`full`). */
export const connectionsMessageSchema = z.object({
  kind: z.literal('connections'),
  full: z.boolean(),
  counts: z.record(z.string().max(128), z.number().int().nonnegative()),
})

/** Sandbox milliseconds spent per client address on the sender since its last report. */
export const sandboxSpendMessageSchema = z.object({
  kind: z.literal('sandbox-spend'),
  spent: z.record(z.string().max(128), z.number().nonnegative()),
})

/** A wrong admin token from one client address (the sign-in throttle counts across instances). */
export const signInFailureMessageSchema = z.object({ kind: z.literal('sign-in-failure'), client: z.string().min(1).max(128), at: z.number() })

/** Whether the sender has pages on its decision stream (others publish their decisions only when someone listens). */
export const inspectorMessageSchema = z.object({ kind: z.literal('inspector'), listening: z.boolean() })

/** The recording proxy's upstreams changed (Settings): the others read them from the shared store again. */
export const upstreamsMessageSchema = z.object({ kind: z.literal('upstreams') })

/** A new or reconnected instance asks the others to send their snapshots again. */
export const syncMessageSchema = z.object({ kind: z.literal('sync') })

export const busBodySchema = z.discriminatedUnion('kind', [
  roomMessageSchema,
  broadcastMessageSchema,
  decisionMessageSchema,
  workspaceMessageSchema,
  adminEpochMessageSchema,
  connectionsMessageSchema,
  sandboxSpendMessageSchema,
  signInFailureMessageSchema,
  inspectorMessageSchema,
  upstreamsMessageSchema,
  syncMessageSchema,
])

export const busMessageSchema = z.intersection(busBodySchema, z.object({ origin: instanceIdSchema }))

export type BusBody = z.infer<typeof busBodySchema>
export type BusKind = BusBody['kind']
export type BusMessage = BusBody & { readonly origin: string }
export type BusMessageOf<K extends BusKind> = Extract<BusBody, { kind: K }> & { readonly origin: string }

/** One message on the wire. */
export function encodeBusMessage(origin: string, body: BusBody): string {
  return JSON.stringify({ ...body, origin })
}

export type DecodeResult = { readonly ok: true; readonly message: BusMessage } | { readonly ok: false; readonly error: string }

/** Parses and checks one message from the wire. */
export function decodeBusMessage(raw: string): DecodeResult {
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return { ok: false, error: 'not JSON' }
  }
  const parsed = busMessageSchema.safeParse(data)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    return { ok: false, error: `${first?.path.join('.') || '(message)'}: ${first?.message ?? 'invalid'}` }
  }
  return { ok: true, message: parsed.data as BusMessage }
}
