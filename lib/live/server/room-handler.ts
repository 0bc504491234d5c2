/**
 * ROOM_* messages, as LiveServer.handleRoomMessage does at
 * fluxstack-live@d8538f75 (LiveServer.ts:618-775): the component must be the
 * caller's; a join is checked by the default provider's authorizeRoom (when a
 * provider is registered) and capped at 50 rooms per connection; emits and
 * state writes reach the other members only and get no answer; refusals are
 * `{type:'ERROR', componentId, error, requestId}` without `AUTH_DENIED:`.
 */
import { decideRoomJoin, sharpEdge, type Decision } from '../../auth'
import { isPlainObject } from '../../json/deep-diff'
import type { MessageOf } from '../protocol-validate'
import type { LiveConnection } from './connection'
import { recordDecision, type LiveContext } from './live-context'

type RoomMessage = MessageOf<'ROOM_JOIN' | 'ROOM_LEAVE' | 'ROOM_EMIT' | 'ROOM_STATE_SET' | 'ROOM_STATE_GET'>

const NOT_MEMBER = 'Not a member of this room'

function withInitialStateEdge(decision: Decision, initialState: unknown, willCreate: boolean): Decision {
  if (decision.verdict === 'deny' || !willCreate || !isPlainObject(initialState)) return decision
  if (!Object.keys(initialState).some((k) => k.startsWith('$'))) return decision
  return { ...decision, warnings: [...decision.warnings, sharpEdge('room-initial-state-unfiltered')] }
}

async function join(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'ROOM_JOIN'>, error: (text: string) => void): Promise<void> {
  const { componentId, roomId, requestId } = message
  if (conn.rooms.size >= ctx.limits.maxRoomsPerConnection) return error('Room limit exceeded')
  const mounted = conn.components.get(componentId)
  const hosted = mounted?.hosted ?? (await ctx.host.current())
  const providers = hosted.loaded.providers
  const initialState = message.payload?.initialState
  // A room held by other instances is read first, so it is one room (nothing to wait for on a single instance).
  const roomReady = ctx.rooms.prepare(roomId)
  if (roomReady) await roomReady
  // Without providers nothing is asked (the trace says so); the decision is logged all the same.
  const decided = await decideRoomJoin({ roomId, auth: conn.auth, provider: providers[0], providerCount: providers.length, profile: hosted.settings.profile, clock: () => ctx.clock() })
  const decision = withInitialStateEdge(decided, initialState, !ctx.rooms.exists(roomId))
  recordDecision(ctx, decision, { connection: conn, hosted, auth: conn.authSnapshot(), component: mounted?.name ?? componentId, action: `room:${roomId}`, ...(initialState !== undefined ? { payload: { initialState } } : {}) })
  if (decision.verdict === 'deny') return error(decision.reason || 'Room access denied')
  const joined = ctx.rooms.join(componentId, roomId, conn, message.payload?.initialState)
  conn.rooms.add(roomId)
  conn.immediate({ type: 'ROOM_JOINED', componentId, payload: { roomId, state: joined.state }, requestId })
}

export async function handleRoomMessage(ctx: LiveContext, conn: LiveConnection, message: RoomMessage): Promise<void> {
  const { componentId, roomId, requestId } = message
  const error = (text: string) => conn.immediate({ type: 'ERROR', componentId, error: text, requestId })
  if (!componentId || !conn.components.has(componentId)) return error('Component not found')
  switch (message.type) {
    case 'ROOM_JOIN':
      return join(ctx, conn, message, error)
    case 'ROOM_LEAVE':
      ctx.rooms.leave(componentId, roomId)
      conn.rooms.delete(roomId)
      return conn.immediate({ type: 'ROOM_LEFT', componentId, payload: { roomId }, requestId })
    case 'ROOM_EMIT':
      if (!ctx.rooms.isMember(componentId, roomId)) return error(NOT_MEMBER)
      ctx.rooms.emit(roomId, message.payload.event, message.payload.data, componentId)
      return
    case 'ROOM_STATE_SET':
      if (!ctx.rooms.isMember(componentId, roomId)) return error(NOT_MEMBER)
      ctx.rooms.setStateFromClient(roomId, message.payload.state, componentId)
      return
    case 'ROOM_STATE_GET':
      if (!ctx.rooms.isMember(componentId, roomId)) return error(NOT_MEMBER)
      return conn.immediate({ type: 'ROOM_STATE', componentId, payload: { roomId, state: ctx.rooms.state(roomId) }, requestId })
  }
}
