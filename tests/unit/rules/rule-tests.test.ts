import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRuleTests, serializeRuleTests, type RuleTest } from '@/lib/rules/rule-tests'
import { runRuleTests } from '@/lib/rules/rule-test-runner'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import { nativeInputs, workspaceInputs } from './fixtures'

const doc = (tests: unknown[]): string => JSON.stringify({ format: 'live-auth-studio/rule-tests', version: 1, tests })

describe('parseRuleTests / serializeRuleTests', () => {
  const good: RuleTest[] = [
    { id: 't1', persona: 'admin', component: 'Panel', kind: 'mount', expect: 'allow' },
    { id: 't2', persona: 'user', component: 'Panel', kind: 'action', action: 'purge', payload: { id: 1 }, expect: 'deny', reasonContains: 'Insufficient roles' },
    { id: 't3', persona: 'user', kind: 'room', roomId: 'vip-1', expect: 'deny' },
  ]

  it('round-trips a valid document', () => {
    const text = serializeRuleTests(good)
    expect(parseRuleTests(text)).toEqual({ ok: true, value: good })
  })

  it.each<[string, string, string[]]>([
    ['not JSON', '{', ['(document): not valid JSON']],
    ['wrong format', JSON.stringify({ format: 'x', version: 1, tests: [] }), ['format: Invalid input: expected "live-auth-studio/rule-tests"']],
    ['action without action name', doc([{ id: 'a', persona: 'p', component: 'C', kind: 'action', expect: 'deny' }]), ['tests.0.action: an action test needs an action']],
    ['room without roomId, with a component-less mount', doc([{ id: 'a', persona: 'p', kind: 'room', expect: 'deny' }, { id: 'b', persona: 'p', kind: 'mount', expect: 'allow' }]),
      ['tests.0.roomId: a room test needs a roomId', 'tests.1.component: a mount test needs a component']],
    ['reasonContains on allow', doc([{ id: 'a', persona: 'p', component: 'C', kind: 'mount', expect: 'allow', reasonContains: 'x' }]), ['tests.0.reasonContains: reasonContains only applies to expect: deny']],
    ['duplicate ids', doc([{ id: 'a', persona: 'p', component: 'C', kind: 'mount', expect: 'allow' }, { id: 'a', persona: 'q', component: 'C', kind: 'mount', expect: 'deny' }]), ["tests.1.id: duplicate test id 'a'"]],
    ['unknown key', doc([{ id: 'a', persona: 'p', component: 'C', kind: 'mount', expect: 'allow', extra: 1 }]), ['tests.0: Unrecognized key: "extra"']],
  ])('rejects %s with clear issues', (_, text, issues) => {
    expect(parseRuleTests(text)).toEqual({ ok: false, issues })
  })

  it('refuses to serialize invalid tests (programming error)', () => {
    expect(() => serializeRuleTests([{ id: 'x', persona: 'p', kind: 'mount', expect: 'allow' }])).toThrow(
      expect.objectContaining({ code: 'ERR_RULES_INVALID_INPUT', message: 'Invalid rule tests: tests.0.component: a mount test needs a component' }))
  })
})

describe('runRuleTests (native specs)', () => {
  it.each<[string, RuleTest, string, string | undefined]>([
    ['mount allowed', { id: '1', persona: 'user', component: 'Panel', kind: 'mount', expect: 'allow' }, 'pass', undefined],
    ['anonymous mount', { id: '2', persona: 'anonymous', component: 'Panel', kind: 'mount', expect: 'allow' }, 'fail', 'expected allow, got deny: Authentication required (decided by auth.required)'],
    ['reason matches', { id: '3', persona: 'user', component: 'Panel', kind: 'action', action: 'purge', expect: 'deny', reasonContains: 'Required one of: admin' }, 'pass', undefined],
    ['reason differs', { id: '4', persona: 'user', component: 'Panel', kind: 'action', action: 'purge', expect: 'deny', reasonContains: 'permissions' }, 'fail',
      "expected a reason containing 'permissions', got 'Insufficient roles for action 'purge'. Required one of: admin' (decided by actionAuth.roles)"],
    ['room via provider', { id: '5', persona: 'admin', kind: 'room', roomId: 'vip-1', expect: 'allow' }, 'pass', undefined],
    ['room denied', { id: '6', persona: 'user', kind: 'room', roomId: 'vip-1', expect: 'allow' }, 'fail', "expected allow, got deny: Access to room 'vip-1' denied by auth provider 'jwt' (decided by provider.authorizeRoom)"],
    ['unknown persona', { id: '7', persona: 'ghost', component: 'Panel', kind: 'mount', expect: 'allow' }, 'error', "Unknown persona 'ghost'"],
    ['unknown component', { id: '8', persona: 'user', component: 'Nope', kind: 'mount', expect: 'allow' }, 'error', "Unknown component 'Nope'"],
  ])('%s', async (_, test, status, message) => {
    const { results } = await runRuleTests([test], nativeInputs)
    const r = results[0]
    expect(r?.status).toBe(status)
    expect(r && 'message' in r ? r.message : undefined).toBe(message)
    if (r && r.status !== 'error') expect(r.decision.trace.length).toBeGreaterThan(0)
  })

  it('counts', async () => {
    const s = await runRuleTests([
      { id: '1', persona: 'user', component: 'Panel', kind: 'mount', expect: 'allow' },
      { id: '2', persona: 'user', component: 'Panel', kind: 'mount', expect: 'deny' },
      { id: '3', persona: 'x', component: 'Panel', kind: 'mount', expect: 'deny' },
    ], nativeInputs)
    expect([s.passed, s.failed, s.errors]).toEqual([1, 1, 1])
  })
})

