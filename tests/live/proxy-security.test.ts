/**
 * The recording proxy as an attacker and as a flaky upstream would try it: no
 * open proxy (only configured names; no URL from the query, a header or the
 * path), the live socket's Origin, token and size policies on the client side,
 * an upstream that refuses, is gone, hangs or closes: the client always gets a
 * clear answer and the studio keeps serving. And what must pass untouched does:
 * binary frames, ping/pong, close codes and reasons, the subprotocol.
 */
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import type { Upstream } from '@/lib/live/proxy/upstreams'
import { startHarness, type Harness } from './helpers/live-harness'

let h: Harness
let upstream: WebSocketServer
let upstreamPort: number
/** Every connection any fake upstream or bystander saw, with the request's URL and headers. */
const seen: { who: string; url: string; headers: Record<string, unknown> }[] = []
let bystander: net.Server
let bystanderPort: number
const closers: (() => void)[] = []
let upstreamList: Upstream[] = []

function listen(server: net.Server | WebSocketServer): Promise<number> {
  return new Promise((resolve) => {
    if (server instanceof WebSocketServer) server.once('listening', () => resolve((server.address() as net.AddressInfo).port))
    else server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}

beforeAll(async () => {
  h = await startHarness(undefined, { proxy: { connectTimeoutMs: 800 } })
  upstream = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (offered.has('live.v1') ? 'live.v1' : false) })
  upstreamPort = await listen(upstream)
  upstream.on('connection', (ws, req) => {
    seen.push({ who: 'upstream', url: req.url ?? '', headers: req.headers })
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString()
      if (text === 'close-4001') return ws.close(4001, 'bye from upstream')
      if (text === 'terminate') return ws.terminate()
      ws.send(data, { binary: isBinary })
    })
  })
  // A host nobody configured: it must never be contacted.
  bystander = net.createServer((socket) => {
    seen.push({ who: 'bystander', url: '', headers: {} })
    socket.destroy()
  })
  bystanderPort = await listen(bystander)
  const closedPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
  // Accepts TCP and never answers the handshake.
  const hang = net.createServer(() => undefined)
  const hangPort = await listen(hang)
  closers.push(() => hang.close())
  // Answers the upgrade with 403.
  const refuse = net.createServer((socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'))
  const refusePort = await listen(refuse)
  closers.push(() => refuse.close())
  upstreamList = [
    { name: 'echo', url: `ws://127.0.0.1:${upstreamPort}/live`, origin: 'http://app.example' },
    { name: 'gone', url: `ws://127.0.0.1:${closedPort}/` },
    { name: 'hangs', url: `ws://127.0.0.1:${hangPort}/` },
    { name: 'refuses', url: `ws://127.0.0.1:${refusePort}/` },
  ]
  await h.server.upstreams.replace(upstreamList)
}, 30_000)

afterAll(async () => {
  for (const c of closers) c()
  bystander.close()
  upstream.close()
  await h.close()
})

afterEach(() => {
  seen.length = 0
})

/** Waits until `check` holds (`ms` at most). */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const proxyUrl = (name: string, query = '') => `ws://127.0.0.1:${h.server.port}/api/live/proxy/${name}${query}`

/** The HTTP answer to an upgrade the proxy refuses: status and body. */
function refusal(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    ws.once('open', () => reject(new Error('the upgrade was accepted')))
    ws.once('error', () => undefined)
  })
}

function open(url: string, protocols: string[] = [], headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

const nextMessage = (ws: WebSocket) => new Promise<{ data: Buffer; isBinary: boolean }>((resolve) => ws.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })))
const closeOf = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })))

