import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { GET as getDecision } from '@/app/api/decisions/[id]/route'
import { GET as listDecisions } from '@/app/api/decisions/route'
import { POST as verifyRoute } from '@/app/api/tokens/verify/route'
import type { DecisionPageView } from '@/lib/api/decisions'
import type { StudioConfig } from '@/lib/config'
import type { HttpLimits } from '@/lib/server/http-limits'
import { startStudioServer, type StudioServer } from '@/lib/server/studio-server'
import { encodeBase64url } from '@/lib/tokens'
import { LiveClient, personaToken } from './helpers/live-harness'
import { bodyOf, idleSocket, rawHttp, request } from './helpers/raw-http'

const ADMIN_TOKEN = 'correct-horse-battery-staple-42'

interface Running {
  readonly server: StudioServer
  readonly port: number
  close(): Promise<void>
}

/** A real studio server (no Next) on port 0 with its own data dir, config and HTTP limits. */
async function start(config: Partial<StudioConfig> = {}, http?: Partial<HttpLimits>): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-http-'))
  const server = await startStudioServer({ config: { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [], ...config }, withNext: false, ...(http ? { http } : {}) })
  return {
    server,
    port: server.port,
    async close() {
      await server.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The server still answers: without Next every path is a quick 404. */
async function stillServing(port: number): Promise<void> {
  const answer = await rawHttp(port, request('GET', '/api/health', port))
  expect(answer.status).toBe(404)
  expect(answer.ms).toBeLessThan(1_000)
}

describe('malformed requests get a quick 400 and the server keeps serving', () => {
  let s: Running
  beforeAll(async () => {
    s = await start()
  })
  afterAll(() => s.close())

  it.each([
    ['GET', 'http://[', 'The request target "http://[" is not a valid URL.'],
    ['GET', '//[', 'The request target "//[" is not a valid path.'],
    ['GET', 'http://x:99999/', 'The request target "http://x:99999/" is not a valid URL.'],
    ['GET', '*', 'The request target "*" (asterisk form) is not served here; request a path such as /api/health.'],
    ['OPTIONS', '*', 'The request target "*" (asterisk form) is not served here; request a path such as /api/health.'],
    ['POST', '//[', 'The request target "//[" is not a valid path.'],
    ['GET', '/api/workspaces/%ff/jwks.json', 'The path segment "%ff" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
    ['POST', '/api/keys/%E0%A4%A/export', 'The path segment "%E0%A4%A" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
    ['GET', '/api/decisions/%E0%A4%A', 'The path segment "%E0%A4%A" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
  ])('%s %s', async (method, target, message) => {
    const answer = await rawHttp(s.port, request(method, target, s.port))
    expect(answer.status).toBe(400)
    expect(answer.closed).toBe(true)
    expect(answer.ms).toBeLessThan(1_000)
    expect(answer.text).toMatch(/\r\ncontent-type: application\/json\r\n/i)
    expect(bodyOf(answer.text)).toEqual({ error: 'BAD_REQUEST', message })
    await stillServing(s.port)
  })

  it('refuses a WebSocket upgrade with a malformed target the same way', async () => {
    const answer = await rawHttp(s.port, request('GET', '//[', s.port, { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' }))
    expect(answer.status).toBe(400)
    expect(answer.text).toContain('The request target "//[" is not a valid path.')
    await stillServing(s.port)
  })
})

describe('admin gate over raw HTTP', () => {
  let s: Running
  beforeAll(async () => {
    s = await start({ adminToken: ADMIN_TOKEN })
  })
  afterAll(() => s.close())

  it('treats a malformed studio_admin cookie as absent: 401 for APIs, the sign-in redirect for pages', async () => {
    const api = await rawHttp(s.port, request('GET', '/api/status', s.port, { Cookie: 'studio_admin=%E0%A4%A' }))
    expect(api.status).toBe(401)
    expect(bodyOf(api.text)).toEqual({ error: 'ADMIN_SESSION_REQUIRED', message: 'Sign in with the studio admin token first.' })
    const page = await rawHttp(s.port, request('GET', '/rules', s.port, { Cookie: 'theme=%; studio_admin=%E0%A4%A' }))
    expect(page.status).toBe(303)
    expect(page.text).toMatch(/\r\nlocation: \/signin\?next=%2Frules\r\n/i)
  })

  it('throttles 300 rapid wrong Bearer tokens from one address (429 with Retry-After); another address is not affected', async () => {
    const statuses: number[] = []
    const retryAfter: string[] = []
    const started = Date.now()
    for (let i = 0; i < 300; i++) {
      const answer = await rawHttp(s.port, request('GET', '/api/status', s.port, { Authorization: `Bearer wrong-${i}` }))
      statuses.push(answer.status)
      retryAfter.push(/\r\nretry-after: (\d+)\r\n/i.exec(answer.text)?.[1] ?? '')
      if (i === 5) expect(bodyOf(answer.text)).toEqual({ error: 'ADMIN_SIGN_IN_THROTTLED', message: expect.stringMatching(/^Too many wrong admin tokens from this address\. Try again in \d+ s\.$/) as unknown })
    }
    const elapsed = Date.now() - started
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses[5]).toBe(429)
    // A try is let through only when the backoff has run out: 1 s, then 2 s, then 4 s...
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5 + Math.ceil(Math.log2(elapsed / 1000 + 1)))
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(280)
    expect(retryAfter.filter((value, i) => statuses[i] === 429).every((value) => Number(value) >= 1)).toBe(true)
    // Even the right token waits while the address is throttled.
    expect((await rawHttp(s.port, request('GET', '/api/status', s.port, { Authorization: `Bearer ${ADMIN_TOKEN}` }))).status).toBe(429)
    const elsewhere = await rawHttp(s.port, request('GET', '/api/status', s.port, { Authorization: 'Bearer wrong' }), { localAddress: '127.0.0.2' })
    expect(elsewhere.status).toBe(401)
  }, 60_000)
})

describe('HTTP connection cap', () => {
  let s: Running
  const sockets: Array<{ destroy(): void }> = []
  beforeAll(async () => {
    s = await start({ maxHttpConnections: 8 })
  })
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy()
  })
  afterAll(() => s.close())

  it('answers the connection over the cap with a raw 503 and Retry-After at once, then serves again once slots free', async () => {
    for (let i = 0; i < 8; i++) sockets.push(await idleSocket(s.port))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const over = await rawHttp(s.port, request('GET', '/api/health', s.port))
    expect(over.status).toBe(503)
    expect(over.ms).toBeLessThan(1_000)
    expect(over.text).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n/)
    expect(bodyOf(over.text)).toEqual({ error: 'SERVER_BUSY', message: 'The studio has too many open connections. Try again in 5 s.' })
    // One answer only, even though a request was sent.
    expect(over.text.match(/HTTP\/1\.1/g)).toHaveLength(1)
    for (const socket of sockets.splice(0)) socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 100))
    await stillServing(s.port)
  })

  it('does not count live WebSocket connections once upgraded', async () => {
    // One after another: a handshake holds an HTTP slot until the upgrade.
    const clients: LiveClient[] = []
    try {
      for (let i = 0; i < 12; i++) clients.push(await LiveClient.open(`ws://127.0.0.1:${s.port}/api/live/ws`))
      expect(s.server.live.connectionCount).toBe(12)
      await stillServing(s.port)
    } finally {
      for (const c of clients) c.close()
    }
  })
})

describe('HTTP timeouts', () => {
  let s: Running
  beforeAll(async () => {
    s = await start({}, { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 })
  })
  afterAll(() => s.close())

  it('answers 408 to a client that sends its headers too slowly (slowloris)', async () => {
    const started = Date.now()
    const socket = await idleSocket(s.port)
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
    socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n`)
    const trickle = setInterval(() => socket.writable && socket.write(`X-Slow-${Date.now()}: 1\r\n`), 200)
    await new Promise((resolve) => socket.once('close', resolve))
    clearInterval(trickle)
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout/)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('answers 408 to a body that arrives too slowly', async () => {
    const started = Date.now()
    const socket = await idleSocket(s.port)
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
    socket.write(`POST /api/tokens/verify HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`)
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200)
    await new Promise((resolve) => socket.once('close', resolve))
    clearInterval(trickle)
    expect(text).toMatch(/HTTP\/1\.1 408 Request Timeout/)
    expect(Date.now() - started).toBeLessThan(4_000)
  })

  it('keeps an idle keep-alive connection well past the headers timeout', async () => {
    const socket = await idleSocket(s.port)
    const answers: string[] = []
    socket.on('data', (chunk: Buffer) => answers.push(chunk.toString()))
    const get = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`
    socket.write(get)
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    socket.write(get)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(socket.destroyed).toBe(false)
    expect(answers.join('').match(/HTTP\/1\.1 404/g)).toHaveLength(2)
    socket.destroy()
  })
})

describe('tokens: depth and exact spelling, over the API and the live AUTH', () => {
  let s: Running
  beforeAll(async () => {
    s = await start()
    await s.server.workspaceHost.current()
  })
  afterAll(() => s.close())

  it('answers POST /api/tokens/verify for a header nested 5,000 levels with a clear refusal, not a 500', async () => {
    const header = `{"alg":"HS256","kid":"demo-hs256","x":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const token = `${encodeBase64url(header)}.${encodeBase64url('{"sub":"u1"}')}.${encodeBase64url(new Uint8Array(32))}`
    expect(token.length).toBeGreaterThan(13_000)
    const res = await verifyRoute(new Request('http://studio.local/api/tokens/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { verification: { ok: boolean; code: string; message: string } }
    expect(body.verification).toEqual({ ok: false, code: 'STUDIO_TOO_DEEP', message: 'Token header is JSON nested deeper than 32 levels; it was not parsed.', payload: { sub: 'u1' } })
  })

  it('refuses a trailing newline and a malleated signature at POST /api/tokens/verify, and the verdict says why', async () => {
    const good = await personaToken(s.server, 'admin')
    const [header, payload, signature = ''] = good.split('.')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const twin = `${header}.${payload}.${signature.slice(0, -1)}${alphabet.charAt(alphabet.indexOf(signature.slice(-1)) + 1)}`
    const verify = async (token: string) => {
      const res = await verifyRoute(new Request('http://studio.local/api/tokens/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }))
      expect(res.status).toBe(200)
      return ((await res.json()) as { verification: { ok: boolean; code?: string; message?: string } }).verification
    }
    expect((await verify(good)).ok).toBe(true)
    expect(await verify(`${good}\n`)).toMatchObject({ ok: false, code: 'STUDIO_NOT_CANONICAL', message: expect.stringContaining(`Token contains whitespace (a line feed at position ${good.length})`) as unknown })
    expect(await verify(twin)).toMatchObject({ ok: false, code: 'STUDIO_NOT_CANONICAL', message: expect.stringContaining('Token is not canonical base64url: the signature has non-zero unused bits in its last character') as unknown })
  })

  it('refuses a token whose header is nested 5,000 levels at the live AUTH too; the connection and server go on', async () => {
    const header = `{"alg":"HS256","kid":"demo-hs256","x":${'['.repeat(5000)}${']'.repeat(5000)}}`
    const token = `${encodeBase64url(header)}.${encodeBase64url('{"sub":"u1"}')}.${encodeBase64url(new Uint8Array(32))}`
    const c = await LiveClient.open(`ws://127.0.0.1:${s.port}/api/live/ws`)
    try {
      expect(await c.auth(token)).toMatchObject({ type: 'AUTH_RESPONSE', success: false, payload: { authenticated: false, error: 'Authentication failed' } })
      expect((await c.auth(await personaToken(s.server, 'admin'))).success).toBe(true)
    } finally {
      c.close()
    }
    await s.server.decisions.flush()
    const page = (await (await listDecisions(new Request('http://studio.local/api/decisions?kind=auth&verdict=deny'))).json()) as DecisionPageView
    expect(page.rows.map((row) => row.reason)).toContain('Token header is JSON nested deeper than 32 levels; it was not parsed.')
  })

  it('refuses a trailing newline and a malleated signature at AUTH, and the trace says why', async () => {
    const good = await personaToken(s.server, 'admin')
    const [header, payload, signature = ''] = good.split('.')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const twin = `${header}.${payload}.${signature.slice(0, -1)}${alphabet.charAt(alphabet.indexOf(signature.slice(-1)) + 1)}`
    const c = await LiveClient.open(`ws://127.0.0.1:${s.port}/api/live/ws`)
    try {
      for (const token of [`${good}\n`, twin]) {
        expect(await c.auth(token)).toMatchObject({ type: 'AUTH_RESPONSE', success: false, payload: { authenticated: false, error: 'Authentication failed' } })
      }
      expect((await c.auth(good)).success).toBe(true)
    } finally {
      c.close()
    }
    await s.server.decisions.flush()
    const page = (await (await listDecisions(new Request('http://studio.local/api/decisions?kind=auth'))).json()) as DecisionPageView
    expect(page.rows.some((row) => row.verdict === 'allow')).toBe(true)
    const details = await Promise.all(
      page.rows.map(async (row) => JSON.stringify(await (await getDecision(new Request('http://studio.local/'), { params: Promise.resolve({ id: String(row.id) }) })).json())),
    )
    expect(details.join('\n')).toContain('Token contains whitespace (a line feed at position')
    expect(details.join('\n')).toContain('Token is not canonical base64url: the signature has non-zero unused bits in its last character')
  })
})
