import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { EventSourceLike } from '@/components/live/inspector-feed'
import { LiveRegistry, type RegistryDeps } from '@/components/live/live-registry'
import type { LiveSession } from '@/components/live/live-session'
import type { DecideRequest, DecisionView } from '@/lib/api/decide'
import { LiveClient } from '@/lib/live/client'
import { startFakeLiveServer, type FakeLiveServer } from '../live/client/fake-live-server'
import { ADMIN_JWT, DENIED, seedHandler } from '../live/client/live-harness'

/** The inspector stream, scripted: `open()` and `decision()` as the server would send them. */
class FakeStream implements EventSourceLike {
  readyState = 0
  onopen: ((event: never) => void) | null = null
  onerror: ((event: never) => void) | null = null
  closed = false
  private readonly listeners: Array<(event: MessageEvent<string>) => void> = []
  addEventListener(_type: 'decision', listener: (event: MessageEvent<string>) => void) {
    this.listeners.push(listener)
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
  open() {
    this.readyState = 1
    this.onopen?.(undefined as never)
  }
  decision(record: Record<string, unknown>) {
    this.listeners.forEach((l) => l({ data: JSON.stringify(record) } as MessageEvent<string>))
  }
}

const denyMount: DecisionView = { kind: 'mount', verdict: 'deny', reason: 'Insufficient roles. Required one of: admin', decidedBy: 'auth.roles', profile: 'documented', trace: [], durationUs: 3, sessionFieldsRead: [], warnings: [] }
const record = (id: number, connectionId: string) => ({ id, at: 1000 + id, kind: 'mount', verdict: 'deny', decidedBy: 'auth.roles', reason: denyMount.reason, component: 'AdminPanel', connectionId, profile: 'documented', durationUs: 3, trace: [] })

let server: FakeLiveServer | undefined
const registries: LiveRegistry[] = []
afterEach(async () => {
  for (const r of registries.splice(0)) for (const s of r.getSnapshot().sessions) r.remove(s.key)
  await server?.stop()
  server = undefined
})

async function setup(over: Partial<RegistryDeps> | ((url: string) => Partial<RegistryDeps>) = {}) {
  server = await startFakeLiveServer(seedHandler())
  const url = server.url
  const streams: FakeStream[] = []
  const predictions: Array<{ request: DecideRequest; draft: unknown }> = []
  const deps: RegistryDeps = {
    createClient: () => new LiveClient({ WebSocket, heartbeatMs: 0, requestTimeoutMs: 2000 }),
    isBuiltIn: (u) => u === url,
    workspaceVersion: async () => 7,
    autopilot: {
      liveUrl: () => url,
      personas: async () => ({ ok: true, value: [{ id: 'admin', label: 'Admin', claims: { sub: 'u-admin' } }, { id: 'free-user', label: 'Free user', claims: { sub: 'u-free' } }] }),
      mintToken: async (persona) => ({ ok: true, value: persona === 'admin' ? ADMIN_JWT : 'free-user-token' }),
    },
    openStream: () => {
      const s = new FakeStream()
      streams.push(s)
      return s
    },
    predict: async (request, draft) => {
      predictions.push({ request, draft })
      return { ok: true, value: { decision: denyMount, session: null, workspaceVersion: 7, source: draft ? 'draft' : 'saved' } }
    },
    draftFiles: async () => ({ 'auth/rules.ts': 'export {}' }),
    ...(typeof over === 'function' ? over(url) : over),
  }
  const registry = new LiveRegistry(deps)
  registries.push(registry)
  return { registry, streams, predictions, url }
}

/** Resolves once `check` holds for the session's snapshot. */
function until(session: LiveSession, check: (s: ReturnType<LiveSession['getSnapshot']>) => boolean, ms = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check(session.getSnapshot())) return resolve()
    const timer = setTimeout(() => {
      off()
      reject(new Error(`timed out; snapshot: ${JSON.stringify({ status: session.getSnapshot().view.status, autopilot: session.getSnapshot().autopilot })}`))
    }, ms)
    const off = session.subscribe(() => {
      if (!check(session.getSnapshot())) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}

const first = (r: LiveRegistry) => r.getSnapshot().sessions[0] as LiveSession

describe('LiveRegistry: the shell’s live connections', () => {
  it('starts with one untouched connection; connections count as open in the shell until closed explicitly', async () => {
    const { registry, url } = await setup()
    const snap = registry.getSnapshot()
    expect(snap.sessions.map((s) => s.label)).toEqual(['#1'])
    expect(snap.open).toBe(0)
    const one = first(registry)
    expect(one.untouched).toBe(true)
    expect((await one.actions.connect(url)).ok).toBe(true)
    await until(one, (s) => s.view.connectionId !== null)
    expect(registry.getSnapshot().open).toBe(1)
    expect(one.untouched).toBe(false)
    const two = registry.add()
    expect(two.label).toBe('#2')
    await two.actions.connect(url)
    expect(registry.getSnapshot().open).toBe(2)

    // Removing #2 closes its socket; #1 stays open with its frames.
    registry.remove(two.key)
    expect(registry.getSnapshot().sessions.map((s) => s.label)).toEqual(['#1'])
    await expect.poll(() => registry.getSnapshot().open).toBe(1)
    expect(one.getSnapshot().view.frames.length).toBeGreaterThan(0)
    // A new connection gets a fresh label, never a reused one.
    expect(registry.add().label).toBe('#3')
  })

  it('routes each decision of the inspector stream to the connection that caused it, even one that arrives before CONNECTION_ESTABLISHED', async () => {
    const { registry, streams, url } = await setup()
    const release = registry.retainPage()
    expect(streams).toHaveLength(1)
    const stream = streams[0] as FakeStream
    stream.open()
    expect(registry.getSnapshot().stream).toBe('open')
    // A decision for ws-1 before the connection knows its id: held, then routed.
    stream.decision(record(1, 'ws-1'))
    const one = first(registry)
    const two = registry.add()
    await one.actions.connect(url)
    await until(one, (s) => s.view.connectionId === 'ws-1')
    await two.actions.connect(url)
    await until(two, (s) => s.view.connectionId === 'ws-2')
    stream.decision(record(2, 'ws-2'))
    stream.decision(record(3, 'someone-else'))
    expect(one.getSnapshot().traces.map((t) => [t.key, t.meta.connection])).toEqual([['rec-1', '#1']])
    expect(two.getSnapshot().traces.map((t) => [t.key, t.meta.connection])).toEqual([['rec-2', '#2']])

    // The stream stays open while a connection to the built-in server is open, even when the page is gone...
    release()
    expect(stream.closed).toBe(false)
    // ...and closes when neither is left.
    one.close('test')
    two.close('test')
    await expect.poll(() => stream.closed).toBe(true)
    expect(registry.getSnapshot().stream).toBe('off')
  })

  it('an external server’s answers get the studio’s prediction in that connection’s trace, with the draft when asked', async () => {
    const { registry, predictions, url } = await setup({ isBuiltIn: () => false })
    const one = first(registry)
    await one.actions.connect(url)
    expect(one.getSnapshot().external).toBe(true)
    registry.setPredictWith('draft')
    await one.actions.mount('AdminPanel')
    await until(one, (s) => s.traces.length === 1)
    expect(predictions).toEqual([{ request: { component: 'AdminPanel', kind: 'mount', auth: { type: 'anonymous' } }, draft: { 'auth/rules.ts': 'export {}' } }])
    const trace = one.getSnapshot().traces[0]
    expect(trace?.comparison).toMatchObject({ answer: { ok: false, error: DENIED }, agreement: { status: 'agree' }, source: 'draft' })
    expect(registry.getSnapshot().agreements).toEqual(['agree'])
    one.actions.clearTraces()
    expect(registry.getSnapshot().agreements).toEqual([])
  })

  it('“Open in live tester” takes over the untouched connection: connected, authenticated as the persona, mounted', async () => {
    const { registry, streams } = await setup()
    const one = first(registry)
    const opened = registry.open({ persona: 'admin', component: 'AdminPanel', action: 'deleteUser' })
    expect(opened).toBe(one)
    expect(registry.getSnapshot().focus).toBe(one.key)
    // The stream opens with the connection; AUTH waits for it.
    await expect.poll(() => streams.length).toBe(1)
    ;(streams[0] as FakeStream).open()
    await until(one, (s) => s.autopilot?.steps.every((step) => step.status === 'done') === true)
    const snap = one.getSnapshot()
    expect(snap.autopilot?.steps.map((s) => [s.id, s.detail ?? ''])).toEqual([['connect', ''], ['auth', 'Authenticated as admin'], ['mount', '']])
    expect(snap.view.auth.session).toMatchObject({ id: 'admin' })
    expect(snap.view.components.map((c) => c.component)).toEqual(['AdminPanel'])
    expect(snap.lastPersona).toBe('admin')
    expect(snap.mountedVersions).toEqual({ c1: 7 })
    registry.focused(one.key)
    expect(registry.getSnapshot().focus).toBeNull()

    // A second link does not take a connection in use: it adds one.
    const second = registry.open({ persona: 'free-user', component: 'AdminPanel' })
    expect(second.label).toBe('#2')
    await until(second, (s) => s.autopilot?.steps.some((step) => step.status === 'denied') === true)
    expect(second.getSnapshot().autopilot?.steps.at(-1)).toEqual({ id: 'mount', status: 'denied', detail: DENIED })
    expect(second.getSnapshot().view.denied.map((d) => d.component)).toEqual(['AdminPanel'])
  })

  it('a failing step says why and a retry goes on from there', async () => {
    let mint = 0
    const { registry } = await setup((url) => ({
      autopilot: {
        liveUrl: () => url,
        personas: async () => ({ ok: true, value: [{ id: 'admin', label: 'Admin', claims: { sub: 'u-admin' } }] }),
        mintToken: async () => (++mint === 1 ? { ok: false, error: 'The studio server is not reachable.' } : { ok: true, value: ADMIN_JWT }),
      },
      openStream: () => undefined,
    }))
    const one = first(registry)
    void one.startAutopilot({ persona: 'admin', component: 'AdminPanel' })
    await until(one, (s) => s.autopilot?.steps.some((step) => step.status === 'failed') === true)
    expect(one.getSnapshot().autopilot?.steps.map((s) => s.status)).toEqual(['done', 'failed', 'pending'])
    expect(one.getSnapshot().autopilot?.steps[1]?.detail).toBe('could not mint a token for Admin: The studio server is not reachable.')
    const connectionId = one.connectionId
    await one.retryAutopilot()
    expect(one.getSnapshot().autopilot?.steps.map((s) => s.status)).toEqual(['done', 'done', 'done'])
    // The retry went on on the same socket.
    expect(one.connectionId).toBe(connectionId)
  })

  it('reads an /live query once: the same query again is ignored until the page was seen without it', async () => {
    const { registry } = await setup({ openStream: () => undefined })
    expect(registry.openFromQuery('')).toBe(false)
    expect(registry.openFromQuery('?persona=admin&component=AdminPanel')).toBe(true)
    // React runs the effect a second time in development: no second connection.
    expect(registry.openFromQuery('?persona=admin&component=AdminPanel')).toBe(false)
    expect(registry.getSnapshot().sessions).toHaveLength(1)
    expect(registry.openFromQuery('')).toBe(false)
    expect(registry.openFromQuery('?persona=admin&component=AdminPanel')).toBe(true)
    expect(registry.getSnapshot().sessions).toHaveLength(2)
    expect(registry.getSnapshot().sessions[0]?.getSnapshot().autopilot?.request).toEqual({ persona: 'admin', component: 'AdminPanel', origin: 'a link' })
  })
})
