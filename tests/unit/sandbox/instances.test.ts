import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadWorkspace } from '@/lib/sandbox'
import type { ComponentInstance, LoadedWorkspace } from '@/lib/sandbox/types'

const COUNTER = [
  "import { LiveComponent } from '@fluxstack/live'",
  'export class Counter extends LiveComponent {',
  "  static publicActions = ['inc', 'whoami', 'login', 'explode', 'bomb', 'secretFlag'] as const",
  '  static defaultState = { count: 0, label: "c" }',
  '  inc(payload: { by?: number } = {}) {',
  '    this.setState({ count: this.state.count + (payload.by ?? 1) })',
  "    this.emit('INCREMENTED', { count: this.state.count })",
  "    this.broadcast('TICK', null, 'room-1')",
  "    console.log('count is', this.state.count)",
  '    return this.state.count',
  '  }',
  '  whoami() { return { id: this.$auth.session?.id ?? null, admin: this.$auth.hasRole("admin") } }',
  '  login() { this.$private.loggedIn = true; this.$private.token = "s3cret" }',
  '  secretFlag() { return this.$private.loggedIn === true }',
  "  explode() { throw new Error('action failed') }",
  '  bomb() { const a = []; for (;;) a.push(new Array(100000).fill(1)) }',
  '  tryAuth() { this.$auth = null }',
  '}',
].join('\n')

/** Loads a one-file workspace, creates an anonymous instance of `component`, runs `body`, then disposes of the workspace. */
async function withInstance(file: string, source: string, component: string, body: (instance: ComponentInstance, ws: LoadedWorkspace) => Promise<void> | void): Promise<void> {
  const loaded = await loadWorkspace({ [file]: source })
  try {
    const created = await loaded.createInstance(component, { id: `${component}-1`, auth: { authenticated: false } })
    if (!created.ok) throw new Error(created.error)
    await body(created.instance, loaded)
  } finally {
    loaded.dispose()
  }
}

const CALLER = { connectionId: 'conn-1', auth: { authenticated: false } } as const

