/**
 * Shared room state in Redis: `<prefix>:room:<id>:state` is a hash of the
 * state's top-level keys (each value JSON, plus the marker field `m`, so an
 * empty state is still a room) and `<prefix>:room:<id>:members` maps component
 * ids to the instance holding them. Both expire a day after the last write, as
 * FluxStack Live's Redis room adapter keeps room state (stateTtl 86400).
 */
import type Redis from 'ioredis'
import { parseRoomFields, type RoomStateStore, type SharedRoom } from './room-state-store'

export const ROOM_TTL_S = 24 * 60 * 60
const MARKER = 'm'
const FIELD = 'k:'

type Json = Record<string, unknown>

// Creates the room only when no instance did; answers the fields kept otherwise (one round trip, atomic).
const CREATE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return false
`

const DROP_IF_EMPTY_LUA = `
if redis.call('HLEN', KEYS[2]) == 0 then redis.call('DEL', KEYS[1]) end
return 0
`

function fieldsOf(flat: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>()
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const k = flat[i] as string
    if (k.startsWith(FIELD)) fields.set(k.slice(FIELD.length), flat[i + 1] as string)
  }
  return fields
}

export class RedisRoomStateStore implements RoomStateStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private keys(roomId: string): [string, string] {
    return [`${this.prefix}:room:${roomId}:state`, `${this.prefix}:room:${roomId}:members`]
  }

  async load(roomId: string): Promise<SharedRoom | undefined> {
    const [stateKey, membersKey] = this.keys(roomId)
    const replies = await this.redis.multi().hgetall(stateKey).hgetall(membersKey).exec()
    const state = replies?.[0]?.[1] as Record<string, string> | undefined
    const members = replies?.[1]?.[1] as Record<string, string> | undefined
    if (!state || state[MARKER] === undefined) return undefined
    const fields = new Map<string, string>()
    for (const k of Object.keys(state)) if (k.startsWith(FIELD)) fields.set(k.slice(FIELD.length), state[k] as string)
    return { state: parseRoomFields(fields), members: new Map(Object.entries(members ?? {})) }
  }

  async create(roomId: string, state: Json): Promise<Json | undefined> {
    const [stateKey] = this.keys(roomId)
    const args = [String(ROOM_TTL_S), MARKER, '1']
    for (const k of Object.keys(state)) args.push(FIELD + k, JSON.stringify(state[k] ?? null))
    const kept = (await this.redis.eval(CREATE_LUA, 1, stateKey, ...args)) as string[] | null
    return kept ? parseRoomFields(fieldsOf(kept)) : undefined
  }

  async write(roomId: string, values: Json): Promise<void> {
    const keys = Object.keys(values)
    if (keys.length === 0) return
    const [stateKey] = this.keys(roomId)
    const flat: string[] = []
    for (const k of keys) flat.push(FIELD + k, JSON.stringify(values[k] ?? null))
    await this.redis.multi().hset(stateKey, MARKER, '1', ...flat).expire(stateKey, ROOM_TTL_S).exec()
  }

  async member(roomId: string, componentId: string, instanceId: string | undefined): Promise<void> {
    const [, membersKey] = this.keys(roomId)
    if (instanceId === undefined) await this.redis.hdel(membersKey, componentId)
    else await this.redis.multi().hset(membersKey, componentId, instanceId).expire(membersKey, ROOM_TTL_S).exec()
  }

  async dropIfEmpty(roomId: string): Promise<void> {
    await this.redis.eval(DROP_IF_EMPTY_LUA, 2, ...this.keys(roomId))
  }
}
