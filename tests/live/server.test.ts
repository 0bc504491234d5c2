import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStudio, spawnStudio, tempDataDir, type SpawnedStudio } from './helpers/spawn-studio'
import { openLive, refusedUpgrade } from './helpers/ws-client'

const wsUrl = (httpUrl: string, p: string) => httpUrl.replace(/^http/, 'ws') + p

describe('studio server (real entry, production build)', () => {
  let studio: SpawnedStudio

  beforeAll(async () => {
    studio = await spawnStudio()
  })
  afterAll(async () => {
    await studio.stop()
  })

  it('answers GET /api/health with status, version and uptime', async () => {
    const res = await fetch(`${studio.url}/api/health`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; version: string; uptimeS: number }
    expect(body).toEqual({ status: 'ok', version: '0.1.0', uptimeS: expect.any(Number) })
  })

  it('keeps an idle keep-alive connection past Node\'s default (5 s, plus 1 s of grace), so a reused socket is not reset', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const get = () => new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
      const req = http.get(`${studio.url}/api/health`, { agent }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket }))
      })
      req.on('error', reject)
    })
    try {
      const first = await get()
      await new Promise((r) => setTimeout(r, 7000))
      const second = await get()
      expect([first.status, second.status]).toEqual([200, 200])
      expect(second.socket).toBe(first.socket)
    } finally {
      agent.destroy()
    }
  }, 15_000)

  it('serves the Overview page and a status reflecting the seeded demo workspace', async () => {
    const page = await fetch(`${studio.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Live Auth Studio')
    const status = (await (await fetch(`${studio.url}/api/status`)).json()) as {
      workspace: { name: string; fileCount: number }
      store: { file: string }
    }
    expect(status.workspace.name).toBe('FluxStack Live demo')
    expect(status.workspace.fileCount).toBeGreaterThanOrEqual(8)
    expect(status.store.file).toBe(path.join(studio.dataDir, 'studio.sqlite'))
  })

  it('greets a WebSocket on /api/live/ws and counts it as an open connection', async () => {
    const { ws, first } = await openLive(wsUrl(studio.url, '/api/live/ws'))
    expect(first).toEqual({ type: 'CONNECTION_ESTABLISHED', connectionId: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    const status = (await (await fetch(`${studio.url}/api/status`)).json()) as { liveConnections: number }
    expect(status.liveConnections).toBe(1)
    ws.close()
  })

  it.each(['/', '/api/health', '/api/live', '/something/else'])('answers an upgrade on %s with 404', async (p) => {
    const refused = await refusedUpgrade(wsUrl(studio.url, p))
    expect(refused.status).toBe(404)
    expect(refused.body).toContain('The live endpoint is /api/live/ws')
  })

  it('refuses a token in the URL of the live socket with a clear reason', async () => {
    const refused = await refusedUpgrade(wsUrl(studio.url, '/api/live/ws?token=eyJhbGciOiJIUzI1NiJ9.e30.x'))
    expect(refused).toEqual({
      status: 400,
      body: 'Tokens are not accepted in the URL. Connect without it and send it in an AUTH message.',
    })
  })

  it('refuses a foreign Origin and accepts its own', async () => {
    const refused = await refusedUpgrade(wsUrl(studio.url, '/api/live/ws'), { origin: 'https://evil.example' })
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('Origin https://evil.example is not allowed')
    const { ws } = await openLive(wsUrl(studio.url, '/api/live/ws'), { origin: studio.url })
    ws.close()
  })

  it('refuses DNS-rebound Host names on pages, APIs and sockets, and cross-site writes', async () => {
    const raw = (method: string, path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${studio.url}${path}`, { method, headers }, (res) => {
          let body = ''
          res.on('data', (d: Buffer) => (body += d.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
        req.on('error', reject)
        req.end(method === 'GET' ? undefined : '{}')
      })
    const port = new URL(studio.url).port
    const rebound = await raw('GET', '/api/status', { host: `evil.example:${port}` })
    expect(rebound.status).toBe(403)
    expect(JSON.parse(rebound.body)).toMatchObject({ error: 'HOST_REFUSED' })
    expect((await raw('GET', '/', { host: `evil.example:${port}` })).status).toBe(403)
    const socket = await refusedUpgrade(wsUrl(studio.url, '/api/live/ws'), { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })
    expect(socket.status).toBe(403)
    expect(socket.body).toContain('DNS-rebinding protection')
    // localhost works as well as 127.0.0.1.
    expect((await raw('GET', '/api/health', { host: `localhost:${port}` })).status).toBe(200)

    const write = await raw('POST', '/api/personas', { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'text/plain' })
    expect(write.status).toBe(403)
    expect(JSON.parse(write.body)).toMatchObject({ error: 'CROSS_SITE_REFUSED' })
    const sameSite = await raw('POST', '/api/personas', { host: `127.0.0.1:${port}`, origin: studio.url, 'content-type': 'application/json' })
    expect(sameSite.status).toBe(400) // reached the route: the empty body is a bad request, not a cross-site one
  })
})

