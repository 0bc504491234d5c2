import { describe, expect, it } from 'vitest'
import { ANSWER_WINDOW_MS, ExchangeObserver, type Exchange } from '@/lib/live/proxy/observer'

function setup() {
  let now = 1_000
  const done: Exchange[] = []
  const left: string[] = []
  const o = new ExchangeObserver({ emit: (e) => done.push(e), onRequest: (r) => `tag:${r.kind}`, onLeave: (c, r) => left.push(`${c}/${r}`), now: () => now })
  const send = (m: unknown) => o.fromClient(JSON.stringify(m))
  const answer = (m: unknown) => o.fromUpstream(JSON.stringify(m))
  return { o, done, left, send, answer, tick: (ms: number) => { now += ms } }
}

describe('ExchangeObserver', () => {
  it('matches answers to requests by requestId and learns component names from mount answers', () => {
    const { done, send, answer } = setup()
    send({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat' }, requestId: 'm1' })
    answer({ type: 'MESSAGE_RESPONSE', success: true, result: { componentId: 'c1' }, requestId: 'm1' })
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'send', payload: { text: 'hi' }, requestId: 'a1', expectResponse: true })
    answer({ type: 'ACTION_RESPONSE', componentId: 'c1', success: false, error: 'AUTH_DENIED: nope', requestId: 'a1' })
    expect(done.map((e) => [e.request.kind, e.reply, e.tag])).toEqual([
      ['mount', { ok: true }, 'tag:mount'],
      ['action', { ok: false, error: 'AUTH_DENIED: nope' }, 'tag:action'],
    ])
    expect(done[1]?.request).toMatchObject({ component: 'LiveChat', action: 'send' })
  })

  it('counts a request the library answers only on failure as allowed once the window passes', () => {
    const { o, done, send, tick } = setup()
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'go', requestId: 'a1' })
    o.sweep()
    expect(done).toHaveLength(0)
    tick(ANSWER_WINDOW_MS + 1)
    o.sweep()
    expect(done[0]?.reply).toEqual({ ok: true, inferred: true })
  })

  it('waits for a slow answer to a request that expects one, however late; unanswered at close is counted, not logged', () => {
    const { o, done, send, answer, tick } = setup()
    send({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat' }, requestId: 'm1' })
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'go', requestId: 'a1', expectResponse: true })
    tick(ANSWER_WINDOW_MS * 3)
    o.sweep()
    expect(done).toHaveLength(0)
    answer({ type: 'MESSAGE_RESPONSE', success: true, result: { componentId: 'c7' }, requestId: 'm1' })
    expect(done.map((e) => e.reply)).toEqual([{ ok: true }])
    o.close()
    expect(done).toHaveLength(1)
    expect(o.unanswered).toBe(1)
  })

  it('keeps at most 256 requests waiting per connection (a flood cannot grow memory)', () => {
    const { o, send } = setup()
    for (let i = 0; i < 1000; i++) send({ type: 'ROOM_EMIT', componentId: 'c1', roomId: 'r', payload: { event: 'e', data: i }, requestId: `e${i}` })
    expect(o.waiting).toBe(256)
  })

  it('does not settle an action from the component ERROR frame the library sends beside its ACTION_RESPONSE', () => {
    const { done, send, answer } = setup()
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'banUser' })
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'toString' })
    answer({ type: 'ERROR', componentId: 'c1', payload: { action: 'toString', error: "Action 'toString' is not callable" } })
    expect(done).toEqual([])
  })

  it('does not log requests refused before any rule: validation, rate limit', () => {
    const { o, done, send, answer } = setup()
    send({ type: 'PROPERTY_UPDATE', componentId: 'c1', property: 'a', requestId: 'p1' })
    answer({ type: 'MESSAGE_RESPONSE', success: false, error: 'Invalid message: PROPERTY_UPDATE requires payload.value', requestId: 'p1' })
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'go', requestId: 'a2', expectResponse: true })
    answer({ type: 'ERROR', error: 'Rate limit exceeded' })
    expect(done).toEqual([])
    expect(o.refusedBeforeDecision).toBe(2)
    expect(o.waiting).toBe(0)
  })

  it('does not log a re-hydration refused by the signature check, which the library runs before any rule', () => {
    const { o, done, send, answer } = setup()
    const signedState = { data: '{}', signature: 'x', timestamp: 0, version: 1, componentId: 'c0' }
    send({ type: 'COMPONENT_REHYDRATE', componentId: 'c0', payload: { component: 'Nope', signedState }, requestId: 'r1' })
    answer({ type: 'COMPONENT_REHYDRATED', componentId: 'c0', success: false, error: 'Invalid signature', requestId: 'r1' })
    send({ type: 'COMPONENT_REHYDRATE', componentId: 'c0', payload: { component: 'Nope', signedState }, requestId: 'r2' })
    answer({ type: 'COMPONENT_REHYDRATED', componentId: 'c0', success: false, error: 'State expired', requestId: 'r2' })
    expect(done).toEqual([])
    expect(o.refusedBeforeDecision).toBe(2)
  })

  it('tells of the room a mount or re-hydration with payload.room joined, under the new component id', () => {
    const joined: string[] = []
    const o = new ExchangeObserver({ emit: () => undefined, onJoin: (c, r) => joined.push(`${c}/${r}`) })
    const signedState = { data: '{}', signature: 'x', timestamp: 0, version: 1, componentId: 'old' }
    o.fromClient(JSON.stringify({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', room: 'lobby' }, requestId: 'm1' }))
    o.fromUpstream(JSON.stringify({ type: 'MESSAGE_RESPONSE', success: true, result: { componentId: 'c1' }, requestId: 'm1' }))
    o.fromClient(JSON.stringify({ type: 'COMPONENT_REHYDRATE', componentId: 'old', payload: { component: 'LiveChat', signedState, room: 'lobby' }, requestId: 'r1' }))
    o.fromUpstream(JSON.stringify({ type: 'COMPONENT_REHYDRATED', componentId: 'old', success: true, result: { newComponentId: 'c2' }, requestId: 'r1' }))
    o.fromClient(JSON.stringify({ type: 'COMPONENT_REHYDRATE', componentId: 'old', payload: { component: 'LiveChat', signedState, room: 'lobby' }, requestId: 'r2' }))
    o.fromUpstream(JSON.stringify({ type: 'COMPONENT_REHYDRATED', componentId: 'old', success: false, error: 'AUTH_DENIED: no', requestId: 'r2' }))
    expect(joined).toEqual(['c1/lobby', 'c2/lobby'])
  })

  it('matches an answer without requestId to the oldest request of that component', () => {
    const { done, send, answer } = setup()
    send({ type: 'CALL_ACTION', componentId: 'c9', action: 'x' })
    send({ type: 'CALL_ACTION', componentId: 'c1', action: 'y' })
    answer({ type: 'ACTION_RESPONSE', componentId: 'c1', success: false, error: 'COMPONENT_REHYDRATION_REQUIRED:c1' })
    expect(done.map((e) => [e.request.kind === 'action' ? e.request.action : '', e.reply])).toEqual([['y', { ok: false, error: 'COMPONENT_REHYDRATION_REQUIRED:c1' }]])
  })

  it('reports AUTH failures as the client sees them, room leaves and unmounts as no decision', () => {
    const { done, left, send, answer } = setup()
    send({ type: 'AUTH', payload: { token: 'x' }, requestId: 'r1' })
    answer({ type: 'AUTH_RESPONSE', success: false, payload: { authenticated: false, error: 'Authentication failed' }, requestId: 'r1' })
    send({ type: 'ROOM_LEAVE', componentId: 'c1', roomId: 'lobby' })
    send({ type: 'COMPONENT_UNMOUNT', componentId: 'c1' })
    expect(done.map((e) => [e.request.kind, e.reply])).toEqual([['auth', { ok: false, error: 'Authentication failed' }]])
    expect(left).toEqual(['c1/lobby'])
  })

  it('ignores frames it cannot or must not read: not JSON, arrays, nesting past 32', () => {
    const { o, done } = setup()
    o.fromClient('{not json')
    o.fromClient('[{"type":"AUTH"}]')
    o.fromClient(`{"type":"CALL_ACTION","componentId":"c","action":"a","payload":${'['.repeat(40)}${']'.repeat(40)},"requestId":"q"}`)
    o.fromClient(JSON.stringify({ type: 'COMPONENT_MOUNT', payload: { component: 'x'.repeat(70_000) }, requestId: 'big' }))
    expect(o.requests).toBe(0)
    expect(o.unobserved).toBe(2)
    o.close()
    expect(done).toEqual([])
  })

  it('settles everything still waiting when the connection closes: silent ones as allowed, the others as unanswered', () => {
    const { o, done, send } = setup()
    send({ type: 'ROOM_EMIT', componentId: 'c1', roomId: 'r', payload: { event: 'e', data: 1 }, requestId: 'e1' })
    send({ type: 'COMPONENT_MOUNT', payload: { component: 'X' }, requestId: 'm1' })
    o.close()
    expect(done.map((e) => e.reply)).toEqual([{ ok: true, inferred: true }])
    expect(o.unanswered).toBe(1)
  })
})
