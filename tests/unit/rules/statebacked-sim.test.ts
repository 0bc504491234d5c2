import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simulateStateBacked, type SimInput } from '@/lib/rules/statebacked-sim'
import { loadWorkspace } from '@/lib/sandbox'
import type { GuestResult, LoadedWorkspace, SandboxMachine } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'

const token = (act: Record<string, unknown>) => ({ act, aud: 'https://api.statebacked.dev/', iat: 1, exp: 2 })

describe('simulateStateBacked on the demo machines (sandbox)', () => {
  let ws: LoadedWorkspace
  const machine = (name: string): SandboxMachine => {
    const m = ws.machines.find((k) => k.name === name)
    if (!m) throw new Error(`no machine ${name}`)
    return m
  }
  beforeAll(async () => { ws = await loadWorkspace(readDemoWorkspace()) })
  afterAll(() => ws.dispose())

  it.each<[string, string, Omit<SimInput, 'machine'>, 'allow' | 'deny', string]>([
    ['owner reads own profile', 'profile', { instance: { name: 'u-pro' }, request: { kind: 'read' }, tokenPayload: token({ sub: 'u-pro' }) }, 'allow', 'allowRead returned true (boolean)'],
    ['someone else reads it', 'profile', { instance: { name: 'u-pro' }, request: { kind: 'read' }, tokenPayload: token({ sub: 'u-free' }) }, 'deny', 'allowRead returned false (boolean): denied'],
    ['sub fallback initializes', 'profile', { instance: { name: 'u-pro' }, request: { kind: 'initialization' }, tokenPayload: { sub: 'u-pro' } }, 'allow', 'allowWrite returned true (boolean)'],
    ['group member writes the board', 'team-board', { instance: { name: 'b1', state: 'open', context: { allowedGroups: ['eng'] } }, request: { kind: 'write', event: { type: 'add' } }, tokenPayload: token({ sub: 'x', groups: ['eng'] }) }, 'allow', 'allowWrite returned true (boolean)'],
    ['outsider reads the board', 'team-board', { instance: { name: 'b1', context: { allowedGroups: ['eng'] } }, request: { kind: 'read' }, tokenPayload: token({ sub: 'x', groups: ['ops'] }) }, 'deny', 'allowRead returned false (boolean): denied'],
  ])('%s', async (_, name, input, verdict, reason) => {
    const r = await simulateStateBacked({ machine: machine(name), ...input })
    expect([r.verdict, r.reason]).toEqual([verdict, reason])
    expect(r.trace.map((s) => s.step)).toEqual(['authContext', 'authorizer', 'result', 'coercion'])
  })

  it('shows the authContext and the authorizer inputs', async () => {
    const r = await simulateStateBacked({ machine: machine('profile'), instance: { name: 'u-pro', state: 's', context: {} }, request: { kind: 'write', event: { type: 'rename' } }, tokenPayload: token({ sub: 'u-pro', plan: 'pro' }) })
    expect(r.authContext).toEqual({ sub: 'u-pro', plan: 'pro' })
    expect(r.trace[0]?.detail).toBe('authContext from the act claim')
    expect(r.trace[1]?.inputs).toEqual({ machineInstanceName: 'u-pro', authContext: { sub: 'u-pro', plan: 'pro' }, state: 's', context: {}, event: { type: 'rename' } })
  })
})

describe('simulateStateBacked coercion (stub machines)', () => {
  const stub = (result: GuestResult, over: Partial<SandboxMachine> = {}): SandboxMachine => ({ name: 'm', file: 'machines/m.ts', allowRead: async () => result, allowWrite: async () => result, ...over })
  const run = (machine: SandboxMachine, payload: Record<string, unknown> = token({ sub: 'a' })) =>
    simulateStateBacked({ machine, instance: { name: 'a' }, request: { kind: 'read' }, tokenPayload: payload })

  it.each<[string, SandboxMachine, string]>([
    ['truthy string', stub({ ok: true, value: 'yes' }), "allowRead returned 'yes' (string): not boolean true: denied (only true allows; a truthiness check would have allowed it)"],
    ['number 1', stub({ ok: true, value: 1 }), 'allowRead returned 1 (number): not boolean true: denied (only true allows; a truthiness check would have allowed it)'],
    ['undefined', stub({ ok: true, value: undefined }), 'allowRead returned undefined: not boolean true: denied (only true allows)'],
    ['timeout', stub({ ok: false, code: 'ERR_SANDBOX_TIMEOUT', message: 'allowRead exceeded 50 ms' }), 'allowRead timed out (ERR_SANDBOX_TIMEOUT): allowRead exceeded 50 ms'],
    ['throw', stub({ ok: false, code: 'ERR_SANDBOX_GUEST_THROW', message: 'boom' }), 'allowRead failed (ERR_SANDBOX_GUEST_THROW): boom'],
    ['missing export', { name: 'm', file: 'machines/m.ts' }, 'machines/m.ts exports no allowRead: State Backed denies every read'],
  ])('%s denies', async (_, machine, reason) => {
    const r = await run(machine)
    expect([r.verdict, r.reason]).toEqual(['deny', reason])
  })

  it('awaits the authorizer: a stub that resolves later with true allows', async () => {
    const later: SandboxMachine = { name: 'm', file: 'machines/m.ts', allowRead: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: true }), 5)) }
    const r = await run(later)
    expect([r.verdict, r.reason]).toEqual(['allow', 'allowRead returned true (boolean)'])
  })

  it('denies a token without act or sub before calling anything', async () => {
    let called = false
    const r = await run(stub({ ok: true, value: true }, { allowRead: async () => { called = true; return { ok: true, value: true } } }), { aud: 'x' })
    expect([r.verdict, r.reason, called]).toEqual(['deny', 'the token has neither an act claim nor a sub: there is no authContext', false])
  })
})