describe('component instances in the guest', () => {
  let ws: LoadedWorkspace
  let inst: ComponentInstance
  beforeAll(async () => {
    // Filling 32 MiB can take longer than the default 50 ms on a busy machine, which would read as a timeout, not out of memory.
    ws = await loadWorkspace({ 'components/counter.ts': COUNTER }, { deadlineMs: 5000 })
    const created = await ws.createInstance('Counter', { id: 'Counter-1', auth: { authenticated: true, session: { id: 'u-1', roles: ['admin'] } }, props: { label: 'mine' }, room: 'room-1', userId: 'u-1' })
    if (!created.ok) throw new Error(created.error)
    inst = created.instance
  })
  afterAll(() => ws.dispose())

  it('starts from defaultState merged with props', () => {
    expect(inst.componentName).toBe('Counter')
    expect(inst.id).toBe('Counter-1')
    expect(inst.state).toEqual({ count: 0, label: 'mine' })
  })

  it('runs an action, returns result, state, the events with their microtask batch, and logs', async () => {
    const out = await inst.callAction('inc', { by: 2 }, CALLER)
    expect(out).toMatchObject({ ok: true, failed: false, result: 2, state: { count: 2, label: 'mine' }, logs: ['count is 2'], overflow: false })
    if (!out.ok) throw new Error(out.error)
    expect(out.events.map(({ batch: _, ...e }) => e)).toEqual([
      { kind: 'emit', type: 'STATE_DELTA', payload: { delta: { count: 2 } } },
      { kind: 'emit', type: 'INCREMENTED', payload: { count: 2 } },
      { kind: 'broadcast', type: 'TICK', payload: null, room: 'room-1' },
    ])
    // One synchronous run of the body: one batch, as the library's send batcher would flush it.
    expect(new Set(out.events.map((e) => e.batch)).size).toBe(1)
    expect(inst.state).toEqual({ count: 2, label: 'mine' })
  })

  it('undefined payload and undefined result cross as undefined', async () => {
    expect(await inst.callAction('inc', undefined, CALLER)).toMatchObject({ ok: true, result: 3 })
    expect(await inst.callAction('login', undefined, CALLER)).toMatchObject({ ok: true, result: undefined })
  })

  it('$auth is fixed at mount from the snapshot and read-only', async () => {
    expect(await inst.callAction('whoami', undefined, CALLER)).toMatchObject({ ok: true, result: { id: 'u-1', admin: true } })
    expect(await inst.callAction('tryAuth', undefined, CALLER)).toMatchObject({ ok: true, failed: true, error: 'no setter for property' })
    expect(await inst.callAction('whoami', undefined, CALLER)).toMatchObject({ ok: true, result: { id: 'u-1', admin: true } })
  })

  it('$private is never in state, results or events', async () => {
    const login = await inst.callAction('login', undefined, CALLER)
    expect(login).toMatchObject({ ok: true, failed: false })
    expect(JSON.stringify(login)).not.toContain('s3cret')
    const out = await inst.callAction('secretFlag', undefined, CALLER)
    expect(out).toMatchObject({ ok: true, result: true })
    expect(JSON.stringify(out)).not.toContain('s3cret')
    expect(JSON.stringify(inst.state)).not.toContain('loggedIn')
    expect(await inst.debugReadPrivateForTests()).toEqual({ loggedIn: true, token: 's3cret' })
  })

  it('bytes is the JSON size of the public state plus $private', async () => {
    await inst.callAction('login', undefined, CALLER)
    const expected = JSON.stringify(inst.state).length + JSON.stringify(await inst.debugReadPrivateForTests()).length
    expect(inst.bytes).toBe(expected)
    expect(inst.bytes).toBeGreaterThan(JSON.stringify(inst.state).length)
  })

  it.each([
    ['explode', 'action failed'],
    ['missing', "Action 'missing' not found on component"],
  ])('callAction(%s): the body fails with %j and the ERROR emit is recorded', async (action, error) => {
    const out = await inst.callAction(action, undefined, CALLER)
    expect(out).toMatchObject({ ok: true, failed: true, error })
    if (out.ok) expect(out.events.map((e) => e.payload)).toEqual([{ action, error }])
  })

  it('updateProperty is setState({ [key]: value }): one STATE_DELTA', async () => {
    const out = await inst.updateProperty('label', 'renamed')
    expect(out).toMatchObject({ ok: true, state: expect.objectContaining({ label: 'renamed' }) })
    if (out.ok) expect(out.events.map((e) => [e.type, e.payload])).toEqual([['STATE_DELTA', { delta: { label: 'renamed' } }]])
    expect(await inst.updateProperty('label', 'renamed')).toMatchObject({ ok: true, events: [] })
  })

  it('an unknown component is refused', async () => {
    expect(await ws.createInstance('Nope', { id: 'x', auth: { authenticated: false } })).toEqual({ ok: false, code: 'ERR_SANDBOX_UNKNOWN_COMPONENT', error: "Unknown component 'Nope'" })
  })

  it('after an out-of-memory crash the instance comes back with its state and its $private (a crash never logs anyone out)', async () => {
    expect(await inst.callAction('login', undefined, CALLER)).toMatchObject({ ok: true, failed: false })
    const before = inst.state
    const restarts = ws.restarts
    const generation = ws.generation
    expect(await inst.callAction('bomb', undefined, CALLER)).toEqual({ ok: false, code: 'ERR_SANDBOX_OUT_OF_MEMORY', error: 'Sandbox out of memory (limit 32 MiB)' })
    await ws.ready()
    expect(ws.restarts).toBe(restarts + 1)
    expect(ws.generation).toBeGreaterThan(generation)
    expect(await inst.callAction('secretFlag', undefined, CALLER)).toMatchObject({ ok: true, result: true, state: before })
    expect(await inst.debugReadPrivateForTests()).toEqual({ loggedIn: true, token: 's3cret' })
    expect(inst.state).toEqual(before)
  })

  it('async actions settle through the action path: awaited result, rejection, a promise that never settles, a thenable', async () => {
    const source = [
      "import { LiveComponent } from '@fluxstack/live'",
      'export class Slow extends LiveComponent {',
      "  static publicActions = ['later', 'reject', 'never', 'thenable', 'big'] as const",
      '  static defaultState = { n: 0 }',
      '  async later(p: { by: number }) { await null; this.setState({ n: this.state.n + p.by }); return { n: this.state.n } }',
      "  async reject() { await null; throw new TypeError('later boom') }",
      '  never() { return new Promise(() => {}) }',
      '  thenable() { return { then(resolve: (v: number) => void) { resolve(7) } } }',
      '  async big() { return 10n }',
      '}',
    ].join('\n')
    await withInstance('components/slow.ts', source, 'Slow', async (s) => {
      expect(await s.callAction('later', { by: 3 }, CALLER)).toMatchObject({ ok: true, failed: false, result: { n: 3 }, state: { n: 3 }, events: [{ kind: 'emit', type: 'STATE_DELTA', payload: { delta: { n: 3 } } }], logs: [] })
      expect(await s.callAction('reject', undefined, CALLER)).toMatchObject({ ok: true, failed: true, error: 'later boom' })
      expect(await s.callAction('never', undefined, CALLER)).toEqual({ ok: false, code: 'ERR_SANDBOX_NEVER_SETTLED', error: 'Sandbox call returned a promise that never settles' })
      expect(await s.callAction('thenable', undefined, CALLER)).toMatchObject({ ok: true, result: 7, state: { n: 3 } })
      expect(await s.callAction('big', undefined, CALLER)).toMatchObject({ ok: true, result: '10n' })
      const circular: Record<string, unknown> = {}
      circular.self = circular
      expect(await s.callAction('later', circular, CALLER)).toEqual({ ok: false, code: 'ERR_SANDBOX_UNSERIALIZABLE', error: 'request is not JSON-serializable' })
      // The instance still works after every failure above.
      expect(await s.callAction('later', { by: 1 }, CALLER)).toMatchObject({ ok: true, result: { n: 4 } })
    })
  })

  it('a value nested too deeply fails cleanly and the instance keeps working', async () => {
    const source = [
      "import { LiveComponent } from '@fluxstack/live'",
      'export class Deep extends LiveComponent<{ n: number }> {',
      "  static publicActions = ['deep', 'inc'] as const",
      '  static defaultState = { n: 0 }',
      '  async deep() { const o: Record<string, unknown> = {}; let cur = o; for (let i = 0; i < 5000; i++) { const next = {}; cur.a = next; cur = next } return o }',
      '  async inc() { this.setState({ n: this.state.n + 1 }); return this.state.n }',
      '}',
    ].join('\n')
    await withInstance('components/deep.ts', source, 'Deep', async (d, ws2) => {
      expect(await d.callAction('inc', undefined, CALLER)).toMatchObject({ ok: true, result: 1 })
      const crashed = await d.callAction('deep', undefined, CALLER)
      expect(crashed.ok).toBe(false)
      // Where the host's native stack runs out first (the main thread's is small), the engine crashes and is
      // replaced; with a bigger stack (a worker thread) the guest hits its own limits first.
      if (!crashed.ok && crashed.code === 'ERR_SANDBOX_CRASHED') expect(crashed.error).toContain('nested too deeply')
      if (!crashed.ok) expect(['ERR_SANDBOX_CRASHED', 'ERR_SANDBOX_TIMEOUT', 'ERR_SANDBOX_STACK_OVERFLOW']).toContain(crashed.code)
      await ws2.ready()
      expect(await d.callAction('inc', undefined, CALLER)).toMatchObject({ ok: true, result: 2, state: { n: 2 } })
    })
  })

  it('a disposed instance refuses calls', async () => {
    const created = await ws.createInstance('Counter', { id: 'Counter-2', auth: { authenticated: false } })
    if (!created.ok) throw new Error(created.error)
    expect(await created.instance.dispose()).toMatchObject({ ok: true })
    expect(await created.instance.callAction('inc', undefined, CALLER)).toEqual({ ok: false, code: 'ERR_SANDBOX_DISPOSED', error: 'Instance Counter-2 was disposed' })
  })
})