describe('runRuleTests on the demo workspace (sandbox rules)', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => { ws = await loadWorkspace(readDemoWorkspace()) })
  afterAll(() => ws.dispose())

  it.each<[RuleTest, 'pass' | 'fail']>([
    [{ id: 'a', persona: 'pro-user', component: 'ProDashboard', kind: 'mount', expect: 'allow' }, 'pass'],
    [{ id: 'b', persona: 'free-user', component: 'ProDashboard', kind: 'mount', expect: 'deny', reasonContains: 'Pro plan required' }, 'pass'],
    [{ id: 'c', persona: 'moderator', component: 'ModerationPanel', kind: 'action', action: 'banUser', expect: 'allow' }, 'pass'],
    [{ id: 'd', persona: 'admin', component: 'LiveAdminPanel', kind: 'action', action: 'delete', payload: { targetUserId: 'u-admin' }, expect: 'allow' }, 'pass'],
    [{ id: 'e', persona: 'admin', component: 'LiveAdminPanel', kind: 'action', action: 'delete', payload: { targetUserId: 'u-free' }, expect: 'allow' }, 'fail'],
    [{ id: 'f', persona: 'pro-user', kind: 'room', roomId: 'vip-lounge', expect: 'allow' }, 'pass'],
    [{ id: 'g', persona: 'free-user', kind: 'room', roomId: 'vip-lounge', expect: 'deny' }, 'pass'],
  ])('$id', async (test, status) => {
    const { results } = await runRuleTests([test], workspaceInputs(ws, DEMO_PERSONAS))
    expect(results[0]?.status).toBe(status)
  })
})

describe('runRuleTests when a component did not load', () => {
  // A top-level TypeError in auth/rules.ts: live-admin-panel.ts imports it and does not load either.
  let ws: LoadedWorkspace
  beforeAll(async () => {
    const files = readDemoWorkspace()
    ws = await loadWorkspace({ ...files, 'auth/rules.ts': `${files['auth/rules.ts'] ?? ''}\nconst settings: any = undefined\nexport const limit = settings.max\n` })
  })
  afterAll(() => ws.dispose())
  const liveAdmin: RuleTest = { id: 'la', persona: 'admin', component: 'LiveAdminPanel', kind: 'mount', expect: 'allow' }

  it('names the load error that kept the component out, not only "Unknown component"', async () => {
    expect(ws.components.map((c) => c.name)).not.toContain('LiveAdminPanel')
    const { results } = await runRuleTests([liveAdmin], workspaceInputs(ws, DEMO_PERSONAS), { loadErrors: ws.diagnostics })
    expect(results[0]).toMatchObject({ status: 'error' })
    const message = results[0] && 'message' in results[0] ? results[0].message : ''
    expect(message).toMatch(/^LiveAdminPanel did not load: components\/live-admin-panel\.ts was not loaded because auth\/rules\.ts failed to load: TypeError: cannot read property 'max' of undefined \(auth\/rules\.ts:\d+:\d+\)$/)
  })

  it('a name no file defines, in a workspace with a load error, points at that error as the likely reason', async () => {
    const { results } = await runRuleTests([{ ...liveAdmin, component: 'Nowhere' }], workspaceInputs(ws, DEMO_PERSONAS), { loadErrors: ws.diagnostics })
    const message = results[0] && 'message' in results[0] ? results[0].message : ''
    expect(message).toMatch(/^Unknown component 'Nowhere'\. The workspace has a load error, which may be why: auth\/rules\.ts:\d+:\d+ TypeError: cannot read property 'max' of undefined$/)
  })

  it('without load errors an unknown component stays a plain "Unknown component"', async () => {
    const { results } = await runRuleTests([{ ...liveAdmin, component: 'Nowhere' }], workspaceInputs(ws, DEMO_PERSONAS), { loadErrors: [] })
    expect(results[0] && 'message' in results[0] ? results[0].message : '').toBe("Unknown component 'Nowhere'")
  })
})
