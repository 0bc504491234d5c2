/**
 * "Instances that are up": each instance keeps a key `<prefix>:instance:<id>`
 * alive with a TTL, rewritten on every heartbeat; an instance that stops (or
 * loses Redis) drops out when its key expires. The list is read on the same
 * beat, so it is at most one beat old.
 */
import type Redis from 'ioredis'
import { z } from 'zod'
import type { InstanceInfo } from './bus'
import { instanceIdSchema } from './instance-id'

export const HEARTBEAT_MS = 2_000
/** Three missed beats and an instance is gone. */
export const PRESENCE_TTL_MS = 3 * HEARTBEAT_MS

const infoSchema = z.object({
  id: instanceIdSchema,
  startedAt: z.number(),
  version: z.string().max(100),
  seenAt: z.number(),
  listening: z.boolean(),
})

export const presenceKey = (prefix: string, id: string) => `${prefix}:instance:${id}`

export async function writePresence(redis: Redis, prefix: string, info: InstanceInfo, ttlMs = PRESENCE_TTL_MS): Promise<void> {
  await redis.set(presenceKey(prefix, info.id), JSON.stringify(info), 'PX', ttlMs)
}

export async function removePresence(redis: Redis, prefix: string, id: string): Promise<void> {
  await redis.del(presenceKey(prefix, id))
}

/** Every instance whose key has not expired; a key that does not parse is skipped. */
export async function readPresence(redis: Redis, prefix: string): Promise<InstanceInfo[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', presenceKey(prefix, '*'), 'COUNT', 200)
    cursor = next
    keys.push(...batch)
  } while (cursor !== '0' && keys.length < 10_000)
  if (keys.length === 0) return []
  const values = await redis.mget(...keys)
  const found: InstanceInfo[] = []
  for (const raw of values) {
    if (raw === null) continue
    try {
      const parsed = infoSchema.safeParse(JSON.parse(raw))
      if (parsed.success) found.push(parsed.data)
    } catch {
      // not JSON: skipped
    }
  }
  return found.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id))
}
