import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadWorkspace } from '@/lib/sandbox'
import type { ComponentInstance, LoadedWorkspace } from '@/lib/sandbox/types'

// The guest serializes state once per call and leaves it out when unchanged; these pin what the host sees.
const PANEL = [
  "import { LiveComponent } from '@fluxstack/live'",
  'export class Panel extends LiveComponent {',
  "  static publicActions = ['noop', 'bump', 'same', 'mutate', 'later', 'fn', 'big', 'loop', 'loopState', 'emitFn', 'emitUndefined'] as const",
  '  static defaultState = { n: 0, items: ["a"] }',
  '  noop() { return 1 }',
  '  bump() { this.setState({ n: this.state.n + 1 }) }',
  '  same() { this.setState({ items: [...this.state.items] }) }',
  '  mutate() { this.state.items.push("b") }',
  '  async later() { await null; this.setState({ n: 100 }); return "done" }',
  '  fn() { return function named() {} }',
  '  big() { return 10n }',
  '  loop() { const o: Record<string, unknown> = {}; o.self = o; return o }',
  '  loopState() { const o: Record<string, unknown> = {}; o.self = o; this.state.bad = o }',
  "  emitFn() { this.emit('E', () => 1) }",
  "  emitUndefined() { this.emit('E') }",
  '}',
].join('\n')

describe('state reported by the guest after a call', () => {
  let ws: LoadedWorkspace
  let inst: ComponentInstance
  beforeAll(async () => {
    ws = await loadWorkspace({ 'components/panel.ts': PANEL })
    const created = await ws.createInstance('Panel', { id: 'Panel-1', auth: { authenticated: false }, props: {} })
    if (!created.ok) throw new Error(created.error)
    inst = created.instance
  })
  afterAll(() => ws.dispose())

  it.each([
    // action, state changed?, state afterwards, events
    ['noop', false, { n: 0, items: ['a'] }, []],
    ['bump', true, { n: 1, items: ['a'] }, [{ kind: 'emit', type: 'STATE_DELTA', payload: { delta: { n: 1 } } }]],
    // A new array is a change for the library's diff (arrays compare by reference), even with equal contents.
    ['same', false, { n: 1, items: ['a'] }, [{ kind: 'emit', type: 'STATE_DELTA', payload: { delta: { items: ['a'] } } }]],
    // A mutation in place sends nothing (no recursive proxy by default), yet the state did change.
    ['mutate', true, { n: 1, items: ['a', 'b'] }, []],
    ['later', true, { n: 100, items: ['a', 'b'] }, [{ kind: 'emit', type: 'STATE_DELTA', payload: { delta: { n: 100 } } }]],
    ['emitUndefined', false, { n: 100, items: ['a', 'b'] }, [{ kind: 'emit', type: 'E' }]],
    // JSON leaves a function out, as the library's emit frame does.
    ['emitFn', false, { n: 100, items: ['a', 'b'] }, [{ kind: 'emit', type: 'E' }]],
  ] as const)('%s: changed=%s', async (action, changed, state, events) => {
    const before = inst.stateVersion
    const out = await inst.callAction(action, undefined, { connectionId: 'c', auth: { authenticated: false } })
    expect(out).toMatchObject({ ok: true, state, events })
    expect(inst.stateVersion !== before).toBe(changed)
    expect(inst.state).toEqual(state)
  })

  it.each([
    ['fn', { ok: true, result: '[function named]' }],
    ['big', { ok: true, result: '10n' }],
    ['loop', { ok: false, code: 'ERR_SANDBOX_UNSERIALIZABLE' }],
    ['loopState', { ok: false, code: 'ERR_SANDBOX_GUEST_THROW' }],
  ] as const)('%s -> %j', async (action, expected) => {
    expect(await inst.callAction(action, undefined, { connectionId: 'c', auth: { authenticated: false } })).toMatchObject(expected)
  })

  it('a property write reports the new state and bumps the version', async () => {
    const created = await ws.createInstance('Panel', { id: 'Panel-2', auth: { authenticated: false }, props: {} })
    if (!created.ok) throw new Error(created.error)
    const fresh = created.instance
    expect(await fresh.updateProperty('n', 7)).toMatchObject({ ok: true, state: { n: 7, items: ['a'] }, events: [{ type: 'STATE_DELTA', payload: { delta: { n: 7 } } }] })
    expect(fresh.stateVersion).toBe(1)
    // The guest now knows the written state: an action that changes nothing reports no change.
    expect(await fresh.callAction('noop', undefined, { connectionId: 'c', auth: { authenticated: false } })).toMatchObject({ ok: true, result: 1, state: { n: 7, items: ['a'] } })
    expect(fresh.stateVersion).toBe(1)
  })
})
