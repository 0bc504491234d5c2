/**
 * The sandbox on worker threads: a watchdog stops a worker stuck inside a
 * built-in, only the overrunning request fails, everything else is answered,
 * and instances come back with their state and $private after any restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthContext } from '@/lib/auth/context'
import { taggedContext } from '@/lib/auth/context'
import { loadWorkspace, sandboxPool } from '@/lib/sandbox'
import type { ComponentInstance, LoadedWorkspace } from '@/lib/sandbox/types'
import type { LiveAuthContext } from '@/lib/auth/types'
import { FairQueue } from '@/lib/sandbox/worker/fair-queue'
import { poolOptionsFromEnv } from '@/lib/sandbox/worker/pool'

const CHAT = `import { LiveComponent } from '@fluxstack/live'
export class Chat extends LiveComponent<{ messages: string[] }, { loggedIn?: boolean; name?: string }> {
  static componentName = 'Chat'
  static publicActions = ['login', 'send', 'slow', 'bomb'] as const
  static defaultState = { messages: [] as string[] }
  async login(p: { name: string }) { this.$private.loggedIn = true; this.$private.name = p.name; return true }
  async send(p: { text: string }) {
    if (!this.$private.loggedIn) throw new Error('Not authenticated')
    this.setState({ messages: [...this.state.messages, this.$private.name + ': ' + p.text] })
    return this.state.messages.length
  }
  async slow() { return (10n ** 300000n).toString().length }
  async bomb() { const a: number[][] = []; for (;;) a.push(new Array(100000).fill(7)) }
}
export class Gate extends LiveComponent {
  static componentName = 'Gate'
  static auth = { authorize: (auth: any) => auth.session?.id === 'u-1' }
}
export class SlowGate extends LiveComponent {
  static componentName = 'SlowGate'
  static auth = { authorize: () => (10n ** 300000n).toString().length > 0 }
}
`

const caller = { connectionId: 'c-1', auth: { authenticated: false as const } }
const anon = { authenticated: false as const }

async function mount(ws: LoadedWorkspace, id: string): Promise<ComponentInstance> {
  const r = await ws.createInstance('Chat', { id, auth: anon })
  if (!r.ok) throw new Error(r.error)
  return r.instance
}

describe('sandbox workers', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => {
    ws = await loadWorkspace({ 'components/chat.ts': CHAT }, { deadlineMs: 50 })
  }, 30_000)
  afterAll(() => ws.dispose())

  // Rule functions built from guest code return a promise (RuleFunction is typed `=> unknown`).
  type GuestRule = (auth: LiveAuthContext, payload?: unknown) => Promise<unknown>
  const gate = () => ws.components.find((c) => c.name === 'Gate')!.auth!.authorize! as GuestRule
  const slowGate = () => ws.components.find((c) => c.name === 'SlowGate')!.auth!.authorize! as GuestRule

  it('runs workspace code on worker threads (two or more by default)', () => {
    expect(sandboxPool().workerCount).toBeGreaterThanOrEqual(1)
    // Next's types make NODE_ENV a required key of ProcessEnv.
    const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv
    expect(poolOptionsFromEnv(env({})).workers).toBeGreaterThanOrEqual(2)
    expect(poolOptionsFromEnv(env({ STUDIO_SANDBOX_WORKERS: '3' })).workers).toBe(3)
    expect(poolOptionsFromEnv(env({ STUDIO_SANDBOX_WORKERS: '0' })).workers).toBe(0)
    expect(poolOptionsFromEnv(env({ STUDIO_SANDBOX_WORKERS: 'lots' })).workers).toBeGreaterThanOrEqual(2)
  })

  it('stops a call stuck inside a built-in soon after its deadline; the calls queued behind it are all answered', async () => {
    const before = { restarts: ws.restarts, replacements: sandboxPool().replacements }
    const started = performance.now()
    const stuck = slowGate()(createAuthContext({ id: 'u-1' })).then(() => 'allowed', (e: { code?: string; message?: string }) => e)
    const others = Array.from({ length: 20 }, (_, i) => gate()(createAuthContext({ id: i % 2 === 0 ? 'u-1' : 'u-2' })))
    const failure = await stuck
    const elapsed = performance.now() - started
    expect(failure).toMatchObject({ code: 'ERR_SANDBOX_TIMEOUT' })
    expect((failure as { message: string }).message).toMatch(/^Sandbox call exceeded 50 ms deadline \(stopped after \d+ ms inside a built-in; the engine was restarted\)$/)
    // 50 ms deadline + 100 ms grace + the watchdog's 10 ms tick, once the worker used that much CPU (on a busy
    // machine a starved worker is given up to 2 s more, see overrun-judge.ts); the built-in alone needs 3 s of CPU.
    expect(elapsed).toBeLessThan(3000)
    expect(await Promise.all(others)).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 0))
    expect(sandboxPool().replacements).toBe(before.replacements + 1)
    expect(ws.restarts).toBeGreaterThan(before.restarts)
  }, 30_000)

  it('an instance keeps its state and $private across a worker the watchdog replaced (nobody is logged out)', async () => {
    const chat = await mount(ws, 'chat-1')
    expect((await chat.callAction('login', { name: 'ada' }, caller)).ok).toBe(true)
    expect(await chat.callAction('send', { text: 'one' }, caller)).toMatchObject({ ok: true, failed: false, result: 1 })
    const slow = await chat.callAction('slow', undefined, caller)
    expect(slow).toMatchObject({ ok: false, code: 'ERR_SANDBOX_TIMEOUT' })
    const after = await chat.callAction('send', { text: 'two' }, caller)
    expect(after).toMatchObject({ ok: true, failed: false, result: 2, state: { messages: ['ada: one', 'ada: two'] } })
    expect(await chat.debugReadPrivateForTests()).toEqual({ loggedIn: true, name: 'ada' })
  }, 30_000)

  it('an instance keeps its $private across an engine rebuilt after running out of memory; the others too', async () => {
    // A generous deadline: allocation inside the engine is not interruptible, so a short one would let the watchdog act first.
    const roomy = await loadWorkspace({ 'components/chat.ts': CHAT }, { deadlineMs: 3000 })
    try {
      const a = await mount(roomy, 'chat-a')
      const b = await mount(roomy, 'chat-b')
      await a.callAction('login', { name: 'a' }, caller)
      await b.callAction('login', { name: 'b' }, caller)
      const generation = roomy.generation
      expect(await a.callAction('bomb', undefined, caller)).toMatchObject({ ok: false, code: 'ERR_SANDBOX_OUT_OF_MEMORY' })
      await roomy.ready()
      expect(await b.callAction('send', { text: 'still here' }, caller)).toMatchObject({ ok: true, failed: false, result: 1 })
      expect(await a.callAction('send', { text: 'me too' }, caller)).toMatchObject({ ok: true, failed: false, result: 1 })
      expect(roomy.generation).toBeGreaterThan(generation)
      expect(b.bytes).toBeGreaterThan(0)
    } finally {
      roomy.dispose()
    }
  }, 30_000)

  it('an engine too full even to copy an answer out reports out of memory (never a broken answer), and recovers', async () => {
    const tight = await loadWorkspace({ 'components/chat.ts': CHAT }, { memoryBytes: 16 * 1024 * 1024, deadlineMs: 3000 })
    try {
      const chats = await Promise.all(Array.from({ length: 8 }, (_, i) => mount(tight, `full-${i}`)))
      for (const chat of chats) await chat.callAction('login', { name: 'n' }, caller)
      const text = 'x'.repeat(16 * 1024)
      const codes = new Set<string>()
      for (let round = 0; round < 80 && !codes.has('ERR_SANDBOX_OUT_OF_MEMORY'); round++) {
        for (const chat of chats) {
          const r = await chat.callAction('send', { text }, caller)
          codes.add(r.ok ? (r.failed ? `failed: ${r.error}` : 'ok') : r.code)
        }
      }
      expect([...codes].every((c) => c === 'ok' || c === 'ERR_SANDBOX_OUT_OF_MEMORY')).toBe(true)
      expect(codes.has('ERR_SANDBOX_OUT_OF_MEMORY')).toBe(true)
      await tight.ready()
      const fresh = await mount(tight, 'after-full')
      expect((await fresh.callAction('login', { name: 'again' }, caller)).ok).toBe(true)
    } finally {
      tight.dispose()
    }
  }, 60_000)

  it('charges the worker time of every call to the lane of the context it was made with; a stopped call is marked', async () => {
    const charges: { ms: number; stopped: boolean }[] = []
    const lane = { key: 'lane-1', charge: (ms: number, stopped: boolean) => void charges.push({ ms, stopped }) }
    const tagged = taggedContext(createAuthContext({ id: 'u-1' }), lane)
    expect(await gate()(tagged)).toBe(true)
    expect(charges).toHaveLength(1)
    expect(charges[0]!.stopped).toBe(false)
    expect(charges[0]!.ms).toBeGreaterThan(0)
    await Promise.resolve(slowGate()(tagged)).catch(() => undefined)
    expect(charges.at(-1)).toMatchObject({ stopped: true })
    expect(charges.at(-1)!.ms).toBeGreaterThanOrEqual(50)
    // An instance is charged to the lane it was created with.
    const r = await ws.createInstance('Chat', { id: 'chat-lane', auth: anon, lane })
    if (!r.ok) throw new Error(r.error)
    const before = charges.length
    await r.instance.callAction('login', { name: 'x' }, caller)
    expect(charges.length).toBe(before + 1)
  }, 30_000)

  it('a version whose load hangs inside a built-in is reported, not fatal', async () => {
    const hung = await loadWorkspace({ 'components/top.ts': "import { LiveComponent } from '@fluxstack/live'\nconst n = (10n ** 300000n).toString().length\nexport class Top extends LiveComponent { static componentName = 'Top' }\n" }, { loadDeadlineMs: 100 })
    expect(hung.components).toEqual([])
    expect(hung.diagnostics.some((d) => d.severity === 'error' && /load deadline/.test(d.message))).toBe(true)
    hung.dispose()
    // The pool still serves the others.
    expect(await gate()(createAuthContext({ id: 'u-1' }))).toBe(true)
  }, 30_000)
})

describe('FairQueue', () => {
  it('serves lanes in turn, urgent items first', () => {
    const q = new FairQueue<{ lane: string; n: number }>()
    for (let n = 0; n < 5; n++) q.push({ lane: 'flood', n })
    q.push({ lane: 'quiet', n: 100 })
    q.pushUrgent([{ lane: 'x', n: -1 }])
    expect(q.size).toBe(7)
    expect(q.take(4).map((i) => i.n)).toEqual([-1, 0, 100, 1])
    expect(q.take(10).map((i) => i.n)).toEqual([2, 3, 4])
    expect(q.size).toBe(0)
  })

  it('drains everything when a worker goes away', () => {
    const q = new FairQueue<{ lane: string; n: number }>()
    q.push({ lane: 'a', n: 1 })
    q.push({ lane: 'b', n: 2 })
    q.pushUrgent([{ lane: 'u', n: 0 }])
    expect(q.drain().map((i) => i.n)).toEqual([0, 1, 2])
    expect(q.size).toBe(0)
  })
})
