import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as inspectorStream } from '@/app/api/inspector/stream/route'
import type { DecisionRecord } from '@/lib/store/model/decision'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { type LiveClient, mountedId, personaToken, startHarness, type Harness, sqliteOf, openAs } from './helpers/live-harness'

let h: Harness
const clients: LiveClient[] = []
const as = (persona?: string): Promise<LiveClient> => openAs(h, clients, persona)

function setSettings(settings: Record<string, unknown>): void {
  const db = new Database(sqliteOf(h.server).file)
  db.prepare('UPDATE workspaces SET settings = ? WHERE id = ?').run(JSON.stringify(settings), DEMO_WORKSPACE_ID)
  db.close()
}

const LOOPER = `import { LiveComponent } from '@fluxstack/live'
export class Looper extends LiveComponent<{ n: number }> {
  static componentName = 'Looper'
  static publicActions = ['spin', 'ok'] as const
  static defaultState = { n: 0 }
  static actionAuth = { spin: { authorize: () => { for (;;) {} } } }
  async spin() { return 1 }
  async ok() { this.setState({ n: 1 }); return 2 }
}
export class Stuck extends LiveComponent<{ n: number }> {
  static componentName = 'Stuck'
  static publicActions = [] as const
  static defaultState = { n: 0 }
  static auth = { authorize: () => { while (true) {} } }
}
`

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('ordering profiles', () => {
  it.each([
    ['documented', "Action 'editProfile' exists on 'ModerationPanel' but is not listed in publicActions. Add it to: static publicActions = [..., 'editProfile']"],
    ['fluxstack-live@0.11', "AUTH_DENIED: Action 'editProfile' denied by custom authorize"],
  ])('%s decides editProfile for someone else', async (profile, error) => {
    setSettings({ profile })
    await h.server.workspaceHost.reload()
    const c = await as('moderator')
    const id = mountedId(await c.mount('ModerationPanel'))
    expect((await c.action(id, 'editProfile', { userId: 'u-other' })).error).toBe(error)
    await h.server.decisions.flush()
    const [last] = sqliteOf(h.server).decisions.log.list({ component: 'ModerationPanel', action: 'editProfile', limit: 1 })
    expect(last?.profile).toBe(profile)
  })
})

