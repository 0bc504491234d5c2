/**
 * Field schemas and limits shared by the client and server message schemas.
 * Error texts are fixed strings that never echo the input (a token must
 * never reach an error message).
 */
import { z } from 'zod'
import { MAX_NESTING } from '../json/nesting'

/** Protocol version spoken (FluxStack Live wire protocol v1). */
export const PROTOCOL_VERSION = 1

/** Default WebSocket path of a FluxStack Live server. */
export const DEFAULT_WS_PATH = '/api/live/ws'

/** Limits applied while parsing; the server may pass tighter ones. */
export interface FrameLimits {
  /** Most messages accepted in one JSON array frame. */
  readonly maxBatch: number
  /** Longest accepted frame text, in UTF-16 code units. */
  readonly maxFrameChars: number
  /** Deepest nesting accepted in one message (unbounded when absent). */
  readonly maxNesting?: number
}

/** 32 messages per batch, 64 KiB per frame (security.md: ws maxPayload 64 KiB), 64 levels of nesting. */
export const DEFAULT_FRAME_LIMITS: FrameLimits = { maxBatch: 32, maxFrameChars: 64 * 1024, maxNesting: MAX_NESTING }

/** Component, action, property, event names. */
export const MAX_NAME_CHARS = 128
/** componentId, requestId, roomId, connectionId. */
export const MAX_ID_CHARS = 128
/** Free-text labels (debugLabel, userId hints). */
export const MAX_LABEL_CHARS = 256
/** A token larger than this is refused before any verifier sees it (security.md). */
export const MAX_TOKEN_CHARS = 16 * 1024

// C0 controls and DEL make ids and names unreadable in logs and traces.
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/

function typeError(expected: string) {
  return (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${expected}`
}

/** A required, bounded, printable string (names and ids). */
export function boundedString(max: number): z.ZodString {
  return z
    .string({ error: typeError('a string') })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(NO_CONTROL_CHARS, { error: 'must not contain control characters' })
}

/** Any string up to `max` characters (empty allowed). */
export function cappedString(max: number): z.ZodString {
  return z
    .string({ error: typeError('a string') })
    .max(max, { error: `must be at most ${max} characters` })
}

export const nameField = boundedString(MAX_NAME_CHARS)
export const idField = boundedString(MAX_ID_CHARS)

/** A JSON object (not null, not an array); values are checked by the server. */
export const jsonObject = z.record(z.string(), z.unknown(), { error: typeError('an object') })

/** `z.looseObject` with the house error text. */
export function looseShape<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape, { error: typeError('an object') })
}

export const booleanField = z.boolean({ error: typeError('a boolean') })
export const numberField = z.number({ error: typeError('a number') })

/** Envelope fields every client message may carry (the real client adds some). */
export const envelopeShape = {
  requestId: idField.optional(),
  responseId: idField.optional(),
  expectResponse: booleanField.optional(),
  timestamp: numberField.optional(),
  userId: cappedString(MAX_LABEL_CHARS).optional(),
  room: idField.optional(),
}
