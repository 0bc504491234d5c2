/**
 * Frame parsing for both directions. A text frame holds one JSON message or a
 * JSON array of them; each message gets its own result so one bad message in
 * a batch is answered alone while the others proceed. Never throws.
 * Only `JSON.parse` and zod touch the input: nothing is merged or assigned
 * onto existing objects, so a `__proto__` key cannot pollute a prototype.
 */
import type { z } from 'zod'
import { nestedDeeperThan } from '../json/nesting'
import { clientMessageSchemas, isClientMessageType, type ClientMessage } from './protocol-client'
import { DEFAULT_FRAME_LIMITS, MAX_ID_CHARS, type FrameLimits } from './protocol-fields'
import { isServerMessageType, serverMessageSchemas, type ServerMessage } from './protocol-server'

/** Exact error texts of frame and message failures (tests assert them). */
export const PARSE_ERRORS = {
  tooLarge: 'Message too large',
  invalidJson: 'Invalid JSON',
  emptyBatch: 'Empty batch',
  unknownType: 'Unknown message type',
  notObject: 'Invalid message: expected an object',
} as const

/** `Invalid message: nested deeper than N levels`. */
export function tooDeepError(max: number): string {
  return `Invalid message: nested deeper than ${max} levels`
}

/** `Batch too large (max N messages)`. */
export function batchTooLargeError(max: number): string {
  return `Batch too large (max ${max} messages)`
}

/** One message that could not be accepted, with what may be echoed back. */
export interface MessageFailure {
  readonly ok: false
  /** `unknown-type` is answered as MESSAGE_RESPONSE, `invalid` as ERROR. */
  readonly kind: 'invalid' | 'unknown-type'
  readonly error: string
  readonly type?: string
  readonly requestId?: string
  readonly componentId?: string
}

export type MessageResult<M> = { readonly ok: true; readonly message: M } | MessageFailure

/** Result of parsing one frame; `batched` says whether it was a JSON array. */
export type FrameResult<M> =
  | { readonly ok: true; readonly batched: boolean; readonly messages: readonly MessageResult<M>[] }
  | { readonly ok: false; readonly error: string; readonly requestId?: string }

export type ClientFrameResult = FrameResult<ClientMessage>
export type ServerFrameResult = FrameResult<ServerMessage>

/** Server frames may be batched generously per tick; still bounded. */
export const DEFAULT_SERVER_FRAME_LIMITS: FrameLimits = { maxBatch: 4096, maxFrameChars: 8 * 1024 * 1024 }

type SchemaTable = Readonly<Record<string, z.ZodType>>

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// Only echo ids that are short printable strings; anything else is dropped.
function echoable(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_CHARS) return undefined
  return /^[^\u0000-\u001f\u007f]*$/.test(value) ? value : undefined
}

function failure(kind: MessageFailure['kind'], error: string, raw: Record<string, unknown>): MessageFailure {
  const requestId = echoable(raw.requestId)
  const componentId = echoable(raw.componentId)
  const type = typeof raw.type === 'string' ? raw.type.slice(0, MAX_ID_CHARS) : undefined
  return {
    ok: false,
    kind,
    error,
    ...(type !== undefined && { type }),
    ...(requestId !== undefined && { requestId }),
    ...(componentId !== undefined && { componentId }),
  }
}

/** `payload.component must be a string` from the first zod issue. */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'is invalid'
  const path = issue.path.map(String).join('.')
  return path === '' ? issue.message : `${path} ${issue.message}`
}

function parseMessage<M>(raw: unknown, schemas: SchemaTable, known: (t: string) => boolean, maxNesting: number | undefined): MessageResult<M> {
  if (!isRecord(raw)) return { ok: false, kind: 'invalid', error: PARSE_ERRORS.notObject }
  if (maxNesting !== undefined && nestedDeeperThan(raw, maxNesting)) return failure('invalid', tooDeepError(maxNesting), raw)
  if (typeof raw.type !== 'string') {
    const what = raw.type === undefined ? 'type is required' : 'type must be a string'
    return failure('invalid', `Invalid message: ${what}`, raw)
  }
  const schema = known(raw.type) ? schemas[raw.type] : undefined
  if (schema === undefined) return failure('unknown-type', PARSE_ERRORS.unknownType, raw)
  const parsed = schema.safeParse(raw)
  if (!parsed.success) return failure('invalid', `Invalid message: ${describeIssue(parsed.error.issues[0])}`, raw)
  return { ok: true, message: parsed.data as M }
}

function parseFrame<M>(
  text: string,
  limits: FrameLimits,
  schemas: SchemaTable,
  known: (t: string) => boolean,
): FrameResult<M> {
  if (text.length > limits.maxFrameChars) return { ok: false, error: PARSE_ERRORS.tooLarge }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, error: PARSE_ERRORS.invalidJson }
  }
  if (!Array.isArray(raw)) return { ok: true, batched: false, messages: [parseMessage<M>(raw, schemas, known, limits.maxNesting)] }
  if (raw.length === 0) return { ok: false, error: PARSE_ERRORS.emptyBatch }
  if (raw.length > limits.maxBatch) return { ok: false, error: batchTooLargeError(limits.maxBatch) }
  return { ok: true, batched: true, messages: raw.map((item: unknown) => parseMessage<M>(item, schemas, known, limits.maxNesting)) }
}

/**
 * Parse one client -> server text frame.
 * @example
 * const frame = parseClientFrame('{"type":"PING"}')
 * // { ok: true, batched: false, messages: [{ ok: true, message: { type: 'PING' } }] }
 */
export function parseClientFrame(text: string, limits: FrameLimits = DEFAULT_FRAME_LIMITS): ClientFrameResult {
  return parseFrame<ClientMessage>(text, limits, clientMessageSchemas, isClientMessageType)
}

/** Parse one server -> client text frame (one message or a batch). */
export function parseServerFrame(
  text: string,
  limits: FrameLimits = DEFAULT_SERVER_FRAME_LIMITS,
): ServerFrameResult {
  return parseFrame<ServerMessage>(text, limits, serverMessageSchemas, isServerMessageType)
}
