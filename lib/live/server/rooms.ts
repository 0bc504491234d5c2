import type { LiveConnection } from './connection'

/** A room member is one mounted component of one connection. */
export interface RoomMember {
  readonly connection: LiveConnection
  readonly componentId: string
}

/** Largest room state (JSON characters) a client may set. */
export const MAX_ROOM_STATE_CHARS = 64 * 1024
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

interface Room {
  readonly members: Map<string, RoomMember>
  state: Record<string, unknown>
}

const memberKey = (connectionId: string, componentId: string) => `${connectionId}\u0000${componentId}`

/** Room membership and shared state; a room disappears with its last member. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()

  get size(): number {
    return this.rooms.size
  }

  join(roomId: string, member: RoomMember): Record<string, unknown> {
    let room = this.rooms.get(roomId)
    if (!room) {
      room = { members: new Map(), state: {} }
      this.rooms.set(roomId, room)
    }
    room.members.set(memberKey(member.connection.id, member.componentId), member)
    member.connection.rooms.add(roomId)
    return room.state
  }

  leave(roomId: string, connection: LiveConnection, componentId: string): boolean {
    const room = this.rooms.get(roomId)
    if (!room) return false
    const removed = room.members.delete(memberKey(connection.id, componentId))
    if (![...room.members.values()].some((m) => m.connection === connection)) connection.rooms.delete(roomId)
    if (room.members.size === 0) this.rooms.delete(roomId)
    return removed
  }

  isMember(roomId: string, connectionId: string, componentId: string): boolean {
    return this.rooms.get(roomId)?.members.has(memberKey(connectionId, componentId)) ?? false
  }

  /** Members other than the sender component. */
  others(roomId: string, connectionId: string, componentId: string): RoomMember[] {
    const room = this.rooms.get(roomId)
    if (!room) return []
    const self = memberKey(connectionId, componentId)
    return [...room.members.entries()].filter(([k]) => k !== self).map(([, m]) => m)
  }

  members(roomId: string): RoomMember[] {
    return [...(this.rooms.get(roomId)?.members.values() ?? [])]
  }

  state(roomId: string): Record<string, unknown> {
    return this.rooms.get(roomId)?.state ?? {}
  }

  /**
   * Shallow-merges `patch` into the room state. Only own, non-prototype keys are
   * copied, into a fresh object; refused when the result would be too large.
   */
  setState(roomId: string, patch: Readonly<Record<string, unknown>>): { ok: true; state: Record<string, unknown> } | { ok: false; error: string } {
    const room = this.rooms.get(roomId)
    if (!room) return { ok: false, error: `Room '${roomId}' does not exist` }
    const next: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const [k, v] of Object.entries(room.state)) next[k] = v
    for (const key of Object.keys(patch)) {
      if (FORBIDDEN_KEYS.has(key)) return { ok: false, error: `Room state key '${key}' is reserved` }
      next[key] = patch[key]
    }
    const json = JSON.stringify(next)
    if (json.length > MAX_ROOM_STATE_CHARS) return { ok: false, error: `Room state would exceed ${MAX_ROOM_STATE_CHARS} characters` }
    room.state = JSON.parse(json) as Record<string, unknown>
    return { ok: true, state: room.state }
  }

  /** Removes every membership of a component (unmount) or of a whole connection (close). */
  leaveAll(connection: LiveConnection, componentId?: string): void {
    for (const roomId of [...connection.rooms]) {
      const room = this.rooms.get(roomId)
      if (!room) continue
      for (const [key, m] of [...room.members.entries()]) {
        if (m.connection === connection && (componentId === undefined || m.componentId === componentId)) room.members.delete(key)
      }
      if (![...room.members.values()].some((m) => m.connection === connection)) connection.rooms.delete(roomId)
      if (room.members.size === 0) this.rooms.delete(roomId)
    }
  }
}