describe('only configured upstreams are reachable', () => {
  it('refuses a name that is not configured, and says where to add it', async () => {
    const r = await refusal(proxyUrl('nope'))
    expect(r.status).toBe(404)
    expect(r.body).toMatch(/No upstream named 'nope' is configured/)
    expect(seen).toEqual([])
  })

  it('never takes a host from the query, a header or the path', async () => {
    const evil = `ws://127.0.0.1:${bystanderPort}/`
    const ws = await open(proxyUrl('echo', `?url=${encodeURIComponent(evil)}&upstream=${encodeURIComponent(evil)}`), [], {
      'X-Upstream': evil, 'X-Forwarded-Host': `127.0.0.1:${bystanderPort}`, Forwarded: `host=127.0.0.1:${bystanderPort}`,
    })
    ws.send('hello')
    expect((await nextMessage(ws)).data.toString()).toBe('hello')
    ws.close()
    // The configured URL, exactly: its path, no query of the client's.
    expect(seen.map((s) => [s.who, s.url])).toEqual([['upstream', '/live']])
    expect((await refusal(`ws://127.0.0.1:${h.server.port}/api/live/proxy/echo/127.0.0.1:${bystanderPort}`)).status).toBe(404)
    expect((await refusal(`ws://127.0.0.1:${h.server.port}/api/live/proxy/`)).status).toBe(404)
    await new Promise((r) => setTimeout(r, 100))
    expect(seen.filter((s) => s.who === 'bystander')).toEqual([])
  })

  it("presents the configured Origin, passes the app's cookies on, and never Authorization (it may be the studio's admin token) or the studio's own cookies", async () => {
    const ws = await open(proxyUrl('echo'), [], { Authorization: 'Bearer studio-admin-token', Cookie: 'studio_admin=secret; app_session=abc' })
    ws.close()
    const h0 = seen[0]?.headers ?? {}
    expect(h0.origin).toBe('http://app.example')
    expect(h0.authorization).toBeUndefined()
    expect(h0.cookie).toBe('app_session=abc')
  })

  it('refuses an upstream that points back at the proxy (a loop) after one hop', async () => {
    await h.server.upstreams.replace([...upstreamList, { name: 'loop', url: `ws://127.0.0.1:${h.server.port}/api/live/proxy/loop` }])
    const r = await refusal(proxyUrl('loop'))
    expect(r.status).toBe(502)
    expect(r.body).toMatch(/refused the connection: HTTP 508/)
    expect(h.server.live.connections.total).toBe(0)
    await h.server.upstreams.replace(upstreamList)
  })

  it('checks the client handshake before the upstream is contacted', async () => {
    const res = await fetch(`http://127.0.0.1:${h.server.port}/api/live/proxy/echo`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'short' } }).catch(() => undefined)
    expect(res === undefined || res.status >= 400).toBe(true)
    const dup = await refusal(proxyUrl('echo'), { 'Sec-WebSocket-Protocol': 'a, a' }).catch(() => ({ status: 0, body: '' }))
    expect([0, 400]).toContain(dup.status)
    expect(seen).toEqual([])
  })
})

describe("the live socket's policies apply to the client side", () => {
  it('refuses a foreign Origin', async () => {
    const r = await refusal(proxyUrl('echo'), { Origin: 'https://evil.example' })
    expect(r.status).toBe(403)
    expect(r.body).toMatch(/Origin https:\/\/evil.example is not allowed/)
    expect(seen).toEqual([])
  })

  it('refuses a token in the URL', async () => {
    const r = await refusal(proxyUrl('echo', '?token=abc'))
    expect(r.status).toBe(400)
    expect(seen).toEqual([])
  })

  it('closes a client that sends a frame over 4 MiB with 1009, and keeps serving others', async () => {
    const ws = await open(proxyUrl('echo'))
    const closed = closeOf(ws)
    ws.send(Buffer.alloc(4 * 1024 * 1024 + 1, 0x61))
    expect((await closed).code).toBe(1009)
    const other = await open(proxyUrl('echo'))
    other.send('still here')
    expect((await nextMessage(other)).data.toString()).toBe('still here')
    other.close()
  })

  it('ignores a hostile frame for observation but passes it on unchanged', async () => {
    const ws = await open(proxyUrl('echo'))
    const nasty = `{"type":"CALL_ACTION","componentId":"x","action":"__proto__","payload":${'['.repeat(5000)}${']'.repeat(5000)}}`
    ws.send(nasty)
    expect((await nextMessage(ws)).data.toString()).toBe(nasty)
    ws.send('{not json')
    expect((await nextMessage(ws)).data.toString()).toBe('{not json')
    ws.close()
  })
})