describe('lifecycle', () => {
  it('shuts down on SIGTERM: live sockets closed with 1001, exit 0 within 5 s', async () => {
    const studio = await spawnStudio()
    const { ws } = await openLive(wsUrl(studio.url, '/api/live/ws'))
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    const { code, ms } = await studio.stop('SIGTERM')
    expect(await closed).toBe(1001)
    expect(code).toBe(0)
    expect(ms).toBeLessThan(5000)
  })

  it('applies migrations on an empty dir, then reuses the dir without seeding the demo twice', async () => {
    const dataDir = tempDataDir()
    const first = await spawnStudio({ STUDIO_DATA_DIR: dataDir })
    expect(first.output()).toContain('Seeded the demo workspace')
    await first.stop()
    const second = await spawnStudio({ STUDIO_DATA_DIR: dataDir })
    expect(second.output()).not.toContain('Seeded the demo workspace')
    const status = (await (await fetch(`${second.url}/api/status`)).json()) as { workspace: { version: number }; store: { schemaVersion: number } }
    expect(status.workspace.version).toBe(1)
    expect(status.store.schemaVersion).toBeGreaterThanOrEqual(1)
    await second.stop()
  })

  it('refuses to start on a corrupt database, names the file and leaves it untouched', async () => {
    const dataDir = tempDataDir()
    const file = path.join(dataDir, 'studio.sqlite')
    const garbage = Buffer.from('this is not a sqlite database, it is a text file '.repeat(100))
    fs.writeFileSync(file, garbage)
    const run = runStudio({ STUDIO_DATA_DIR: dataDir })
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain(`The studio database ${file} cannot be used: it is not a valid SQLite database`)
    expect(run.output()).toContain('It was left untouched')
    expect(fs.readFileSync(file).equals(garbage)).toBe(true)
  })

  it('refuses to bind a non-loopback HOST without STUDIO_ADMIN_TOKEN', async () => {
    const run = runStudio({ HOST: '0.0.0.0', STUDIO_DATA_DIR: tempDataDir(), STUDIO_ADMIN_TOKEN: '' })
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain('HOST=0.0.0.0 exposes the studio beyond this machine; set STUDIO_ADMIN_TOKEN')
  })
})

describe('admin token', () => {
  const TOKEN = 'correct-horse-battery-staple-42'
  let studio: SpawnedStudio

  beforeAll(async () => {
    studio = await spawnStudio({ STUDIO_ADMIN_TOKEN: TOKEN })
  })
  afterAll(async () => {
    await studio.stop()
  })

  it('answers APIs with 401 and pages with a redirect to sign-in', async () => {
    const api = await fetch(`${studio.url}/api/status`)
    expect(api.status).toBe(401)
    expect(await api.json()).toEqual({ error: 'ADMIN_SESSION_REQUIRED', message: 'Sign in with the studio admin token first.' })
    const page = await fetch(`${studio.url}/`, { redirect: 'manual' })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/signin?next=%2F')
    expect((await fetch(`${studio.url}/signin`)).status).toBe(200)
  })

  it('rejects a wrong token and grants an HttpOnly SameSite=Strict session for the right one', async () => {
    const wrong = await fetch(`${studio.url}/api/session`, { method: 'POST', body: JSON.stringify({ token: 'nope' }), headers: { 'content-type': 'application/json' } })
    expect(wrong.status).toBe(401)
    const right = await fetch(`${studio.url}/api/session`, { method: 'POST', body: JSON.stringify({ token: TOKEN }), headers: { 'content-type': 'application/json' } })
    expect(right.status).toBe(200)
    const cookie = right.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^studio_admin=v1\.\d+\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/)
    const withSession = await fetch(`${studio.url}/api/status`, { headers: { cookie: cookie.split(';')[0] ?? '' } })
    expect(withSession.status).toBe(200)
    const withBearer = await fetch(`${studio.url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(withBearer.status).toBe(200)
  })

  it('leaves the live endpoint for end-user components outside the admin session', async () => {
    const { ws, first } = await openLive(wsUrl(studio.url, '/api/live/ws'))
    expect((first as { type: string }).type).toBe('CONNECTION_ESTABLISHED')
    ws.close()
  })

  it('never lets a forged or expired session cookie through', async () => {
    for (const cookie of ['studio_admin=v1.9999999999.' + 'A'.repeat(43), 'studio_admin=v1.1.abc', 'studio_admin=']) {
      expect((await fetch(`${studio.url}/api/status`, { headers: { cookie } })).status).toBe(401)
    }
  })
})

