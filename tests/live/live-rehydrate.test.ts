/**
 * Signed state, its renewal and COMPONENT_REHYDRATE over the wire, as
 * fluxstack-live@d8538f75 does them (security/StateSignature.ts,
 * component/SignedStateRenewer.ts, ComponentRegistry.rehydrateComponent and
 * LiveServer.ts:541-562): the path the real client takes after a reconnect.
 * The expectations here are written from the upstream source; the conformance
 * corpus also compares them with the reference runtime, which gets these paths
 * from tests/conformance/reference-patches-rehydrate-upload.ts.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiveClient, mountedId, startHarness, type Frame, type Harness, openAs } from './helpers/live-harness'

const SECRET = 'conformance-state-secret'
let h: Harness
const clients: LiveClient[] = []
const as = (persona?: string): Promise<LiveClient> => openAs(h, clients, persona)

interface Signed { data: string; signature: string; timestamp: number; version: number; componentId: string; compressed: boolean; encrypted: boolean }
const signedOf = (f: Frame) => (f.payload as { signedState: Signed }).signedState

beforeAll(async () => {
  h = await startHarness({ stateSecret: SECRET, signatureRenewMs: 200 })
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('signed state', () => {
  it('a mount sends STATE_UPDATE with the state signed by HMAC-SHA256 over componentId:version:timestamp:data', async () => {
    const c = await as('admin')
    const id = mountedId(await c.mount('liveChat'))
    const update = await c.waitFor((f) => f.type === 'STATE_UPDATE')
    const ss = signedOf(update)
    expect(Object.keys(ss)).toEqual(['data', 'signature', 'timestamp', 'version', 'componentId', 'compressed', 'encrypted'])
    // The name the client asked for is signed in, as the last key.
    expect(ss).toMatchObject({ data: '{"messages":[],"__componentName":"liveChat"}', version: 1, componentId: id, compressed: false, encrypted: false })
    expect(ss.signature).toBe(createHmac('sha256', SECRET).update(`${id}:1:${ss.timestamp}:${ss.data}`).digest('hex'))
    expect(update.userId).toBe('u-admin')
  })

  it('after a state change, one STATE_SIGNATURE renews it (version + 1), throttled', async () => {
    const c = await as()
    const id = mountedId(await c.mount('LiveChat'))
    await c.action(id, 'login', { email: 'ada@example.com', password: 'demo' })
    await c.action(id, 'sendMessage', { text: 'one' })
    await c.action(id, 'sendMessage', { text: 'two' })
    const renewal = await c.waitFor((f) => f.type === 'STATE_SIGNATURE', 3000)
    const ss = signedOf(renewal)
    expect(ss.version).toBe(2)
    expect(JSON.parse(ss.data)).toEqual({ messages: [{ from: 'Ada Admin', text: 'one' }, { from: 'Ada Admin', text: 'two' }], __componentName: 'LiveChat' })
    await new Promise((r) => setTimeout(r, 400))
    expect(c.frames.filter((f) => f.type === 'STATE_SIGNATURE')).toHaveLength(1)
  })
})

describe('COMPONENT_REHYDRATE', () => {
  async function chatWithHistory(): Promise<{ id: string; signed: Signed }> {
    const c = await as()
    const id = mountedId(await c.mount('LiveChat'))
    await c.action(id, 'login', { email: 'ada@example.com', password: 'demo' })
    await c.action(id, 'sendMessage', { text: 'before the reconnect' })
    const signed = signedOf(await c.waitFor((f) => f.type === 'STATE_SIGNATURE', 3000))
    c.close()
    return { id, signed }
  }

  it('a new connection gets the component back from its signed state, under a new id; $private starts empty', async () => {
    const { id, signed } = await chatWithHistory()
    const c = await as()
    const answer = await c.request({ type: 'COMPONENT_REHYDRATE', componentId: id, payload: { component: 'LiveChat', signedState: signed } })
    const newId = (answer.result as { newComponentId: string }).newComponentId
    expect(answer).toEqual({ type: 'COMPONENT_REHYDRATED', componentId: id, success: true, result: { newComponentId: newId }, requestId: expect.any(String) })
    const rehydrated = c.frames.find((f) => f.type === 'STATE_REHYDRATED')
    expect(rehydrated).toMatchObject({
      componentId: newId,
      payload: { state: { messages: [{ from: 'Ada Admin', text: 'before the reconnect' }] }, oldComponentId: id, newComponentId: newId, signedState: { version: signed.version + 1 } },
    })
    // STATE_REHYDRATED is flushed before the answer, in its own frame.
    expect(c.raw.findIndex((r) => r.includes('STATE_REHYDRATED'))).toBeLessThan(c.raw.findIndex((r) => r.includes('COMPONENT_REHYDRATED')))
    expect(await c.action(newId, 'sendMessage', { text: 'after' })).toMatchObject({ success: false, error: 'Not authenticated' })
  })

  it.each([
    ['a changed signature', (s: Signed) => ({ ...s, signature: s.signature.replace(/^./, (x) => (x === 'a' ? 'b' : 'a')) }), 'Invalid signature'],
    ['a changed state', (s: Signed) => ({ ...s, data: s.data.replace('before', 'BEFORE') }), 'Invalid signature'],
    ['a raised version', (s: Signed) => ({ ...s, version: s.version + 5 }), 'Invalid signature'],
    ['a state older than 30 minutes', (s: Signed) => ({ ...s, timestamp: s.timestamp - 31 * 60 * 1000 }), 'State expired'],
  ])('refuses %s', async (_label, tamper, error) => {
    const { id, signed } = await chatWithHistory()
    const c = await as()
    const answer = await c.request({ type: 'COMPONENT_REHYDRATE', componentId: id, payload: { component: 'LiveChat', signedState: tamper(signed) } })
    expect(answer).toEqual({ type: 'COMPONENT_REHYDRATED', componentId: id, success: false, error, requestId: expect.any(String) })
    expect(c.frames.some((f) => f.type === 'STATE_REHYDRATED')).toBe(false)
  })

  it('the signed component name must be the one asked for; the mount rules are asked again', async () => {
    const owner = await as('free-user')
    const id = mountedId(await owner.mount('ProtectedChat'))
    const signed = signedOf(await owner.waitFor((f) => f.type === 'STATE_UPDATE'))
    const anonymous = await as()
    const denied = await anonymous.request({ type: 'COMPONENT_REHYDRATE', componentId: id, payload: { component: 'ProtectedChat', signedState: signed } })
    expect(denied).toMatchObject({ success: false, error: 'AUTH_DENIED: Authentication required' })
    const other = await as('free-user')
    const mismatch = await other.request({ type: 'COMPONENT_REHYDRATE', componentId: id, payload: { component: 'protectedChat', signedState: signed } })
    expect(mismatch).toMatchObject({ success: false, error: 'Component class mismatch - state tampering detected' })
  })

  it('a malformed signed state is refused by validation', async () => {
    const c = await as()
    const answer = await c.request({ type: 'COMPONENT_REHYDRATE', componentId: 'x', payload: { component: 'LiveChat', signedState: { data: 1 } } })
    expect(answer).toEqual({ type: 'ERROR', componentId: 'x', success: false, error: 'Invalid message: payload.signedState is malformed', requestId: expect.any(String) })
  })
})
