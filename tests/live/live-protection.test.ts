/**
 * Hostile code and traffic against the live server (issue 13): a call stuck
 * in a built-in is stopped without freezing anyone, a crash logs nobody out,
 * sandbox time and the studio thread's time are budgeted per connection and
 * address, runaway state is
 * refused per component, and live sockets are capped per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { statusOf } from '@/lib/server/status'
import { getRuntime } from '@/lib/server/registry'
import { LiveClient, mountedId, startHarness, type Harness } from './helpers/live-harness'
import { refusedUpgrade } from './helpers/ws-client'

const HOG = `import { LiveComponent } from '@fluxstack/live'
export class Hog extends LiveComponent<{ items: string[] }> {
  static componentName = 'Hog'
  static publicActions = ['spin', 'quick', 'grow', 'bomb'] as const
  static defaultState = { items: [] as string[] }
  async spin() { return (10n ** 300000n).toString().length }
  async quick() { return 1 }
  async grow(p: { size: number }) { this.setState({ items: [...this.state.items, 'x'.repeat(p.size)] }); return this.state.items.length }
  async bomb() { const a: number[][] = []; for (;;) a.push(new Array(100000).fill(7)) }
}
`

async function withHog(h: Harness): Promise<void> {
  const store = h.server.store
  const current = (await store.workspaces.get(DEMO_WORKSPACE_ID))!.currentVersion
  await store.workspaces.save(DEMO_WORKSPACE_ID, { ...(await store.workspaces.version(DEMO_WORKSPACE_ID, current)).files, 'components/hog.ts': HOG }, 'hog')
  await h.server.workspaceHost.reload()
}

async function chatUser(h: Harness): Promise<{ client: LiveClient; chat: string }> {
  const client = await LiveClient.open(h.wsUrl, {}, '127.0.0.2')
  const chat = mountedId(await client.mount('LiveChat'))
  expect((await client.action(chat, 'login', { email: 'ada@example.com', password: 'demo' })).result).toMatchObject({ success: true })
  return { client, chat }
}

describe('a call stuck in a built-in, and crashes', () => {
  let h: Harness
  beforeAll(async () => {
    // Generous budgets here: these tests are about the watchdog, not the budget.
    h = await startHarness({ sandboxBudget: { anonymousMsPerSecond: 100_000, connectionMsPerSecond: 100_000, addressMsPerSecond: 100_000, stopPenaltyMs: 0 } })
    await withHog(h)
  }, 30_000)
  afterAll(() => h.close())

  it('stops it soon after its deadline with a clear error; a logged-in bystander on the same engine stays logged in', async () => {
    const victim = await chatUser(h)
    expect((await victim.client.action(victim.chat, 'sendMessage', { text: 'before' })).success).toBe(true)
    const attacker = await LiveClient.open(h.wsUrl)
    const hog = mountedId(await attacker.mount('Hog'))
    const started = performance.now()
    const answer = await attacker.action(hog, 'spin')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(answer).toMatchObject({ type: 'ACTION_RESPONSE', success: false, error: expect.stringMatching(/^Sandbox call exceeded 50 ms deadline \(stopped after \d+ ms inside a built-in; the engine was restarted\)$/) as unknown })
    // The library's shape for a body that failed: ERROR {componentId, payload: {action, error}} too.
    expect(attacker.frames.some((f) => f.type === 'ERROR' && (f.payload as { action?: string } | undefined)?.action === 'spin')).toBe(true)
    const after = await victim.client.action(victim.chat, 'sendMessage', { text: 'after' })
    expect(after).toMatchObject({ success: true })
    const state = await victim.client.request({ type: 'CALL_ACTION', componentId: victim.chat, action: 'sendMessage', payload: { text: 'third' } })
    expect(state.success).toBe(true)
    expect((await statusOf(getRuntime())).sandbox.replacements).toBeGreaterThanOrEqual(1)
    attacker.close()
    victim.client.close()
  }, 30_000)

  it('an instance that runs its engine out of memory is unmounted with a clear error; the others keep their state and login', async () => {
    const victim = await chatUser(h)
    const attacker = await LiveClient.open(h.wsUrl)
    const hog = mountedId(await attacker.mount('Hog'))
    const answer = await attacker.action(hog, 'bomb', undefined)
    expect(answer.success).toBe(false)
    expect(String(answer.error)).toMatch(/Sandbox (out of memory|call exceeded)/)
    expect((await victim.client.action(victim.chat, 'sendMessage', { text: 'still logged in' })).success).toBe(true)
    attacker.close()
    victim.client.close()
  }, 30_000)
})

describe('sandbox time budgets', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness({ sandboxBudget: { anonymousMsPerSecond: 50, connectionMsPerSecond: 100, addressMsPerSecond: 1000, burstSeconds: 1, stopPenaltyMs: 2000 } })
    await withHog(h)
  }, 30_000)
  afterAll(() => h.close())

  it('charges a stopped call in full plus a penalty, so it cannot be repeated back to back; other connections go on', async () => {
    const attacker = await LiveClient.open(h.wsUrl)
    const hog = mountedId(await attacker.mount('Hog'))
    expect((await attacker.action(hog, 'spin')).success).toBe(false)
    const refused = await attacker.action(hog, 'spin')
    expect(refused).toMatchObject({ type: 'ERROR', error: expect.stringMatching(/^Sandbox time budget used up for this connection \(50 ms per second for an anonymous connection\); try again in \d+(\.\d)? s$/) as unknown })
    const other = await LiveClient.open(h.wsUrl, {}, '127.0.0.2')
    const quick = mountedId(await other.mount('Hog'))
    expect((await other.action(quick, 'quick')).success).toBe(true)
    expect((await statusOf(getRuntime())).sandbox.budgetRefusals).toBeGreaterThanOrEqual(1)
    attacker.close()
    other.close()
  }, 30_000)
})

describe("the studio thread's budget", () => {
  let h: Harness
  beforeAll(async () => {
    // Large states: the memory limits are out of the way; the thread's budget is what stops the client.
    h = await startHarness({ loopBudget: { anonymousMsPerSecond: 5, burstSeconds: 1 }, memoryLimits: { instanceBytes: 8 << 20, anonymousConnectionBytes: 8 << 20 } })
    await withHog(h)
  }, 30_000)
  afterAll(() => h.close())

  it('charges the bytes a client is sent: one that grows a large state is refused, others go on', async () => {
    const attacker = await LiveClient.open(h.wsUrl)
    const hog = mountedId(await attacker.mount('Hog'))
    let refusal: Record<string, unknown> | undefined
    for (let i = 0; i < 40 && refusal === undefined; i++) {
      const r = await attacker.action(hog, 'grow', { size: 16 * 1024 })
      if (r.type === 'ERROR') refusal = r
      else expect(r.success).toBe(true)
    }
    // Each answer carries the whole list (the library's delta of an array): 5 ms a second and 32 KiB a millisecond
    // (loop-budget.ts) run out within a few hundred KiB, long before 40 calls.
    expect(refusal).toMatchObject({ error: expect.stringMatching(/^Server time budget used up for this connection \(5 ms per second for an anonymous connection\); try again in \d+(\.\d)? s$/) as unknown })
    const other = await LiveClient.open(h.wsUrl, {}, '127.0.0.2')
    const quick = mountedId(await other.mount('Hog'))
    expect((await other.action(quick, 'quick')).success).toBe(true)
    expect((await statusOf(getRuntime())).sandbox.budgetRefusals).toBeGreaterThanOrEqual(1)
    attacker.close()
    other.close()
  }, 30_000)
})

describe('memory per component and connection', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness({ memoryLimits: { instanceBytes: 64 * 1024, anonymousConnectionBytes: 96 * 1024, connectionBytes: 512 * 1024 } })
    await withHog(h)
  }, 30_000)
  afterAll(() => h.close())

  it('refuses the component whose state runs away and unmounts it; the next call is told to re-hydrate', async () => {
    const c = await LiveClient.open(h.wsUrl)
    const hog = mountedId(await c.mount('Hog'))
    expect((await c.action(hog, 'grow', { size: 40_000 })).success).toBe(true)
    const over = await c.action(hog, 'grow', { size: 40_000 })
    expect(over).toMatchObject({ success: false, error: expect.stringMatching(/^Component 'Hog' was unmounted: its state and \$private hold \d+ KiB, over the studio's limit of 64 KiB per component$/) as unknown })
    expect(await c.action(hog, 'quick')).toMatchObject({ success: false, error: `COMPONENT_REHYDRATION_REQUIRED:${hog}` })
    // A fresh component on the same connection works.
    const again = mountedId(await c.mount('Hog'))
    expect((await c.action(again, 'quick')).success).toBe(true)
    expect((await statusOf(getRuntime())).sandbox.refusedInstances).toBeGreaterThanOrEqual(1)
    c.close()
  }, 30_000)

  it('limits an anonymous connection across its components', async () => {
    const c = await LiveClient.open(h.wsUrl)
    const a = mountedId(await c.mount('Hog'))
    const b = mountedId(await c.mount('Hog'))
    expect((await c.action(a, 'grow', { size: 50_000 })).success).toBe(true)
    const over = await c.action(b, 'grow', { size: 50_000 })
    expect(over).toMatchObject({ success: false, error: expect.stringMatching(/over the studio's limit of 96 KiB per anonymous connection$/) as unknown })
    expect((await c.action(a, 'quick')).success).toBe(true)
    c.close()
  }, 30_000)
})

describe('live connection caps', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness({ connectionCaps: { total: 50, perAddress: 5 } })
  }, 30_000)
  afterAll(() => h.close())

  it('refuses a socket over the per-address cap with 503 and Retry-After; another address still gets in', async () => {
    const held: LiveClient[] = []
    for (let i = 0; i < 5; i++) held.push(await LiveClient.open(h.wsUrl))
    const refused = await refusedUpgrade(h.wsUrl)
    expect(refused).toEqual({ status: 503, body: 'Too many live connections from your address (max 5); close some or try again later.' })
    const elsewhere = await LiveClient.open(h.wsUrl, {}, '127.0.0.2')
    expect(elsewhere.connectionId).not.toBe('')
    held[0]!.close()
    await held[0]!.closed
    await new Promise((r) => setTimeout(r, 50))
    const freed = await LiveClient.open(h.wsUrl)
    expect(freed.connectionId).not.toBe('')
    for (const c of [...held, elsewhere, freed]) c.close()
    expect((await statusOf(getRuntime())).sandbox.refusedConnections).toBe(1)
  }, 30_000)
})