describe('decision log and inspector', () => {
  it('writes every decision (count in = count written) with snapshot, digest and no token', async () => {
    setSettings({})
    await h.server.workspaceHost.reload()
    const c = await as()
    const token = await personaToken(h.server, 'free-user')
    await c.auth(token)
    expect((await c.mount('AdminPanel')).success).toBe(false)
    await h.server.decisions.flush()
    const log = sqliteOf(h.server).decisions.log
    expect(log.written).toBe(log.received)
    expect(log.count()).toBe(log.written)
    const [mount, auth] = log.list({ limit: 2 })
    expect(mount).toMatchObject({ kind: 'mount', verdict: 'deny', decidedBy: 'auth.roles', component: 'AdminPanel', sessionId: 'u-free', persona: 'free-user', workspaceId: 'demo', workspaceVersion: 1, profile: 'documented' })
    expect(mount?.reason).toBe('Insufficient roles. Required one of: admin, moderator')
    expect(auth).toMatchObject({ kind: 'auth', verdict: 'allow', connectionId: c.connectionId })
    const db = new Database(sqliteOf(h.server).file, { readonly: true })
    const dump = JSON.stringify(db.prepare('SELECT * FROM decisions').all())
    db.close()
    expect(dump).not.toContain(token)
    expect(log.count({ verdict: 'deny', component: 'AdminPanel' })).toBeGreaterThanOrEqual(1)
  })

  it('stores a sha256 digest of the canonical payload and truncates it to 4 KiB', async () => {
    const c = await as('admin')
    const id = mountedId(await c.mount('AdminPanel'))
    await c.action(id, 'deleteUser', { userId: 'u-free', pad: 'x'.repeat(5000) })
    await h.server.decisions.flush()
    const [rec] = sqliteOf(h.server).decisions.log.list({ action: 'deleteUser', limit: 1 })
    expect(rec?.payloadDigest).toMatch(/^[0-9a-f]{64}$/)
    expect(rec?.payloadJson).toHaveLength(4096)
    expect(rec?.payloadTruncated).toBe(true)
  })

  it('pushes each record to an inspector subscriber within 100 ms', async () => {
    const c = await as('admin')
    const got: Array<{ record: DecisionRecord; at: number }> = []
    const unsubscribe = h.server.inspector.subscribe((record) => got.push({ record, at: performance.now() }))
    const sent = performance.now()
    await c.mount('ContentEditor')
    await new Promise((r) => setTimeout(r, 100))
    unsubscribe?.()
    const mount = got.find((g) => g.record.kind === 'mount' && g.record.component === 'ContentEditor')
    expect(mount).toBeDefined()
    expect((mount?.at ?? Infinity) - sent).toBeLessThan(100)
  })

  it('streams records over the SSE route', async () => {
    const controller = new AbortController()
    const response = inspectorStream(new Request('http://studio.local/api/inspector/stream', { signal: controller.signal }))
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const c = await as()
    await c.mount('AdminPanel')
    let text = ''
    while (!text.includes('event: decision')) text += new TextDecoder().decode((await reader.read()).value)
    controller.abort()
    const data = /data: (.*)\n/.exec(text.slice(text.indexOf('event: decision')))?.[1] ?? '{}'
    expect(JSON.parse(data)).toMatchObject({ kind: 'mount', component: 'AdminPanel', verdict: 'deny' })
  })
})

describe('hot-load and runaway rules', () => {
  it('new mounts use the saved version; mounted components keep theirs until re-mounted', async () => {
    // Earlier tests' connections hold version 1 too: close them so only this test's component does.
    const earlier = clients.splice(0)
    for (const e of earlier) e.close()
    await Promise.all(earlier.map((e) => e.closed))
    await new Promise((r) => setTimeout(r, 50))
    const c = await as('admin')
    const oldId = mountedId(await c.mount('AdminPanel'))
    const files = { ...(await h.server.store.workspaces.version(DEMO_WORKSPACE_ID)).files }
    files['components/admin-panel.ts'] = (files['components/admin-panel.ts'] ?? '').replace("['u-admin', 'u-moderator', 'u-pro', 'u-free']", "['v2-user']")
    files['components/looper.ts'] = LOOPER
    await h.server.store.workspaces.save(DEMO_WORKSPACE_ID, files, 'v2')
    const hosted = await h.server.workspaceHost.reload()
    expect(hosted.loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const fresh = await c.mount('AdminPanel')
    expect(fresh.result).toMatchObject({ initialState: { users: ['v2-user'] } })
    expect((await c.action(oldId, 'deleteUser', { userId: 'u-free' })).success).toBe(true)
    expect(h.server.workspaceHost.usage().find((u) => u.version === 1)?.refs).toBe(1)
    await c.request({ type: 'COMPONENT_UNMOUNT', componentId: oldId })
    expect(h.server.workspaceHost.usage().some((u) => u.version === 1)).toBe(false)
  })

  it('a rule that loops forever is denied with a clear error and the server answers the next request', async () => {
    const c = await as('admin')
    const stuck = await c.mount('Stuck')
    expect(stuck.success).toBe(false)
    expect(stuck.error).toBe('AUTH_DENIED: Authorization error: Sandbox call exceeded 50 ms deadline')
    const id = mountedId(await c.mount('Looper'))
    const spin = await c.action(id, 'spin')
    expect(spin.error).toBe("AUTH_DENIED: Action 'spin' authorization error: Sandbox call exceeded 50 ms deadline")
    expect(await c.action(id, 'ok')).toMatchObject({ success: true, result: 2 })
  })
})
