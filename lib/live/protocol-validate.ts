/**
 * Client -> server message validation exactly as FluxStack Live does it
 * (protocol/validation.ts at fluxstack-live@d8538f75): the same checks in the
 * same order, so a malformed message gets the library's own error text. The
 * result is a typed message; fields the library drops are dropped here too.
 * Pure and browser-safe.
 */

export interface Envelope {
  readonly componentId?: string
  readonly requestId?: string
  readonly responseId?: string
  readonly expectResponse?: boolean
  readonly timestamp?: number
  readonly userId?: string
  readonly room?: string
}

export interface SignedStateShape {
  readonly data: string
  readonly signature: string
  readonly timestamp: number
  readonly version: number
  readonly componentId: string
  readonly nonce?: string
  readonly compressed?: boolean
  readonly encrypted?: boolean
}

type Json = Record<string, unknown>

export type ValidatedMessage =
  | (Envelope & { readonly type: 'AUTH'; readonly payload?: Json })
  | (Envelope & { readonly type: 'COMPONENT_MOUNT'; readonly payload: { readonly component: string; readonly props?: Json; readonly room?: string; readonly userId?: string; readonly debugLabel?: string } })
  | (Envelope & { readonly type: 'COMPONENT_UNMOUNT'; readonly componentId: string; readonly payload?: unknown })
  | (Envelope & { readonly type: 'COMPONENT_REHYDRATE'; readonly componentId: string; readonly payload: { readonly component: string; readonly signedState: SignedStateShape; readonly room?: string; readonly userId?: string } })
  | (Envelope & { readonly type: 'CALL_ACTION'; readonly componentId: string; readonly action: string; readonly payload?: unknown })
  | (Envelope & { readonly type: 'PROPERTY_UPDATE'; readonly componentId: string; readonly property: string; readonly payload: { readonly value: unknown } })
  | (Envelope & { readonly type: 'ROOM_JOIN'; readonly componentId: string; readonly roomId: string; readonly payload?: { readonly roomId?: string; readonly initialState?: unknown } })
  | (Envelope & { readonly type: 'ROOM_LEAVE' | 'ROOM_STATE_GET'; readonly componentId: string; readonly roomId: string; readonly payload?: { readonly roomId?: string } })
  | (Envelope & { readonly type: 'ROOM_EMIT'; readonly componentId: string; readonly roomId: string; readonly payload: { readonly roomId?: string; readonly event: string; readonly data?: unknown } })
  | (Envelope & { readonly type: 'ROOM_STATE_SET'; readonly componentId: string; readonly roomId: string; readonly payload: { readonly roomId?: string; readonly state: Json } })
  | (Envelope & { readonly type: 'FILE_UPLOAD_START' | 'FILE_UPLOAD_CHUNK' | 'FILE_UPLOAD_COMPLETE'; readonly payload?: unknown; readonly fields: Json })

export type ValidatedType = ValidatedMessage['type']
export type MessageOf<T extends ValidatedType> = Extract<ValidatedMessage, { type: T }>

export type ValidationResult =
  | { readonly ok: true; readonly message: ValidatedMessage }
  | { readonly ok: false; readonly reason: 'unknown-type'; readonly type: string; readonly envelope: Envelope }
  | { readonly ok: false; readonly reason: 'invalid'; readonly error: string; readonly envelope: Envelope }

export const CLIENT_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'COMPONENT_MOUNT', 'COMPONENT_UNMOUNT', 'COMPONENT_REHYDRATE', 'CALL_ACTION', 'PROPERTY_UPDATE', 'AUTH',
  'ROOM_JOIN', 'ROOM_LEAVE', 'ROOM_EMIT', 'ROOM_STATE_SET', 'ROOM_STATE_GET',
  'FILE_UPLOAD_START', 'FILE_UPLOAD_CHUNK', 'FILE_UPLOAD_COMPLETE',
])

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
const optString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string'
const optRecord = (v: unknown): v is Json | undefined => v === undefined || isRecord(v)

