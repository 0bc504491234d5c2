/**
 * Server -> client message schemas (live-protocol.md, "Server -> client").
 * Loose, because servers add `timestamp`, `originalType`, `responseId`...;
 * the browser client parses with these to stay robust against any server.
 */
import { z } from 'zod'
import { booleanField, cappedString, idField, jsonObject, looseShape, nameField, numberField } from './protocol-fields'

const text = cappedString(64 * 1024)
const common = { requestId: idField.optional(), timestamp: numberField.optional() }

export const connectionEstablishedSchema = looseShape({
  ...common,
  type: z.literal('CONNECTION_ESTABLISHED'),
  connectionId: idField,
  authenticated: booleanField.optional(),
})

/** `payload.authenticated` is optional: some servers only send `success`. */
export const authResponseSchema = looseShape({
  ...common,
  type: z.literal('AUTH_RESPONSE'),
  success: booleanField,
  payload: looseShape({
    authenticated: booleanField.optional(),
    session: jsonObject.nullable().optional(),
    error: text.optional(),
  }).optional(),
})

const answerShape = {
  ...common,
  componentId: idField.optional(),
  success: booleanField,
  result: z.unknown().optional(),
  error: text.optional(),
  originalType: nameField.optional(),
}

export const messageResponseSchema = looseShape({ ...answerShape, type: z.literal('MESSAGE_RESPONSE') })
export const actionResponseSchema = looseShape({ ...answerShape, type: z.literal('ACTION_RESPONSE') })

/** A mount's `result` inside its MESSAGE_RESPONSE. */
export const mountResultSchema = looseShape({ componentId: idField, initialState: jsonObject.optional() })

export const stateUpdateSchema = looseShape({
  ...common,
  type: z.literal('STATE_UPDATE'),
  componentId: idField,
  payload: looseShape({ state: jsonObject }),
})

export const stateDeltaSchema = looseShape({
  ...common,
  type: z.literal('STATE_DELTA'),
  componentId: idField,
  payload: looseShape({ delta: jsonObject }),
})

/** `{type:'ERROR', componentId, payload:{action, error}}`: an action failed. */
export const componentErrorSchema = looseShape({
  ...common,
  type: z.literal('ERROR'),
  componentId: idField,
  payload: looseShape({ action: nameField.optional(), error: text }),
})

/** `{type:'ERROR', error, requestId?}`: the frame or message was refused. */
export const protocolErrorSchema = looseShape({
  ...common,
  type: z.literal('ERROR'),
  componentId: idField.optional(),
  error: text,
})

export const errorMessageSchema = z.union([componentErrorSchema, protocolErrorSchema])

const roomPayload = looseShape({ roomId: idField, state: z.unknown().optional() })

export const roomJoinedSchema = looseShape({
  ...common,
  type: z.literal('ROOM_JOINED'),
  componentId: idField,
  payload: roomPayload,
})

export const roomLeftSchema = looseShape({
  ...common,
  type: z.literal('ROOM_LEFT'),
  componentId: idField,
  payload: looseShape({ roomId: idField }),
})

// Servers also push ROOM_STATE on changes with the room at the top level.
export const roomStateSchema = looseShape({
  ...common,
  type: z.literal('ROOM_STATE'),
  componentId: idField.optional(),
  roomId: idField.optional(),
  payload: roomPayload.partial().optional(),
})

export const roomEventSchema = looseShape({
  ...common,
  type: z.literal('ROOM_EVENT'),
  componentId: idField.optional(),
  roomId: idField,
  event: nameField,
  data: z.unknown().optional(),
})

export const broadcastSchema = looseShape({
  ...common,
  type: z.literal('BROADCAST'),
  componentId: idField.optional(),
  payload: looseShape({ type: nameField, data: z.unknown().optional() }),
  room: idField.optional(),
})

/** Schema per server message type. */
export const serverMessageSchemas = {
  CONNECTION_ESTABLISHED: connectionEstablishedSchema,
  AUTH_RESPONSE: authResponseSchema,
  MESSAGE_RESPONSE: messageResponseSchema,
  ACTION_RESPONSE: actionResponseSchema,
  STATE_UPDATE: stateUpdateSchema,
  STATE_DELTA: stateDeltaSchema,
  ERROR: errorMessageSchema,
  ROOM_JOINED: roomJoinedSchema,
  ROOM_LEFT: roomLeftSchema,
  ROOM_STATE: roomStateSchema,
  ROOM_EVENT: roomEventSchema,
  BROADCAST: broadcastSchema,
} as const

export type ServerMessageType = keyof typeof serverMessageSchemas
export type ConnectionEstablishedMessage = z.output<typeof connectionEstablishedSchema>
export type AuthResponseMessage = z.output<typeof authResponseSchema>
export type MessageResponseMessage = z.output<typeof messageResponseSchema>
export type ActionResponseMessage = z.output<typeof actionResponseSchema>
export type MountResult = z.output<typeof mountResultSchema>
export type StateUpdateMessage = z.output<typeof stateUpdateSchema>
export type StateDeltaMessage = z.output<typeof stateDeltaSchema>
export type ComponentErrorMessage = z.output<typeof componentErrorSchema>
export type ProtocolErrorMessage = z.output<typeof protocolErrorSchema>
export type ErrorMessage = z.output<typeof errorMessageSchema>
export type RoomJoinedMessage = z.output<typeof roomJoinedSchema>
export type RoomLeftMessage = z.output<typeof roomLeftSchema>
export type RoomStateMessage = z.output<typeof roomStateSchema>
export type RoomEventMessage = z.output<typeof roomEventSchema>
export type BroadcastMessage = z.output<typeof broadcastSchema>

/** Any validated server -> client message, discriminated by `type`. */
export type ServerMessage = {
  [K in ServerMessageType]: z.output<(typeof serverMessageSchemas)[K]>
}[ServerMessageType]

/** True when `type` names a server -> client message. */
export function isServerMessageType(type: string): type is ServerMessageType {
  return Object.hasOwn(serverMessageSchemas, type)
}

/** Tell the component form of ERROR (`payload.error`) from the protocol form. */
export function isComponentError(message: ErrorMessage): message is ComponentErrorMessage {
  return componentErrorSchema.safeParse(message).success
}

/** The error text of either ERROR form. */
export function errorTextOf(message: ErrorMessage): string {
  return isComponentError(message) ? message.payload.error : (message as ProtocolErrorMessage).error
}
