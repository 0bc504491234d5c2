/**
 * Untyped rooms, as FluxStack Live keeps them (rooms/LiveRoomManager.ts at
 * fluxstack-live@d8538f75): members are component ids; a join or leave tells
 * the other members (`ROOM_SYSTEM $sub:join` / `$sub:leave`); a room created by
 * a join takes the joiner's `initialState` as is; client state writes drop
 * `$`-prefixed and prototype keys and reach the other members as a diff; an
 * empty room keeps its state for 5 minutes. Frames to members are pre-serialized
 * with each member's own componentId, and queued (a flush sends them).
 * With a fan-out (room-fanout.ts) a room spans instances: every change is
 * handed to it, members held elsewhere count in `$sub:*` counts, and changes
 * from other instances reach this instance's members as the very same frames.
 */
import { computeDeepDiff, deepAssign, isPlainObject } from '../../json/deep-diff'
import { estimateJsonSize } from '../../json/json-size'
import type { LiveConnection } from './connection'
import type { LocalRoomChange, RemoteRoomChange, RoomFanout, RoomReceiver, SharedRoomView } from './room-fanout'

export const ROOM_NAME = /^[a-zA-Z0-9_:.-]{1,64}$/
export const INVALID_ROOM_NAME = 'Invalid room name. Must be 1-64 alphanumeric characters, hyphens, underscores, dots, or colons.'
/** protocol/constants.ts MAX_ROOM_STATE_SIZE (JSON characters). */
export const MAX_ROOM_STATE_SIZE = 10 * 1024 * 1024
export const EMPTY_ROOM_TTL_MS = 5 * 60 * 1000
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

interface Room {
  state: Record<string, unknown>
  readonly members: Map<string, LiveConnection>
  /** Members held by other instances: component id -> instance id. */
  readonly remote: Map<string, string>
  /** The library's running size estimate, exact on the first write and every 10th. */
  stateSize?: number
  updates: number
}

type Json = Record<string, unknown>

const count = (room: Room) => room.members.size + room.remote.size