/** The signed-state shape a COMPONENT_REHYDRATE must carry (validation.ts isSignedState). */
export function isSignedState(value: unknown): value is SignedStateShape {
  return isRecord(value)
    && typeof value.data === 'string' && typeof value.signature === 'string'
    && typeof value.timestamp === 'number' && typeof value.version === 'number'
    && typeof value.componentId === 'string' && optString(value.nonce)
    && (value.compressed === undefined || typeof value.compressed === 'boolean')
    && (value.encrypted === undefined || typeof value.encrypted === 'boolean')
}

/** Only string ids, for answers to messages whose envelope is broken. */
function safeEnvelope(raw: Json): Envelope {
  return {
    ...(typeof raw.componentId === 'string' ? { componentId: raw.componentId } : {}),
    ...(typeof raw.requestId === 'string' ? { requestId: raw.requestId } : {}),
  }
}

function envelopeError(raw: Json): string | null {
  if (!optString(raw.componentId)) return 'componentId must be a string'
  if (!optString(raw.requestId)) return 'requestId must be a string'
  if (!optString(raw.responseId)) return 'responseId must be a string'
  if (raw.expectResponse !== undefined && typeof raw.expectResponse !== 'boolean') return 'expectResponse must be a boolean'
  if (raw.timestamp !== undefined && typeof raw.timestamp !== 'number') return 'timestamp must be a number'
  if (!optString(raw.userId)) return 'userId must be a string'
  if (!optString(raw.room)) return 'room must be a string'
  return null
}

function envelopeOf(raw: Json): Envelope {
  const out: Record<string, unknown> = {}
  for (const k of ['componentId', 'requestId', 'responseId', 'expectResponse', 'timestamp', 'userId', 'room'] as const) {
    if (raw[k] !== undefined) out[k] = raw[k]
  }
  return out as Envelope
}

type Parsed = ValidationResult
const invalid = (envelope: Envelope, error: string): Parsed => ({ ok: false, reason: 'invalid', error, envelope })
const ok = (message: unknown): Parsed => ({ ok: true, message: message as ValidatedMessage })
/** Drops keys whose value is undefined (JSON.stringify would, and so would the library's answers). */
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

function mount(envelope: Envelope, payload: unknown): Parsed {
  if (!isRecord(payload)) return invalid(envelope, 'COMPONENT_MOUNT requires payload')
  if (typeof payload.component !== 'string') return invalid(envelope, 'payload.component must be a string')
  if (!optRecord(payload.props)) return invalid(envelope, 'payload.props must be an object')
  if (!optString(payload.room)) return invalid(envelope, 'payload.room must be a string')
  if (!optString(payload.userId)) return invalid(envelope, 'payload.userId must be a string')
  if (!optString(payload.debugLabel)) return invalid(envelope, 'payload.debugLabel must be a string')
  const p = defined({ component: payload.component, props: payload.props, room: payload.room, userId: payload.userId, debugLabel: payload.debugLabel })
  return ok({ ...envelope, type: 'COMPONENT_MOUNT', payload: p })
}

function rehydrate(envelope: Envelope, payload: unknown): Parsed {
  if (typeof envelope.componentId !== 'string') return invalid(envelope, 'componentId is required')
  if (!isRecord(payload)) return invalid(envelope, 'COMPONENT_REHYDRATE requires payload')
  if (typeof payload.component !== 'string') return invalid(envelope, 'payload.component must be a string')
  if (!isSignedState(payload.signedState)) return invalid(envelope, 'payload.signedState is malformed')
  if (!optString(payload.room)) return invalid(envelope, 'payload.room must be a string')
  if (!optString(payload.userId)) return invalid(envelope, 'payload.userId must be a string')
  const p = defined({ component: payload.component, signedState: payload.signedState, room: payload.room, userId: payload.userId })
  return ok({ ...envelope, type: 'COMPONENT_REHYDRATE', payload: p })
}

