/**
 * Client -> server message schemas (live-protocol.md, "Client -> server").
 * Shape only: auth, ownership and allowlists are the server's business.
 * Objects are loose because the real `@fluxstack/live` client sends extras
 * (timestamp, a provisional componentId on mount...).
 */
import { z } from 'zod'
import {
  MAX_LABEL_CHARS,
  MAX_TOKEN_CHARS,
  cappedString,
  envelopeShape,
  idField,
  jsonObject,
  looseShape,
  nameField,
  numberField,
} from './protocol-fields'

/** AUTH credentials: provider-specific fields pass through untouched. */
export const authPayloadSchema = looseShape({
  token: cappedString(MAX_TOKEN_CHARS).optional(),
  provider: nameField.optional(),
  publicKey: cappedString(MAX_TOKEN_CHARS).optional(),
  signature: cappedString(MAX_TOKEN_CHARS).optional(),
  timestamp: numberField.optional(),
  nonce: cappedString(MAX_LABEL_CHARS).optional(),
})

export const authMessageSchema = looseShape({
  ...envelopeShape,
  type: z.literal('AUTH'),
  componentId: idField.optional(),
  // An AUTH without payload is a logout (anonymous), so payload is optional.
  payload: authPayloadSchema.optional(),
})

export const componentMountMessageSchema = looseShape({
  ...envelopeShape,
  type: z.literal('COMPONENT_MOUNT'),
  // The real client sends a provisional `mount-<Name>` id; it is ignored.
  componentId: idField.optional(),
  payload: looseShape({
    component: nameField,
    props: jsonObject.optional(),
    room: idField.optional(),
    // Never trusted by the server (spec); accepted for compatibility.
    userId: cappedString(MAX_LABEL_CHARS).optional(),
    debugLabel: cappedString(MAX_LABEL_CHARS).optional(),
  }),
})

export const componentUnmountMessageSchema = looseShape({
  ...envelopeShape,
  type: z.literal('COMPONENT_UNMOUNT'),
  componentId: idField,
})

export const callActionMessageSchema = looseShape({
  ...envelopeShape,
  type: z.literal('CALL_ACTION'),
  componentId: idField,
  action: nameField,
  // The action's own argument: free-form JSON, validated by the component.
  payload: z.unknown().optional(),
})

export const propertyUpdateMessageSchema = looseShape({
  ...envelopeShape,
  type: z.literal('PROPERTY_UPDATE'),
  componentId: idField,
  // '__proto__' & co. are refused by the server's allowlist, not here.
  property: nameField,
  payload: looseShape({ value: z.unknown() }),
})

/** roomId may sit at the top level or in payload.roomId (both exist in the wild). */
function withRoomId<T extends { roomId?: string | undefined; payload?: { roomId?: string | undefined } | undefined }>(
  message: T,
  ctx: z.RefinementCtx<T>,
): T & { roomId: string } {
  const roomId = message.roomId ?? message.payload?.roomId
  if (roomId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['roomId'], message: 'is required' })
    return z.NEVER
  }
  return { ...message, roomId }
}

const roomBase = { ...envelopeShape, componentId: idField, roomId: idField.optional() }

export const roomJoinMessageSchema = looseShape({
  ...roomBase,
  type: z.literal('ROOM_JOIN'),
  payload: looseShape({ roomId: idField.optional(), initialState: jsonObject.optional() }).optional(),
}).transform(withRoomId)

export const roomLeaveMessageSchema = looseShape({
  ...roomBase,
  type: z.literal('ROOM_LEAVE'),
  payload: looseShape({ roomId: idField.optional() }).optional(),
}).transform(withRoomId)

export const roomStateGetMessageSchema = looseShape({
  ...roomBase,
  type: z.literal('ROOM_STATE_GET'),
  payload: looseShape({ roomId: idField.optional() }).optional(),
}).transform(withRoomId)

export const roomEmitMessageSchema = looseShape({
  ...roomBase,
  type: z.literal('ROOM_EMIT'),
  payload: looseShape({ roomId: idField.optional(), event: nameField, data: z.unknown().optional() }),
}).transform(withRoomId)

export const roomStateSetMessageSchema = looseShape({
  ...roomBase,
  type: z.literal('ROOM_STATE_SET'),
  payload: looseShape({ roomId: idField.optional(), state: jsonObject }),
}).transform(withRoomId)

/** Heartbeat; the server ignores it silently. */
export const pingMessageSchema = looseShape({ ...envelopeShape, type: z.literal('PING') })

/** Schema per client message type; the keys are the known client types. */
export const clientMessageSchemas = {
  AUTH: authMessageSchema,
  COMPONENT_MOUNT: componentMountMessageSchema,
  COMPONENT_UNMOUNT: componentUnmountMessageSchema,
  CALL_ACTION: callActionMessageSchema,
  PROPERTY_UPDATE: propertyUpdateMessageSchema,
  ROOM_JOIN: roomJoinMessageSchema,
  ROOM_LEAVE: roomLeaveMessageSchema,
  ROOM_STATE_GET: roomStateGetMessageSchema,
  ROOM_EMIT: roomEmitMessageSchema,
  ROOM_STATE_SET: roomStateSetMessageSchema,
  PING: pingMessageSchema,
} as const

export type ClientMessageType = keyof typeof clientMessageSchemas
export type AuthPayload = z.output<typeof authPayloadSchema>
export type AuthMessage = z.output<typeof authMessageSchema>
export type ComponentMountMessage = z.output<typeof componentMountMessageSchema>
export type ComponentUnmountMessage = z.output<typeof componentUnmountMessageSchema>
export type CallActionMessage = z.output<typeof callActionMessageSchema>
export type PropertyUpdateMessage = z.output<typeof propertyUpdateMessageSchema>
export type RoomJoinMessage = z.output<typeof roomJoinMessageSchema>
export type RoomLeaveMessage = z.output<typeof roomLeaveMessageSchema>
export type RoomStateGetMessage = z.output<typeof roomStateGetMessageSchema>
export type RoomEmitMessage = z.output<typeof roomEmitMessageSchema>
export type RoomStateSetMessage = z.output<typeof roomStateSetMessageSchema>
export type PingMessage = z.output<typeof pingMessageSchema>

/** Any validated client -> server message, discriminated by `type`. */
export type ClientMessage = {
  [K in ClientMessageType]: z.output<(typeof clientMessageSchemas)[K]>
}[ClientMessageType]

/** What a client may hand to `send` (before validation): the input side of the schemas. */
export type OutgoingClientMessage = {
  [K in ClientMessageType]: z.input<(typeof clientMessageSchemas)[K]>
}[ClientMessageType]

/** True when `type` names a client -> server message. */
export function isClientMessageType(type: string): type is ClientMessageType {
  return Object.hasOwn(clientMessageSchemas, type)
}
