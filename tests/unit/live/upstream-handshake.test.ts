import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { acceptFor, dialUpstream } from '@/lib/live/proxy/upstream-handshake'

const servers: net.Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** A TCP server on a free loopback port that does `onSocket` with each connection's first request. */
function serve(onRequest: (socket: net.Socket, request: string) => void): Promise<number> {
  const server = net.createServer((socket) => {
    let text = ''
    socket.on('data', (d) => {
      text += d.toString('latin1')
      if (text.includes('\r\n\r\n')) onRequest(socket, text)
    })
    socket.on('error', () => undefined)
  })
  servers.push(server)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
}

const dial = (port: number, timeoutMs = 2000) => dialUpstream({ name: 'app', url: `ws://127.0.0.1:${port}/live`, headers: {}, protocols: ['v1'], timeoutMs })
const keyOf = (request: string) => /sec-websocket-key: (\S+)/i.exec(request)?.[1] ?? ''

describe("the recording proxy's handshake with an upstream", () => {
  it('takes a correct 101: the raw socket, the bytes after it and the chosen subprotocol', async () => {
    const port = await serve((socket, request) => {
      socket.write(Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(keyOf(request))}\r\nSec-WebSocket-Protocol: v1\r\n\r\n\x81\x02hi`, 'latin1'))
    })
    const r = await dial(port).result
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.protocol).toBe('v1')
    const head = r.head.length > 0 ? r.head : await new Promise<Buffer>((resolve) => r.socket.once('data', resolve))
    expect(head.toString('latin1')).toBe('\x81\x02hi')
    r.socket.destroy()
  })

  it.each([
    ['a wrong accept key', () => 'Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n', /invalid Sec-WebSocket-Accept/],
    ['a subprotocol nobody offered', (key: string) => `Sec-WebSocket-Accept: ${acceptFor(key)}\r\nSec-WebSocket-Protocol: v2\r\n`, /subprotocol the client did not offer/],
    ['an extension nobody offered', (key: string) => `Sec-WebSocket-Accept: ${acceptFor(key)}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n`, /extension nobody offered/],
  ])('refuses %s with a 502 naming the upstream', async (_name, extra, message) => {
    const port = await serve((socket, request) => socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra(keyOf(request))}\r\n`))
    const r = await dial(port).result
    expect(r).toMatchObject({ ok: false, status: 502 })
    if (!r.ok) expect(r.reason).toMatch(message)
  })

  it('passes on a refusal as 502 with its status, and a silent server as 504', async () => {
    const refusing = await serve((socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'))
    expect(await dial(refusing).result).toMatchObject({ ok: false, status: 502, reason: "The upstream 'app' refused the connection: HTTP 403 Forbidden" })
    const silent = await serve(() => undefined)
    expect(await dial(silent, 200).result).toMatchObject({ ok: false, status: 504 })
  })

  it('abort settles the result (the caller cleans up), with the status given', async () => {
    const silent = await serve(() => undefined)
    const a = dial(silent)
    a.abort()
    expect(await a.result).toMatchObject({ ok: false, aborted: true, status: 499 })
    const b = dial(silent)
    b.abort(503, 'The studio is shutting down')
    expect(await b.result).toMatchObject({ ok: false, aborted: true, status: 503, reason: 'The studio is shutting down' })
  })
})
