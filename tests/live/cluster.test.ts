/**
 * Two studio processes, one Postgres, one Redis (issue 16): what a team behind
 * a load balancer relies on. A room emit on B reaches a member on A with the
 * frame a member on B gets; a save on A is decided on B within a second; a
 * decision made on B streams on A's /api/inspector/stream; the per-address cap
 * counts the sockets on both; an upstream added on A is reachable through B; an admin session from A works on B and "sign out
 * everywhere" on A voids it on B; Redis restarted mid-run and both recover;
 * Postgres restarted mid-run: acknowledged saves and logged decisions are all
 * there afterwards, requests during the outage fail clearly, and both recover.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type PostgresServer } from '../helpers/pg-server'
import { startRedis, type RedisServer } from '../helpers/redis-server'
import { LiveClient, mountedId, type Frame } from './helpers/live-harness'
import { spawnStudio, tempDataDir, type SpawnedStudio } from './helpers/spawn-studio'
import { openLive, refusedUpgrade } from './helpers/ws-client'

const ADMIN_TOKEN = 'cluster-test-admin-token-0123456789'
const BEARER = { authorization: `Bearer ${ADMIN_TOKEN}` }
const PER_ADDRESS = 6
/** A component whose action broadcasts to its room (as in tests/live/live-broadcast.test.ts). */
const MEGAPHONE = `import { LiveComponent } from '@fluxstack/live'
export class Megaphone extends LiveComponent<{ said: number }> {
  static componentName = 'Megaphone'
  static publicActions = ['shout'] as const
  static defaultState = { said: 0 }
  async shout(payload: { text: string }) {
    this.broadcast('news', { text: payload.text.toUpperCase() })
    return { ok: true }
  }
}
`

interface ClusterStatus { instanceId: string; state: string; instances: { id: string; listening: boolean }[]; sharedCounts: boolean }
interface StatusBody { store: { kind: string }; cluster: ClusterStatus }

async function api<T>(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...BEARER, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } })
  return { status: res.status, body: (await res.json()) as T, headers: res.headers }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

const wsUrl = (studio: SpawnedStudio) => `${studio.url.replace('http', 'ws')}/api/live/ws`
const both = (pred: (s: StatusBody) => boolean) => async (studios: SpawnedStudio[]) => {
  for (const s of studios) {
    const { body } = await api<StatusBody>(s.url, '/api/status')
    if (!pred(body)) return undefined
  }
  return true
}
const clusterUp = both((s) => s.cluster.state === 'connected' && s.cluster.instances.length === 2)

