/**
 * Builders for server answers, so the server never hand-writes a shape.
 * Optional ids are omitted rather than sent as `undefined`.
 */
import { PARSE_ERRORS, type MessageFailure } from './protocol-parse'
import type {
  ActionResponseMessage,
  AuthResponseMessage,
  BroadcastMessage,
  ComponentErrorMessage,
  ConnectionEstablishedMessage,
  MessageResponseMessage,
  ProtocolErrorMessage,
  RoomEventMessage,
  RoomJoinedMessage,
  RoomLeftMessage,
  RoomStateMessage,
  ServerMessage,
  StateDeltaMessage,
  StateUpdateMessage,
} from './protocol-server'

type Json = Record<string, unknown>

/** Prefix of every auth denial (`AUTH_DENIED: <reason>`). */
export const AUTH_DENIED_PREFIX = 'AUTH_DENIED'
/** Error text of a failed AUTH (never says why, never echoes the token). */
export const AUTH_FAILED_ERROR = 'Authentication failed'

/** `AUTH_DENIED: <reason>`. */
export function authDenied(reason: string): string {
  return `${AUTH_DENIED_PREFIX}: ${reason}`
}

/** True when an error text is an auth denial. */
export function isAuthDenied(error: string | undefined): boolean {
  return error !== undefined && error.startsWith(AUTH_DENIED_PREFIX)
}

/** `COMPONENT_REHYDRATION_REQUIRED:<id>`: unknown id and foreign id answer the same. */
export function rehydrationRequired(componentId: string): string {
  return `COMPONENT_REHYDRATION_REQUIRED:${componentId}`
}

const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>)

export function connectionEstablished(connectionId: string): ConnectionEstablishedMessage {
  return { type: 'CONNECTION_ESTABLISHED', connectionId }
}

/** AUTH answer; a failure is always the fixed `Authentication failed`. */
export function authResponse(
  outcome: { authenticated: true; session: Json } | { authenticated: false },
  requestId?: string,
): AuthResponseMessage {
  const payload = outcome.authenticated
    ? { authenticated: true, session: outcome.session }
    : { authenticated: false, error: AUTH_FAILED_ERROR }
  return { type: 'AUTH_RESPONSE', success: outcome.authenticated, payload, ...opt('requestId', requestId) }
}

/** The answer fields shared by MESSAGE_RESPONSE and ACTION_RESPONSE. */
export interface AnswerFields {
  readonly componentId?: string
  readonly success: boolean
  readonly result?: unknown
  readonly error?: string
  readonly requestId?: string
}

function answerFields(fields: AnswerFields) {
  return {
    success: fields.success,
    ...opt('componentId', fields.componentId),
    ...opt('result', fields.result),
    ...opt('error', fields.error),
    ...opt('requestId', fields.requestId),
  }
}

export function messageResponse(fields: AnswerFields): MessageResponseMessage {
  return { type: 'MESSAGE_RESPONSE', ...answerFields(fields) }
}

export function actionResponse(fields: AnswerFields): ActionResponseMessage {
  return { type: 'ACTION_RESPONSE', ...answerFields(fields) }
}

/** A mount's successful answer: `result` is `{componentId, initialState}`. */
export function mountSucceeded(componentId: string, initialState: Json, requestId?: string): MessageResponseMessage {
  return messageResponse({ componentId, success: true, result: { componentId, initialState }, requestId })
}

export function stateUpdate(componentId: string, state: Json): StateUpdateMessage {
  return { type: 'STATE_UPDATE', componentId, payload: { state } }
}

export function stateDelta(componentId: string, delta: Json): StateDeltaMessage {
  return { type: 'STATE_DELTA', componentId, payload: { delta } }
}

export function componentError(componentId: string, action: string, error: string): ComponentErrorMessage {
  return { type: 'ERROR', componentId, payload: { action, error } }
}

export function protocolError(error: string, requestId?: string, componentId?: string): ProtocolErrorMessage {
  return { type: 'ERROR', error, ...opt('requestId', requestId), ...opt('componentId', componentId) }
}

/** The exact `Unknown message type` answer of the spec, echoing ids when known. */
export function unknownMessageType(requestId?: string, componentId?: string): MessageResponseMessage {
  return messageResponse({ success: false, error: PARSE_ERRORS.unknownType, requestId, componentId })
}

/** The answer owed to a message that failed parsing. */
export function answerForFailure(failure: MessageFailure): ServerMessage {
  return failure.kind === 'unknown-type'
    ? unknownMessageType(failure.requestId, failure.componentId)
    : protocolError(failure.error, failure.requestId, failure.componentId)
}

export function roomJoined(componentId: string, roomId: string, state: unknown, requestId?: string): RoomJoinedMessage {
  return { type: 'ROOM_JOINED', componentId, payload: { roomId, state }, ...opt('requestId', requestId) }
}

export function roomLeft(componentId: string, roomId: string, requestId?: string): RoomLeftMessage {
  return { type: 'ROOM_LEFT', componentId, payload: { roomId }, ...opt('requestId', requestId) }
}

export function roomState(componentId: string, roomId: string, state: unknown, requestId?: string): RoomStateMessage {
  return { type: 'ROOM_STATE', componentId, payload: { roomId, state }, ...opt('requestId', requestId) }
}

export function roomEvent(componentId: string, roomId: string, event: string, data: unknown): RoomEventMessage {
  return { type: 'ROOM_EVENT', componentId, roomId, event, data }
}

export function broadcast(componentId: string, type: string, data: unknown, room?: string): BroadcastMessage {
  return { type: 'BROADCAST', componentId, payload: { type, data }, ...opt('room', room) }
}

/** One message as itself, several as a JSON array (a per-tick batch). */
export function encodeFrame(messages: readonly ServerMessage[]): string {
  return JSON.stringify(messages.length === 1 ? messages[0] : messages)
}