export class RoomManager implements RoomReceiver {
  private readonly rooms = new Map<string, Room>()
  private readonly componentRooms = new Map<string, Set<string>>()
  private readonly timers = new Set<NodeJS.Timeout>()
  /** Rooms being read from the shared store, with the changes that arrived meanwhile. */
  private readonly loading = new Map<string, { promise: Promise<void>; pending: RemoteRoomChange[] }>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly emptyTtlMs = EMPTY_ROOM_TTL_MS,
    private readonly fanout?: RoomFanout,
  ) {}

  /**
   * Before a join: a room this instance does not hold yet is read from the
   * other instances, so its state is the one room's. Undefined (nothing to
   * wait for) on a single instance or when the room is here already, so a
   * single instance's frames keep their timing.
   */
  prepare(roomId: string): Promise<void> | undefined {
    const fanout = this.fanout
    if (!fanout || this.rooms.has(roomId) || !ROOM_NAME.test(roomId)) return undefined
    const busy = this.loading.get(roomId)
    if (busy) return busy.promise
    const entry: { promise: Promise<void>; pending: RemoteRoomChange[] } = { pending: [], promise: Promise.resolve() }
    entry.promise = fanout.load(roomId).then(
      (shared) => this.adopt(roomId, shared, entry.pending),
      () => this.adopt(roomId, undefined, entry.pending),
    )
    this.loading.set(roomId, entry)
    return entry.promise
  }

  private adopt(roomId: string, shared: SharedRoomView | undefined, pending: readonly RemoteRoomChange[]): void {
    this.loading.delete(roomId)
    if (!shared || this.rooms.has(roomId)) return
    this.rooms.set(roomId, { state: shared.state, members: new Map(), remote: new Map(shared.members), updates: 0 })
    for (const change of pending) this.applyRemote(change)
    // Held for members of other instances only: the usual grace period applies until one joins here.
    this.scheduleDestruction(roomId)
  }

  get size(): number {
    return this.rooms.size
  }

  /** Joins (creating the room with `initialState` when new); throws the library's error for a bad name. */
  join(componentId: string, roomId: string, conn: LiveConnection, initialState?: unknown): { state: Json; created: boolean } {
    if (!roomId || !ROOM_NAME.test(roomId)) throw new Error(INVALID_ROOM_NAME)
    const now = this.now()
    let room = this.rooms.get(roomId)
    const created = room === undefined
    if (!room) {
      room = { state: isPlainObject(initialState) ? initialState : {}, members: new Map(), remote: new Map(), updates: 0 }
      this.rooms.set(roomId, room)
    }
    room.members.set(componentId, conn)
    let joined = this.componentRooms.get(componentId)
    if (!joined) this.componentRooms.set(componentId, (joined = new Set()))
    joined.add(roomId)
    this.broadcast(roomId, { type: 'ROOM_SYSTEM', roomId, event: '$sub:join', data: { subscriberId: componentId, count: count(room) }, timestamp: now }, componentId, {
      member: { op: 'join', componentId },
      ...(created ? { created: room.state } : {}),
    })
    return { state: room.state, created }
  }

  /** Leaves (a member or not: the others are told either way, as in the library). */
  leave(componentId: string, roomId: string): void {
    const room = this.rooms.get(roomId)
    if (!room) return
    const now = this.now()
    room.members.delete(componentId)
    this.componentRooms.get(componentId)?.delete(roomId)
    this.broadcast(roomId, { type: 'ROOM_SYSTEM', roomId, event: '$sub:leave', data: { subscriberId: componentId, count: count(room) }, timestamp: now }, undefined, {
      member: { op: 'leave', componentId },
    })
    if (room.members.size === 0) this.scheduleDestruction(roomId)
  }

  /** A closed connection's component leaves every room: removals first, then one `$sub:leave` per room still occupied. */
  cleanupComponent(componentId: string): void {
    const now = this.now()
    const left: { roomId: string; count: number }[] = []
    for (const roomId of this.componentRooms.get(componentId) ?? []) {
      const room = this.rooms.get(roomId)
      if (!room) continue
      room.members.delete(componentId)
      if (count(room) > 0) left.push({ roomId, count: count(room) })
      else this.fanout?.publish({ roomId, member: { op: 'leave', componentId } })
      if (room.members.size === 0) this.scheduleDestruction(roomId)
    }
    for (const { roomId, count } of left) {
      this.broadcast(roomId, { type: 'ROOM_SYSTEM', roomId, event: '$sub:leave', data: { subscriberId: componentId, count }, timestamp: now }, undefined, {
        member: { op: 'leave', componentId },
      })
    }
    this.componentRooms.delete(componentId)
  }

  /** Forgets memberships of a closed connection that nobody can reach any more (ids unmounted earlier). */
  dropConnection(conn: LiveConnection): void {
    for (const [roomId, room] of this.rooms) {
      for (const [componentId, member] of room.members) {
        if (member !== conn) continue
        room.members.delete(componentId)
        this.componentRooms.get(componentId)?.delete(roomId)
        this.fanout?.publish({ roomId, member: { op: 'leave', componentId } })
      }
      if (room.members.size === 0) this.scheduleDestruction(roomId)
    }
  }

  exists(roomId: string): boolean {
    return this.rooms.has(roomId)
  }

  /** The rooms `componentId` is a member of (joined at mount or with ROOM_JOIN). */
  roomsOf(componentId: string): string[] {
    return [...(this.componentRooms.get(componentId) ?? [])]
  }

  isMember(componentId: string, roomId: string): boolean {
    return this.rooms.get(roomId)?.members.has(componentId) ?? false
  }

  state(roomId: string): Json {
    return this.rooms.get(roomId)?.state ?? {}
  }

  emit(roomId: string, event: string, data: unknown, excludeComponentId?: string): number {
    if (!this.rooms.has(roomId)) return 0
    return this.broadcast(roomId, { type: 'ROOM_EVENT', roomId, event, data, timestamp: this.now() }, excludeComponentId, {})
  }

  /** ROOM_STATE_SET: top-level `$` and prototype keys are dropped; throws when the state grows past the limit (it stays applied). */
  setStateFromClient(roomId: string, updates: unknown, excludeComponentId?: string): void {
    const safe: Json = {}
    if (isPlainObject(updates)) {
      for (const key of Object.keys(updates)) {
        if (FORBIDDEN.has(key) || key.startsWith('$')) continue
        safe[key] = updates[key]
      }
    }
    const room = this.rooms.get(roomId)
    if (!room) return
    const diff = computeDeepDiff(room.state, safe, 0, 3)
    if (diff === null) return
    deepAssign(room.state, diff)
    room.updates++
    room.stateSize = room.stateSize === undefined || room.updates % 10 === 0 ? JSON.stringify(room.state).length : room.stateSize + estimateJsonSize(diff)
    if (room.stateSize > MAX_ROOM_STATE_SIZE) {
      room.stateSize = JSON.stringify(room.state).length
      if (room.stateSize > MAX_ROOM_STATE_SIZE) throw new Error('Room state exceeds maximum size limit')
    }
    this.broadcast(roomId, { type: 'ROOM_STATE', roomId, event: '$state:update', data: { state: diff }, timestamp: this.now() }, excludeComponentId, {
      diff,
      values: Object.fromEntries(Object.keys(diff).map((k) => [k, room.state[k]])),
    })
  }

  /** A change made on another instance: applied to the room held here, its frame sent to the members here. */
  applyRemote(change: RemoteRoomChange): void {
    const busy = this.loading.get(change.roomId)
    if (busy) return void busy.pending.push(change)
    const room = this.rooms.get(change.roomId)
    if (!room) return
    if (change.member?.op === 'join') room.remote.set(change.member.componentId, change.origin)
    if (change.member?.op === 'leave') room.remote.delete(change.member.componentId)
    if (change.diff) {
      deepAssign(room.state, change.diff)
      room.stateSize = undefined
    }
    if (change.frame) this.deliver(room, change.frame.slice(1), change.exclude)
  }

  adoptState(roomId: string, state: Json): void {
    const room = this.rooms.get(roomId)
    if (!room) return
    for (const key of Object.keys(room.state)) delete room.state[key]
    deepAssign(room.state, state)
  }

  held(): { roomId: string; state: Json; members: string[] }[] {
    return [...this.rooms].map(([roomId, room]) => ({ roomId, state: room.state, members: [...room.members.keys()] }))
  }

  forgetInstance(instanceId: string): void {
    for (const room of this.rooms.values()) {
      for (const [componentId, owner] of room.remote) if (owner === instanceId) room.remote.delete(componentId)
    }
  }

  /**
   * One pre-serialized frame per member, `componentId` first (the member's own
   * id); with a fan-out, the same frame goes to the other instances.
   */
  private broadcast(roomId: string, message: Json, excludeComponentId?: string, change?: Omit<LocalRoomChange, 'roomId' | 'frame' | 'exclude'>): number {
    const room = this.rooms.get(roomId)
    if (!room) return 0
    if (this.fanout && change) {
      const frame = JSON.stringify(message)
      this.fanout.publish({ roomId, frame, ...(excludeComponentId !== undefined ? { exclude: excludeComponentId } : {}), ...change })
      return this.deliver(room, frame.slice(1), excludeComponentId)
    }
    if (room.members.size === 0) return 0
    return this.deliver(room, JSON.stringify(message).slice(1), excludeComponentId)
  }

  private deliver(room: Room, body: string, excludeComponentId: string | undefined): number {
    if (room.members.size === 0) return 0
    let sent = 0
    for (const [componentId, conn] of room.members) {
      if (componentId === excludeComponentId || !conn.open) continue
      conn.queue(`{"componentId":${JSON.stringify(componentId)},${body}`)
      sent++
    }
    return sent
  }

  private scheduleDestruction(roomId: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      const room = this.rooms.get(roomId)
      if (room && room.members.size === 0) {
        this.rooms.delete(roomId)
        if (room.remote.size === 0) this.fanout?.destroyed(roomId)
      }
    }, this.emptyTtlMs)
    timer.unref()
    this.timers.add(timer)
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.rooms.clear()
    this.componentRooms.clear()
    this.loading.clear()
  }
}
