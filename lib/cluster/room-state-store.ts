/**
 * Room state shared by instances, so a room is one room wherever its members
 * are: its state (top-level keys, each kept as JSON) and its members (component
 * id -> the instance holding it). Each instance keeps a live copy of the rooms
 * it has members in and applies the others' changes from the bus; this store is
 * what an instance reads when it first needs a room another instance made.
 */
type Json = Record<string, unknown>

export interface SharedRoom {
  readonly state: Json
  /** Component id -> instance id. */
  readonly members: ReadonlyMap<string, string>
}

export interface RoomStateStore {
  /** The room as kept, or undefined when no instance holds it. */
  load(roomId: string): Promise<SharedRoom | undefined>
  /** Creates the room with `state` unless it exists; resolves with the state kept when another instance created it first. */
  create(roomId: string, state: Json): Promise<Json | undefined>
  /** Sets top-level keys to their full new values. */
  write(roomId: string, values: Json): Promise<void>
  /** Adds (`instanceId` given) or removes a member. */
  member(roomId: string, componentId: string, instanceId: string | undefined): Promise<void>
  /** Forgets the room when it has no member on any instance (an empty room's grace period ended). */
  dropIfEmpty(roomId: string): Promise<void>
}

const parse = (fields: ReadonlyMap<string, string>): Json => {
  const state: Json = {}
  // defineProperty keeps a '__proto__' key as data, as the live copy does.
  for (const [k, v] of fields) Object.defineProperty(state, k, { value: JSON.parse(v) as unknown, enumerable: true, writable: true, configurable: true })
  return state
}

/** The in-process store of the local bus: several LocalBus endpoints on one hub share it (tests, one process). */
export class MemoryRoomStateStore implements RoomStateStore {
  private readonly rooms = new Map<string, { fields: Map<string, string>; members: Map<string, string> }>()

  load(roomId: string): Promise<SharedRoom | undefined> {
    const room = this.rooms.get(roomId)
    return Promise.resolve(room && { state: parse(room.fields), members: new Map(room.members) })
  }

  create(roomId: string, state: Json): Promise<Json | undefined> {
    const room = this.rooms.get(roomId)
    if (room) return Promise.resolve(parse(room.fields))
    this.rooms.set(roomId, { fields: new Map(Object.keys(state).map((k) => [k, JSON.stringify(state[k] ?? null)])), members: new Map() })
    return Promise.resolve(undefined)
  }

  write(roomId: string, values: Json): Promise<void> {
    const room = this.rooms.get(roomId)
    if (room) for (const k of Object.keys(values)) room.fields.set(k, JSON.stringify(values[k] ?? null))
    return Promise.resolve()
  }

  member(roomId: string, componentId: string, instanceId: string | undefined): Promise<void> {
    const room = this.rooms.get(roomId)
    if (room && instanceId !== undefined) room.members.set(componentId, instanceId)
    else room?.members.delete(componentId)
    return Promise.resolve()
  }

  dropIfEmpty(roomId: string): Promise<void> {
    if (this.rooms.get(roomId)?.members.size === 0) this.rooms.delete(roomId)
    return Promise.resolve()
  }
}

export { parse as parseRoomFields }
