import { decideRoomJoin, snapshotOf } from '../../auth'
import {
  authDenied, messageResponse, protocolError, rehydrationRequired, roomEvent, roomJoined, roomLeft, roomState,
  type RoomEmitMessage, type RoomJoinMessage, type RoomLeaveMessage, type RoomStateGetMessage, type RoomStateSetMessage,
} from '../protocol'
import type { LiveConnection, MountedComponent } from './connection'
import { recordDecision, type LiveContext } from './live-context'

type RoomMessage = RoomJoinMessage | RoomLeaveMessage | RoomStateGetMessage | RoomEmitMessage | RoomStateSetMessage

/** The caller's own component, or an answer that it has none under that id. */
function owned(conn: LiveConnection, message: RoomMessage): MountedComponent | undefined {
  const mounted = conn.components.get(message.componentId)
  if (!mounted) conn.send(messageResponse({ componentId: message.componentId, success: false, error: rehydrationRequired(message.componentId), requestId: message.requestId }))
  return mounted
}

function notMember(conn: LiveConnection, message: RoomMessage): void {
  conn.send(protocolError(`Not a member of room '${message.roomId}': join it first`, message.requestId, message.componentId))
}

/** ROOM_JOIN: the default provider's authorizeRoom (only when a provider is registered). */
export async function handleRoomJoin(ctx: LiveContext, conn: LiveConnection, message: RoomJoinMessage): Promise<void> {
  const mounted = owned(conn, message)
  if (!mounted) return
  const { roomId, requestId, componentId } = message
  if (!conn.rooms.has(roomId) && conn.rooms.size >= ctx.limits.maxRoomsPerConnection) {
    return void conn.send(messageResponse({ componentId, success: false, error: `Too many rooms on this connection (max ${ctx.limits.maxRoomsPerConnection})`, requestId }))
  }
  const { hosted } = mounted
  const providers = hosted.loaded.providers
  const decision = await decideRoomJoin({
    roomId, auth: conn.auth, provider: providers[0], providerCount: providers.length, profile: hosted.settings.profile, clock: () => ctx.clock(),
  })
  recordDecision(ctx, decision, { connection: conn, hosted, auth: snapshotOf(conn.auth), component: mounted.name, action: `room:${roomId}` })
  if (decision.verdict === 'deny') return void conn.send(messageResponse({ componentId, success: false, error: authDenied(decision.reason ?? 'Room access denied'), requestId }))
  if (conn.components.get(componentId) !== mounted) return
  const state = ctx.rooms.join(roomId, { connection: conn, componentId })
  conn.send(roomJoined(componentId, roomId, state, requestId))
}

export function handleRoomLeave(ctx: LiveContext, conn: LiveConnection, message: RoomLeaveMessage): void {
  if (!owned(conn, message)) return
  ctx.rooms.leave(message.roomId, conn, message.componentId)
  conn.send(roomLeft(message.componentId, message.roomId, message.requestId))
}

/** ROOM_EMIT: a ROOM_EVENT to every other member; the sender gets no echo. */
export function handleRoomEmit(ctx: LiveContext, conn: LiveConnection, message: RoomEmitMessage): void {
  if (!owned(conn, message)) return
  const { roomId, componentId } = message
  if (!ctx.rooms.isMember(roomId, conn.id, componentId)) return notMember(conn, message)
  const { event, data } = message.payload
  for (const member of ctx.rooms.others(roomId, conn.id, componentId)) {
    member.connection.send(roomEvent(member.componentId, roomId, event, data ?? null))
  }
  if (message.requestId !== undefined) conn.send(messageResponse({ componentId, success: true, requestId: message.requestId }))
}

/** ROOM_STATE_SET: merge, then the new state to every member (the sender included, with its requestId). */
export function handleRoomStateSet(ctx: LiveContext, conn: LiveConnection, message: RoomStateSetMessage): void {
  if (!owned(conn, message)) return
  const { roomId, componentId, requestId } = message
  if (!ctx.rooms.isMember(roomId, conn.id, componentId)) return notMember(conn, message)
  const result = ctx.rooms.setState(roomId, message.payload.state)
  if (!result.ok) return void conn.send(protocolError(result.error, requestId, componentId))
  for (const member of ctx.rooms.members(roomId)) {
    const own = member.connection === conn && member.componentId === componentId
    member.connection.send(roomState(member.componentId, roomId, result.state, own ? requestId : undefined))
  }
}

export function handleRoomStateGet(ctx: LiveContext, conn: LiveConnection, message: RoomStateGetMessage): void {
  if (!owned(conn, message)) return
  if (!ctx.rooms.isMember(message.roomId, conn.id, message.componentId)) return notMember(conn, message)
  conn.send(roomState(message.componentId, message.roomId, ctx.rooms.state(message.roomId), message.requestId))
}