function room(type: string, envelope: Envelope, raw: Json, payload: unknown): Parsed {
  if (typeof envelope.componentId !== 'string') return invalid(envelope, 'componentId is required')
  if (!optRecord(payload)) return invalid(envelope, 'room payload must be an object')
  const roomId = raw.roomId || payload?.roomId
  if (typeof roomId !== 'string' || roomId.length === 0) return invalid(envelope, 'roomId must be a non-empty string')
  if (!optString(payload?.roomId)) return invalid(envelope, 'payload.roomId must be a string')
  const base = { ...envelope, roomId }
  switch (type) {
    case 'ROOM_JOIN': return ok({ ...base, type, ...(payload ? { payload: defined({ roomId: payload.roomId, initialState: payload.initialState }) } : {}) })
    case 'ROOM_LEAVE':
    case 'ROOM_STATE_GET': return ok({ ...base, type, ...(payload ? { payload: defined({ roomId: payload.roomId }) } : {}) })
    case 'ROOM_EMIT':
      if (!payload || typeof payload.event !== 'string') return invalid(envelope, 'payload.event must be a string')
      return ok({ ...base, type, payload: defined({ roomId: payload.roomId, event: payload.event, data: payload.data }) })
    default:
      if (!payload || !isRecord(payload.state)) return invalid(envelope, 'payload.state must be an object')
      return ok({ ...base, type: 'ROOM_STATE_SET', payload: defined({ roomId: payload.roomId, state: payload.state }) })
  }
}

function upload(type: string, envelope: Envelope, raw: Json, payload: unknown): Parsed {
  const fields: Json = {}
  // As the library's rest spread: a `__proto__` field stays an own, ordinary field.
  for (const [k, v] of Object.entries(raw)) {
    if (k !== 'type' && k !== 'componentId' && k !== 'requestId') Object.defineProperty(fields, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return ok({ ...envelope, type, payload, fields })
}

/**
 * Validates one parsed client message.
 * @example parseClientMessage({ type: 'CALL_ACTION', componentId: 5 }) // invalid: 'componentId must be a string'
 */
export function parseClientMessage(raw: unknown): ValidationResult {
  if (!isRecord(raw)) return invalid({}, 'expected object')
  if (typeof raw.type !== 'string') return invalid(safeEnvelope(raw), 'missing type')
  const bad = envelopeError(raw)
  if (bad !== null) return invalid(safeEnvelope(raw), bad)
  const envelope = envelopeOf(raw)
  if (!CLIENT_MESSAGE_TYPES.has(raw.type)) return { ok: false, reason: 'unknown-type', type: raw.type, envelope }
  const payload = raw.payload
  switch (raw.type) {
    case 'COMPONENT_MOUNT': return mount(envelope, payload)
    case 'COMPONENT_UNMOUNT':
      if (typeof envelope.componentId !== 'string') return invalid(envelope, 'componentId is required')
      return ok({ ...envelope, type: raw.type, ...(payload !== undefined ? { payload } : {}) })
    case 'COMPONENT_REHYDRATE': return rehydrate(envelope, payload)
    case 'CALL_ACTION':
      if (typeof envelope.componentId !== 'string') return invalid(envelope, 'componentId is required')
      if (typeof raw.action !== 'string') return invalid(envelope, 'action must be a string')
      return ok({ ...envelope, type: raw.type, action: raw.action, ...(payload !== undefined ? { payload } : {}) })
    case 'PROPERTY_UPDATE':
      if (typeof envelope.componentId !== 'string') return invalid(envelope, 'componentId is required')
      if (typeof raw.property !== 'string') return invalid(envelope, 'property must be a string')
      if (!isRecord(payload)) return invalid(envelope, 'PROPERTY_UPDATE requires payload.value')
      return ok({ ...envelope, type: raw.type, property: raw.property, payload: { value: payload.value } })
    case 'AUTH':
      if (!optRecord(payload)) return invalid(envelope, 'AUTH payload must be an object')
      return ok({ ...envelope, type: raw.type, ...(payload !== undefined ? { payload } : {}) })
    case 'ROOM_JOIN': case 'ROOM_LEAVE': case 'ROOM_EMIT': case 'ROOM_STATE_SET': case 'ROOM_STATE_GET':
      return room(raw.type, envelope, raw, payload)
    default:
      return upload(raw.type, envelope, raw, payload)
  }
}