describe('a flaky upstream gives the client a clear answer', () => {
  it('unreachable: 502 naming the upstream', async () => {
    const r = await refusal(proxyUrl('gone'))
    expect(r.status).toBe(502)
    expect(r.body).toMatch(/The upstream 'gone' could not be reached \(ECONNREFUSED\)/)
    expect(r.body).not.toMatch(/127\.0\.0\.1/)
  })

  it('refuses the upgrade: 502 with its status', async () => {
    const r = await refusal(proxyUrl('refuses'))
    expect(r.status).toBe(502)
    expect(r.body).toMatch(/refused the connection: HTTP 403/)
  })

  it('hangs in the handshake: 504 after the connect timeout', async () => {
    const started = Date.now()
    const r = await refusal(proxyUrl('hangs'))
    expect(r.status).toBe(504)
    expect(r.body).toMatch(/did not accept the connection in time/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('a client that leaves while the upstream is still accepting is forgotten: no handshake left waiting, its socket uncounted', async () => {
    const raw = net.connect(h.server.port, '127.0.0.1')
    await new Promise((resolve) => raw.once('connect', resolve))
    raw.write('GET /api/live/proxy/hangs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n')
    await until(() => h.server.proxy.connectingCount === 1)
    raw.resetAndDestroy()
    // Well before the upstream's connect timeout (800 ms here) would end the handshake anyway.
    await until(() => h.server.proxy.connectingCount === 0 && h.server.live.connections.total === 0, 400)
  })

  it("closes with a code and reason: the client gets the same", async () => {
    const ws = await open(proxyUrl('echo'))
    const closed = closeOf(ws)
    ws.send('close-4001')
    expect(await closed).toEqual({ code: 4001, reason: 'bye from upstream' })
  })

  it('drops the connection: the client is dropped too (1006), and the studio keeps serving', async () => {
    const ws = await open(proxyUrl('echo'))
    const closed = closeOf(ws)
    ws.send('terminate')
    expect((await closed).code).toBe(1006)
    const res = await fetch(`http://127.0.0.1:${h.server.port}/api/health`).catch(() => undefined)
    // No Next in this harness: any HTTP answer shows the process is alive.
    expect(res?.status).toBeGreaterThan(0)
  })
})

describe('what passes untouched', () => {
  it('binary frames both ways, byte for byte, counted by size', async () => {
    const before = h.server.proxy.figures().find((f) => f.name === 'echo')?.binaryBytes ?? 0
    const ws = await open(proxyUrl('echo'))
    const bytes = Buffer.from([0, 1, 2, 250, 255, 0x7b, 0x22])
    ws.send(bytes, { binary: true })
    const got = await nextMessage(ws)
    expect(got.isBinary).toBe(true)
    expect(Buffer.compare(got.data, bytes)).toBe(0)
    ws.close()
    await closeOf(ws)
    const after = h.server.proxy.figures().find((f) => f.name === 'echo')?.binaryBytes ?? 0
    expect(after - before).toBe(2 * bytes.length)
  })

  it('ping and pong are relayed, not answered by the proxy', async () => {
    const pinged = new Promise<string>((resolve) => upstream.once('connection', (ws) => ws.once('ping', (d: Buffer) => resolve(d.toString()))))
    const ws = await open(proxyUrl('echo'))
    const pong = new Promise<string>((resolve) => ws.once('pong', (d: Buffer) => resolve(d.toString())))
    ws.ping('are-you-there')
    expect(await pinged).toBe('are-you-there')
    expect(await pong).toBe('are-you-there')
    ws.close()
  })

  it("the upstream's subprotocol choice reaches the client", async () => {
    const ws = await open(proxyUrl('echo'), ['live.v1', 'other'])
    expect(ws.protocol).toBe('live.v1')
    ws.close()
  })
})