describe('two studio instances sharing one Postgres and one Redis', () => {
  let postgres: PostgresServer
  let redis: RedisServer
  let A: SpawnedStudio
  let B: SpawnedStudio
  let dataDir: string
  const clients: LiveClient[] = []

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    dataDir = tempDataDir()
    const env = {
      STUDIO_DATA_DIR: dataDir, STUDIO_DATABASE_URL: postgres.url, STUDIO_SECRET: randomBytes(24).toString('base64'), STUDIO_REDIS_URL: redis.url, STUDIO_REDIS_PREFIX: `t-${randomBytes(4).toString('hex')}`,
      STUDIO_ADMIN_TOKEN: ADMIN_TOKEN, STUDIO_MAX_LIVE_PER_ADDRESS: String(PER_ADDRESS),
    }
    // One after the other: the first seeds the shared store.
    A = await spawnStudio({ ...env, STUDIO_INSTANCE_ID: 'studio-a' })
    B = await spawnStudio({ ...env, STUDIO_INSTANCE_ID: 'studio-b' })
    await until('both instances to see each other', () => clusterUp([A, B]))
  }, 90_000)

  afterAll(async () => {
    for (const c of clients) c.close()
    if (process.env.SHOW_STUDIO_OUTPUT) console.log(A?.output(), B?.output())
    await Promise.all([A?.stop(), B?.stop()])
    await redis?.stop()
    await postgres?.stop()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const open = async (studio: SpawnedStudio) => {
    const c = await LiveClient.open(wsUrl(studio))
    clients.push(c)
    return c
  }
  const joinChat = async (c: LiveClient, room: string) => {
    const id = mountedId(await c.mount('LiveChat'))
    expect(await c.request({ type: 'ROOM_JOIN', componentId: id, roomId: room })).toMatchObject({ type: 'ROOM_JOINED' })
    return id
  }

  it('GET /api/status shows the store kind, this instance and both instances up', async () => {
    const a = (await api<StatusBody>(A.url, '/api/status')).body
    expect(a.store.kind).toBe('postgres')
    expect(a.cluster).toMatchObject({ kind: 'redis', instanceId: 'studio-a', state: 'connected', sharedCounts: true })
    expect(a.cluster.instances.map((i) => i.id).sort()).toEqual(['studio-a', 'studio-b'])
  })

  it('a room emit on B reaches a member on A with the very frame a member on B gets; the state is one', async () => {
    const onA = await open(A)
    const onB = await open(B)
    const alsoB = await open(B)
    const idA = await joinChat(onA, 'team')
    const idB = await joinChat(onB, 'team')
    const idB2 = await joinChat(alsoB, 'team')
    // Counts span instances: the third join is counted 3 on A too.
    const joinSeen = await onA.waitFor((f) => f.type === 'ROOM_SYSTEM' && (f.data as { subscriberId?: string }).subscriberId === idB2)
    expect(joinSeen).toMatchObject({ componentId: idA, event: '$sub:join', data: { count: 3 } })

    const gotA = onA.next((f) => f.type === 'ROOM_EVENT')
    const gotB2 = alsoB.next((f) => f.type === 'ROOM_EVENT')
    onB.sendRaw(JSON.stringify({ type: 'ROOM_EMIT', componentId: idB, roomId: 'team', payload: { event: 'hello', data: { n: 1, from: 'b' } } }))
    const [frameA, frameB2] = await Promise.all([gotA, gotB2])
    expect(frameA).toEqual({ componentId: idA, type: 'ROOM_EVENT', roomId: 'team', event: 'hello', data: { n: 1, from: 'b' }, timestamp: expect.any(Number) })
    // Byte for byte, apart from the recipient's own id.
    const rawA = onA.raw.find((t) => t.includes('"ROOM_EVENT"')) ?? ''
    const rawB2 = alsoB.raw.find((t) => t.includes('"ROOM_EVENT"')) ?? ''
    expect(rawA.replace(idA, 'X')).toBe(rawB2.replace(idB2, 'X'))
    expect(frameB2.timestamp).toBe(frameA.timestamp)

    const update = onA.next((f) => f.type === 'ROOM_STATE')
    onB.sendRaw(JSON.stringify({ type: 'ROOM_STATE_SET', componentId: idB, roomId: 'team', payload: { state: { topic: 'release' } } }))
    expect(await update).toMatchObject({ componentId: idA, event: '$state:update', data: { state: { topic: 'release' } } })
    const state = await onA.request({ type: 'ROOM_STATE_GET', componentId: idA, roomId: 'team' })
    expect(state.payload).toEqual({ roomId: 'team', state: { topic: 'release' } })
  })

  it('a save on A is decided on B within a second', async () => {
    const ask = () => api<{ decision: { verdict: string }; workspaceVersion: number }>(B.url, '/api/decide', {
      method: 'POST', body: JSON.stringify({ component: 'LiveAdminPanel', kind: 'mount', auth: { type: 'persona', persona: 'admin' } }),
    })
    const before = await ask()
    expect(before.body.decision.verdict).toBe('allow')
    const { body: doc } = await api<{ version: number; files: Record<string, string> }>(A.url, '/api/workspace/files')
    const files = { ...doc.files, 'auth/rules.ts': (doc.files['auth/rules.ts'] ?? '').replace("roles: ['admin'] }", "roles: ['moderator'] }"), 'components/megaphone.ts': MEGAPHONE }
    const saved = await api<{ version: number }>(A.url, '/api/workspace/save', { method: 'POST', body: JSON.stringify({ files, baseVersion: doc.version }) })
    expect(saved.status).toBe(201)
    const savedAt = Date.now()
    const after = await until('B to decide on the saved version', async () => {
      const r = await ask()
      return r.body.workspaceVersion === saved.body.version ? r : undefined
    }, 5_000, 20)
    const ms = Date.now() - savedAt
    console.log(`[cluster] save on A decided on B after ${ms} ms`)
    expect(after.body.decision.verdict).toBe('deny')
    expect(ms).toBeLessThan(1_000)
  })

  it('a component BROADCAST on B reaches the room\'s components on A, the same frame', async () => {
    const onA = await open(A)
    const onB = await open(B)
    mountedId(await onA.mount('Megaphone', { room: 'stage' }))
    const idB = mountedId(await onB.mount('Megaphone', { room: 'stage' }))
    const onAGot = onA.next((f) => f.type === 'BROADCAST')
    const onBGot = onB.next((f) => f.type === 'BROADCAST')
    expect(await onB.action(idB, 'shout', { text: 'hi' })).toMatchObject({ success: true })
    const [a, b] = await Promise.all([onAGot, onBGot])
    expect(a).toEqual({ type: 'BROADCAST', componentId: idB, payload: { type: 'news', data: { text: 'HI' } }, room: 'stage' })
    expect(a).toEqual(b)
  })

  it('a decision made on B streams on A\'s /api/inspector/stream', async () => {
    const controller = new AbortController()
    const res = await fetch(`${A.url}/api/inspector/stream`, { headers: BEARER, signal: controller.signal })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    let text = ''
    const seen = (async () => {
      const decoder = new TextDecoder()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        text += decoder.decode(value)
        if (text.includes('"component":"LiveChat"')) return
      }
    })()
    // B hears at once that A has a page listening.
    await until('A to be listening', async () => ((await api<StatusBody>(B.url, '/api/status')).body.cluster.instances.some((i) => i.id === 'studio-a' && i.listening) ? true : undefined))
    const onB = await open(B)
    await onB.mount('LiveChat')
    await Promise.race([seen, new Promise((_, reject) => setTimeout(() => reject(new Error(`no decision from B on A's stream: ${text}`)), 5_000))])
    controller.abort()
    expect(text).toMatch(/event: decision\ndata: \{.*"component":"LiveChat"/)
  })

  it('the per-address cap counts the sockets on both instances', async () => {
    for (const c of clients.splice(0)) c.close()
    await new Promise((r) => setTimeout(r, 300))
    const held: LiveClient[] = []
    for (let i = 0; i < PER_ADDRESS; i++) held.push(await open(i % 2 === 0 ? A : B))
    // B holds 3 and A 3: the next one is refused on either.
    const refused = await until('B to count A\'s sockets', async () => {
      const r = await refusedUpgrade(wsUrl(B)).catch(() => undefined)
      return r
    }, 3_000)
    expect(refused.status).toBe(503)
    expect(refused.body).toMatch(/Too many live connections from your address \(max 6\)/)
    held.shift()?.close()
    const again = await until('a socket to be accepted after one closed on A', async () => openLive(wsUrl(B)).catch(() => undefined), 3_000)
    expect(again.first).toMatchObject({ type: 'CONNECTION_ESTABLISHED' })
    again.ws.close()
    for (const c of held) c.close()
  })

  it("an upstream of the recording proxy added on A is reachable through B within a second", async () => {
    const through = (studio: SpawnedStudio) => refusedUpgrade(`${studio.url.replace('http', 'ws')}/api/live/proxy/team-app`)
    expect((await through(B)).status).toBe(404)
    // A port nothing listens on: reachable through the proxy means "configured, but the upstream is down" (502), not 404.
    const put = await api<unknown>(A.url, '/api/live/upstreams', { method: 'PUT', body: JSON.stringify({ upstreams: [{ name: 'team-app', url: 'ws://127.0.0.1:9/live' }] }) })
    expect(put.status).toBe(200)
    const savedAt = Date.now()
    const seen = await until('B to know the upstream', async () => ((await through(B)).status === 502 ? true : undefined), 3_000, 20)
    expect(seen).toBe(true)
    expect(Date.now() - savedAt).toBeLessThan(1_000)
    await api<unknown>(A.url, '/api/live/upstreams', { method: 'PUT', body: JSON.stringify({ upstreams: [] }) })
  })

  it('an admin session from A works on B, and signing out everywhere on A voids it on B', async () => {
    const signIn = await fetch(`${A.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN_TOKEN }) })
    expect(signIn.status).toBe(200)
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const onB = await fetch(`${B.url}/api/status`, { headers: { cookie } })
    expect(onB.status).toBe(200)
    const out = await fetch(`${A.url}/api/session?everywhere=1`, { method: 'DELETE', headers: { cookie } })
    expect(out.status).toBe(200)
    await until('B to refuse the old cookie', async () => ((await fetch(`${B.url}/api/status`, { headers: { cookie } })).status === 401 ? true : undefined), 2_000)
  })

  it('Redis going away: both say so and go on alone; restarted, both recover by themselves and share rooms again', async () => {
    await redis.down()
    await until('both instances to report Redis down', () => both((s) => s.cluster.state === 'down' && !s.cluster.sharedCounts)([A, B]), 10_000, 100)
    // Nothing refuses everyone: live sockets and decisions go on within each instance.
    const alone = await open(B)
    expect(mountedId(await alone.mount('LiveChat'))).toMatch(/^LiveChat-/)
    expect((await api<{ decision: { verdict: string } }>(B.url, '/api/decide', {
      method: 'POST', body: JSON.stringify({ component: 'LiveChat', kind: 'mount', auth: { type: 'anonymous' } }),
    })).status).toBe(200)
    await redis.up()
    await until('both instances to reconnect', () => clusterUp([A, B]), 15_000, 100)
    const onA = await open(A)
    const onB = await open(B)
    const idA = await joinChat(onA, 'after-restart')
    const idB = await joinChat(onB, 'after-restart')
    const got = onA.next((f: Frame) => f.type === 'ROOM_EVENT')
    onB.sendRaw(JSON.stringify({ type: 'ROOM_EMIT', componentId: idB, roomId: 'after-restart', payload: { event: 'back', data: 1 } }))
    expect(await got).toMatchObject({ componentId: idA, event: 'back', data: 1 })
  })

  it('Postgres restarted mid-run: acknowledged saves and logged decisions are all there; requests fail clearly meanwhile; both recover', async () => {
    const decisions = async (studio: SpawnedStudio) => (await api<{ total?: number }>(studio.url, '/api/decisions?component=ContentEditor&total=1')).body.total ?? 0
    const { body: doc } = await api<{ version: number; files: Record<string, string> }>(A.url, '/api/workspace/files')
    const saved = await api<{ version: number }>(A.url, '/api/workspace/save', {
      method: 'POST', body: JSON.stringify({ files: { ...doc.files, 'auth/rules.ts': `${doc.files['auth/rules.ts'] ?? ''}// kept across a Postgres restart\n` }, baseVersion: doc.version }),
    })
    expect(saved.status).toBe(201)
    const onB = await open(B)
    // A component no other test here mounts: its decisions are exactly these.
    for (let i = 0; i < 3; i++) expect(await onB.mount('ContentEditor')).toHaveProperty('type')
    const before = await until('B\'s decisions to be logged', async () => ((await decisions(A)) >= 3 ? decisions(A) : undefined))

    await postgres.restart({
      mode: 'immediate',
      whileDown: async () => {
        // A request that needs the store fails with a clear 503; live sockets go on and their decisions wait to be written.
        const failed = await api<{ error: string; message: string }>(A.url, '/api/workspace/files')
        expect(failed.status).toBe(503)
        expect(failed.body.message).toMatch(/Postgres store .* is unavailable/)
        const during = await open(B)
        expect(await during.mount('ContentEditor')).toHaveProperty('type')
      },
    })

    const after = await until('both instances to read the store again', async () => {
      const [a, b] = await Promise.all([api<{ version: number; files: Record<string, string> }>(A.url, '/api/workspace/files'), api<{ version: number }>(B.url, '/api/workspace/files')])
      return a.status === 200 && b.status === 200 ? a.body : undefined
    }, 20_000, 200)
    expect(after.version).toBe(saved.body.version)
    expect(after.files['auth/rules.ts']).toMatch(/\/\/ kept across a Postgres restart\n$/)
    // Every decision logged before the crash is there, and the one made during the outage arrives once the store is back.
    expect(await until('the decision made during the outage to be written', async () => ((await decisions(B)) >= before + 1 ? decisions(B) : undefined), 20_000, 200)).toBe(before + 1)
  })
})
