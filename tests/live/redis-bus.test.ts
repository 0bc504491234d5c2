/**
 * The Redis bus and the shared room store against a real Redis
 * (tests/helpers/redis-server.ts): messages reach the other instance only and
 * are checked on arrival; heartbeat keys list the instances that are up and an
 * instance that stops drops out; the room store creates once (the first
 * creator's state is kept), writes, tracks members and forgets an empty room;
 * Redis going away turns the status `down` with the reason, and the bus comes
 * back by itself.
 */
import Redis from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BusMessageOf } from '@/lib/cluster/messages'
import { RedisBus } from '@/lib/cluster/redis-bus'
import { startRedis, type RedisServer } from '../helpers/redis-server'

let redis: RedisServer
const buses: RedisBus[] = []
let prefixN = 0

beforeAll(async () => {
  redis = await startRedis()
}, 30_000)
afterAll(async () => {
  for (const b of buses) await b.close()
  await redis?.stop()
})

async function pair(heartbeatMs = 200): Promise<[RedisBus, RedisBus, string]> {
  const prefix = `bus-test-${++prefixN}`
  const start = (id: string) => RedisBus.start({ url: redis.url, prefix, instanceId: id, version: 't', heartbeatMs })
  const a = await start('a')
  const b = await start('b')
  buses.push(a, b)
  return [a, b, prefix]
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('RedisBus', () => {
  it('delivers to the other instance only; a message that does not parse is counted and dropped', async () => {
    const [a, b, prefix] = await pair()
    const atA: string[] = []
    const atB: BusMessageOf<'workspace'>[] = []
    a.on('workspace', (m) => void atA.push(m.workspaceId))
    b.on('workspace', (m) => void atB.push(m))
    a.publish({ kind: 'workspace', workspaceId: 'demo', version: 3 })
    await until(() => (atB.length > 0 ? true : undefined))
    expect(atB).toEqual([{ kind: 'workspace', workspaceId: 'demo', version: 3, origin: 'a' }])
    expect(atA).toEqual([])

    const raw = new Redis(redis.url)
    await raw.publish(`${prefix}:bus`, JSON.stringify({ kind: 'workspace', workspaceId: 'demo', version: -1, origin: 'x' }))
    await raw.publish(`${prefix}:bus`, 'not json')
    raw.disconnect()
    await until(() => (b.status().invalidMessages === 2 ? true : undefined))
    expect(atB).toHaveLength(1)
  })

  it('lists the instances that are up; one that stops drops out and the others hear it is gone', async () => {
    const [a, b] = await pair()
    await until(() => (a.instances().length === 2 ? true : undefined))
    expect(a.instances().map((i) => i.id)).toEqual(['a', 'b'])
    const gone: string[] = []
    a.onInstanceGone((id) => void gone.push(id))
    await b.close()
    await until(() => (gone.length > 0 ? true : undefined))
    expect(gone).toEqual(['b'])
    expect(a.instances().map((i) => i.id)).toEqual(['a'])
  })

  it('the shared room store: created once, written, members tracked, an empty room forgotten', async () => {
    const [a, b] = await pair()
    expect(await a.rooms.create('chat', { topic: 'hi', list: [], nested: { x: 1 } })).toBeUndefined()
    expect(await b.rooms.create('chat', { topic: 'other' })).toEqual({ topic: 'hi', list: [], nested: { x: 1 } })
    await b.rooms.write('chat', { topic: 'news', count: 2 })
    await a.rooms.member('chat', 'c1', 'a')
    await b.rooms.member('chat', 'c2', 'b')
    expect(await a.rooms.load('chat')).toEqual({ state: { topic: 'news', list: [], nested: { x: 1 }, count: 2 }, members: new Map([['c1', 'a'], ['c2', 'b']]) })
    await a.rooms.dropIfEmpty('chat')
    expect(await a.rooms.load('chat')).toBeDefined()
    await a.rooms.member('chat', 'c1', undefined)
    await b.rooms.member('chat', 'c2', undefined)
    await a.rooms.dropIfEmpty('chat')
    expect(await a.rooms.load('chat')).toBeUndefined()
    // An empty state is still a room.
    await a.rooms.create('empty', {})
    expect(await b.rooms.load('empty')).toEqual({ state: {}, members: new Map() })
  })

  it('Redis going away: status down with the reason, commands fail at once, publish drops; back by itself', async () => {
    const [a, b] = await pair()
    const reconnects: string[] = []
    a.onReconnect(() => void reconnects.push('a'))
    await redis.down()
    await until(() => (a.status().state === 'down' ? true : undefined))
    expect(a.status().message).toMatch(/ECONNREFUSED|closed/)
    expect(a.instances().map((i) => i.id)).toEqual(['a'])
    const started = Date.now()
    await expect(a.rooms.load('x')).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(500)
    const dropped = a.dropped
    a.publish({ kind: 'sync' })
    expect(a.dropped).toBe(dropped + 1)

    await redis.up()
    await until(() => (a.status().state === 'connected' && b.status().state === 'connected' ? true : undefined), 10_000)
    await until(() => (reconnects.length > 0 ? true : undefined))
    const atB: string[] = []
    b.on('workspace', (m) => void atB.push(m.workspaceId))
    a.publish({ kind: 'workspace', workspaceId: 'after', version: 1 })
    await until(() => (atB.length > 0 ? true : undefined))
    expect(atB).toEqual(['after'])
  })
})
