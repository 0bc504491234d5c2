import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { LiveClient, LiveClientError, type FrameLogEntry, type SocketConstructor } from '@/lib/live/client'
import { actionResponse, encodeFrame, protocolError, type ClientMessage } from '@/lib/live/protocol'
import { startFakeLiveServer } from './fake-live-server'
import { next, setupLiveHarness } from './live-harness'

const h = setupLiveHarness()

// Compile-time: both the browser's WebSocket and the ws package fit the client.
const socketClasses: SocketConstructor[] = [globalThis.WebSocket, WebSocket]

describe('LiveClient connection', () => {
  it('accepts both WebSocket implementations', () => {
    expect(socketClasses).toHaveLength(2)
  })

  it('reports status changes, the connection id and the close code/reason', async () => {
    const server = await startFakeLiveServer()
    const client = new LiveClient({ WebSocket, heartbeatMs: 0 })
    h.track({ server, client })
    const statuses: unknown[] = []
    client.on('status', (s) => statuses.push(s))
    const established = next(client, 'established')
    await client.connect(server.url)
    expect(await established).toEqual({ connectionId: 'ws-1' })
    expect(client.connectionId).toBe('ws-1')
    const closed = next(client, 'status', (s) => s.status === 'closed')
    server.closeAll(4001, 'bye')
    await closed
    expect(statuses).toEqual([{ status: 'connecting' }, { status: 'open' }, { status: 'closed', code: 4001, reason: 'bye' }])
    expect(client.connectionId).toBeNull()
  })

  it('returns CLOSED when nothing listens, and throws on a second connect', async () => {
    const gone = await startFakeLiveServer()
    const port = new URL(gone.url).port
    await gone.stop()
    const client = new LiveClient({ WebSocket, heartbeatMs: 0 })
    const result = await client.connect(`ws://127.0.0.1:${port}/api/live/ws`)
    expect(result).toMatchObject({ ok: false, code: 'CLOSED' })
    const server = await startFakeLiveServer()
    h.track({ server, client })
    void client.connect(server.url)
    expect(() => client.connect(server.url)).toThrow(LiveClientError)
    expect(() => client.connect(server.url)).toThrow(expect.objectContaining({ code: 'ERR_ALREADY_CONNECTED' }))
  })

  it('answers requests made while closed with CLOSED, and fails pending ones on close', async () => {
    const idle = new LiveClient({ WebSocket, heartbeatMs: 0 })
    expect(await idle.callAction('c', 'a')).toEqual({ ok: false, code: 'CLOSED', error: 'Not connected' })
    const { server, client } = await h.open()
    server.handler = () => undefined
    const pending = client.callAction('c1', 'slow')
    server.closeAll(1000, '')
    expect(await pending).toEqual({ ok: false, code: 'CLOSED', error: 'Not connected' })
  })

  it('sends PING heartbeats', async () => {
    const { server } = await h.open({ heartbeatMs: 20 })
    await expect.poll(() => server.received.filter((m) => m.type === 'PING').length).toBeGreaterThanOrEqual(2)
  })
})

describe('LiveClient correlation, batching, timeouts', () => {
  it('matches answers to requests by requestId even out of order', async () => {
    const { server, client } = await h.open()
    const held: ClientMessage[] = []
    server.handler = (m, socket) => {
      if (m.type !== 'CALL_ACTION') return undefined
      held.push(m)
      if (held.length === 2) {
        // Answer in reverse order, in one batched frame.
        socket.send(encodeFrame(held.reverse().map((x) =>
          actionResponse({ success: true, result: x.type === 'CALL_ACTION' ? x.action : '', requestId: x.requestId }))))
      }
      return undefined
    }
    const [a, b] = await Promise.all([client.callAction('c1', 'first'), client.callAction('c1', 'second')])
    expect(a).toEqual({ ok: true, value: 'first' })
    expect(b).toEqual({ ok: true, value: 'second' })
  })

  it('times out a request that gets no answer', async () => {
    const { server, client } = await h.open({ requestTimeoutMs: 50 })
    server.handler = () => undefined
    expect(await client.callAction('c1', 'ignored')).toEqual({ ok: false, code: 'TIMEOUT', error: 'Request timeout after 50ms' })
  })

  it('turns a correlated ERROR into REJECTED and reports uncorrelated ones as events', async () => {
    const { server, client } = await h.open()
    server.handler = (m) => (m.type === 'CALL_ACTION' ? [protocolError('Rate limit exceeded', m.requestId)] : undefined)
    expect(await client.callAction('c1', 'x')).toEqual({ ok: false, code: 'REJECTED', error: 'Rate limit exceeded' })
    const error = next(client, 'error')
    server.broadcastRaw(JSON.stringify({ type: 'ERROR', componentId: 'c1', payload: { action: 'tick', error: 'boom' } }))
    expect(await error).toEqual({ error: 'boom', componentId: 'c1', action: 'tick' })
    const bad = next(client, 'error')
    server.broadcastRaw('{not json')
    expect(await bad).toEqual({ error: 'Invalid JSON' })
  })

  it('fails a request whose answer does not parse with UNEXPECTED_ANSWER', async () => {
    const { server, client } = await h.open()
    server.handler = (m, socket) => {
      if (m.type === 'CALL_ACTION') socket.send(JSON.stringify({ type: 'ACTION_RESPONSE', success: 'yes', requestId: m.requestId }))
      return undefined
    }
    expect(await client.callAction('c1', 'x'))
      .toEqual({ ok: false, code: 'UNEXPECTED_ANSWER', error: 'Invalid message: success must be a boolean' })
  })

  it('accepts an AUTH_RESPONSE without requestId (older servers) for the pending AUTH', async () => {
    const { server, client } = await h.open()
    server.handler = (m) => (m.type === 'AUTH' ? [{ type: 'AUTH_RESPONSE', success: true, payload: { userId: 'u1' } }] : undefined)
    expect(await client.authenticate({ token: 'anything' })).toEqual({ ok: true, value: { authenticated: true, session: null } })
  })

  it('ignores binary frames and keeps processing text frames', async () => {
    const frames: FrameLogEntry[] = []
    const { server, client } = await h.open({ onFrame: (f) => frames.push(f) })
    const errors: unknown[] = []
    client.on('error', (e) => errors.push(e))
    server.broadcastRaw(Buffer.from([0x01, 0x02, 0x63, 0x31, 0x7b]))
    const mounted = await client.mount('Counter')
    expect(mounted.ok).toBe(true)
    expect(frames).toContainEqual(expect.objectContaining({ direction: 'in', binary: true, text: '[binary frame: 5 bytes]' }))
    expect(errors).toEqual([])
  })
})
