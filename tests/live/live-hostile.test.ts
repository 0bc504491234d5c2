import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { LiveConnection, CLOSE_SLOW_CLIENT } from '@/lib/live/server/connection'
import { DEFAULT_RATE_LIMIT } from '@/lib/live/server/rate-limit'
import { LiveClient, mountedId, personaToken, startHarness, type Harness } from './helpers/live-harness'
import { refusedUpgrade } from './helpers/ws-client'

let h: Harness
const clients: LiveClient[] = []
async function open(): Promise<LiveClient> {
  const c = await LiveClient.open(h.wsUrl)
  clients.push(c)
  return c
}

/** The server is still fine: a fresh connection authenticates and mounts. */
async function stillServing(): Promise<void> {
  const c = await open()
  expect((await c.auth(await personaToken(h.server, 'admin'))).success).toBe(true)
  mountedId(await c.mount('AdminPanel'))
}

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

// The library's own answers (fluxstack-live@d8538f75 LiveServer.handleMessage and protocol/validation.ts).
describe('malformed input gets an answer, never a crash', () => {
  it.each([
    ['malformed JSON', '{"type":"AUTH",', { type: 'ERROR', error: 'Invalid JSON' }],
    ['a JSON array (one object per frame)', '[{"type":"PING"}]', { type: 'ERROR', error: 'Invalid message: expected object' }],
    ['a non-object', '42', { type: 'ERROR', error: 'Invalid message: expected object' }],
    ['an unknown type', '{"type":"HACK","requestId":"u1"}', { type: 'MESSAGE_RESPONSE', success: false, error: 'Unknown message type', requestId: 'u1' }],
    ['a mount without component', '{"type":"COMPONENT_MOUNT","payload":{},"requestId":"m1"}', { type: 'ERROR', success: false, error: 'Invalid message: payload.component must be a string', requestId: 'm1' }],
    ['an envelope of the wrong type', '{"type":"CALL_ACTION","componentId":7,"requestId":"e1"}', { type: 'ERROR', success: false, error: 'Invalid message: componentId must be a string', requestId: 'e1' }],
  ])('%s', async (_label, text, expected) => {
    const c = await open()
    const answer = c.next(() => true)
    c.sendRaw(text)
    expect(await answer).toEqual(expected)
    expect((await c.auth()).type).toBe('AUTH_RESPONSE')
  })

  it('ignores PING silently; a binary frame that is not an upload chunk is decoded and answered, or ignored', async () => {
    const c = await open()
    c.sendRaw('{"type":"PING"}')
    const header = Buffer.from(JSON.stringify({ type: 'SOMETHING_ELSE', requestId: 'b1' }))
    const frame = Buffer.alloc(4 + header.length)
    frame.writeUInt32LE(header.length, 0)
    header.copy(frame, 4)
    c.sendRaw(frame)
    expect((await c.auth()).type).toBe('AUTH_RESPONSE')
    expect(c.frames.map((f) => f.type)).toEqual(['CONNECTION_ESTABLISHED', 'AUTH_RESPONSE'])
    // Too short for its own header: the decoder's error comes back, as from the library.
    c.sendRaw(Buffer.from([1, 2, 3]))
    const error = await c.next((f) => f.type === 'ERROR')
    expect(Object.keys(error)).toEqual(['type', 'error'])
    await stillServing()
  })

  it('accepts frames up to the library\'s 4 MiB and closes a larger one with 1009', async () => {
    const c = await open()
    const big = c.next((f) => f.type === 'ERROR')
    c.sendRaw(`{"type":"PING","pad":"${'x'.repeat(100 * 1024)}"`)
    expect(await big).toEqual({ type: 'ERROR', error: 'Invalid JSON' })
    c.sendRaw('x'.repeat(4 * 1024 * 1024 + 1))
    expect(await c.closed).toBe(1009)
    await stillServing()
  })
})

describe('deep nesting', () => {
  it('a payload nested thousands of levels deep is refused before the sandbox: nobody else loses their $private', async () => {
    const alice = await open()
    const chat = mountedId(await alice.mount('LiveChat'))
    expect((await alice.action(chat, 'login', { email: 'ada@example.com', password: 'demo' })).success).toBe(true)

    const mallory = await open()
    const target = mountedId(await mallory.mount('LiveChat'))
    mallory.sendRaw(`{"type":"CALL_ACTION","requestId":"deep","componentId":"${target}","action":"sendMessage","payload":${'['.repeat(3000)}${']'.repeat(3000)}}`)
    // Refused by the library's depth scan before any parse (no requestId: nothing was parsed).
    const refused = await mallory.waitFor((f) => f.type === 'ERROR')
    expect(refused).toEqual({ type: 'ERROR', error: 'JSON nesting too deep (max 32)' })

    // The shared engine did not crash: Alice is still logged in.
    expect(await alice.action(chat, 'sendMessage', { text: 'still here' })).toMatchObject({ success: true })
    await stillServing()
  })
})

describe('prototype pollution and hostile names', () => {
  it('__proto__ / constructor payloads pollute nothing', async () => {
    const c = await open()
    c.sendRaw('{"type":"AUTH","requestId":"p1","payload":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"token":"x"}}')
    expect((await c.waitFor((f) => f.requestId === 'p1')).success).toBe(false)
    const chat = mountedId(await c.mount('LiveChat', { props: JSON.parse('{"__proto__":{"polluted":1}}') as Record<string, unknown> }))
    c.sendRaw(`{"type":"CALL_ACTION","requestId":"p2","expectResponse":true,"componentId":"${chat}","action":"login","payload":{"__proto__":{"polluted":1},"email":"ada@example.com","password":"demo"}}`)
    expect((await c.waitFor((f) => f.requestId === 'p2')).success).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'setState'])('action %s is denied', async (action) => {
    const c = await open()
    await c.auth(await personaToken(h.server, 'admin'))
    const id = mountedId(await c.mount('AdminPanel'))
    const answer = await c.action(id, action, {})
    expect(answer.success).toBe(false)
    // Action-security layers answer with an ERROR frame and the bare reason (no AUTH_DENIED: prefix).
    expect(String(answer.error)).toMatch(/^Action '.+' (is not callable|exists on 'AdminPanel' but is not listed in publicActions|not found on component)/)
    expect(c.frames.find((f) => f.type === 'ERROR')).toMatchObject({ componentId: id, payload: { action, error: answer.error } })
  })
})

describe('limits', () => {
  it('rate-limits a flood with a clear ERROR, then closes on sustained abuse', async () => {
    const c = await open()
    for (let i = 0; i < 600; i++) c.sendRaw('{"type":"PING"}')
    const error = await c.waitFor((f) => f.type === 'ERROR')
    // The library's answer, to every refused frame, without a requestId.
    expect(error).toEqual({ type: 'ERROR', error: 'Rate limit exceeded' })
    expect(await c.closed).toBe(1008)
    expect(c.closeReason).toBe('Rate limit exceeded')
    await stillServing()
  })

  it('caps mounted components per connection', async () => {
    const c = await open()
    for (let i = 0; i < 64; i++) c.sendRaw(JSON.stringify({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat' } }))
    const over = await c.mount('LiveChat')
    expect(over).toMatchObject({ success: false, error: 'Too many mounted components on this connection (max 64). Unmount one before mounting another.' })
    expect(c.frames.filter((f) => f.type === 'STATE_UPDATE')).toHaveLength(64)
  })

  it('closes a client that does not read (backpressure) with 1013', () => {
    let closed: [number, string] | undefined
    const socket = { readyState: 1, OPEN: 1, bufferedAmount: 2 * 1024 * 1024, send: () => { throw new Error('must not send') }, close: (code: number, reason: string) => { closed = [code, reason] }, terminate: () => {} }
    const conn = new LiveConnection('c1', socket as unknown as WebSocket, DEFAULT_RATE_LIMIT, 1024 * 1024, 0)
    conn.immediate({ type: 'ERROR', error: 'x' })
    expect(closed).toEqual([CLOSE_SLOW_CLIENT, 'Client is not reading its messages; closed to protect the server'])
  })

  it('refuses a token in the URL and a foreign Origin at the upgrade', async () => {
    expect((await refusedUpgrade(`${h.wsUrl}?access_token=abc`)).status).toBe(400)
    expect((await refusedUpgrade(h.wsUrl, { origin: 'https://evil.example' })).status).toBe(403)
    await stillServing()
  })

  it('never puts a token in any answer, even a rejected one', async () => {
    const c = await open()
    const forged = `${(await personaToken(h.server, 'admin')).slice(0, -4)}AAAA`
    await c.auth(forged)
    await c.auth(`${forged}x`.repeat(2))
    expect(c.raw.join('\n')).not.toContain(forged.slice(0, 40))
  })
})
