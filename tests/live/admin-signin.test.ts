import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, rawHttp, request } from './helpers/raw-http'
import { spawnStudio, tempDataDir, type SpawnedStudio } from './helpers/spawn-studio'

const TOKEN = 'correct-horse-battery-staple-42'

const signIn = (url: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/session`, { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json', ...headers } })

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

describe('admin sign-in through the real server (production build)', () => {
  const dataDir = tempDataDir()
  let studio: SpawnedStudio
  let port: number

  beforeAll(async () => {
    studio = await spawnStudio({ STUDIO_ADMIN_TOKEN: TOKEN, STUDIO_DATA_DIR: dataDir })
    port = Number(new URL(studio.url).port)
  })
  afterAll(async () => {
    await studio.stop()
  })

  it('answers malformed targets and bad route-parameter encodings with a quick 400 through the Next-backed server', async () => {
    for (const [method, target] of [['GET', 'http://['], ['GET', '//['], ['GET', 'http://x:99999/'], ['GET', '*'], ['GET', '/api/workspaces/%ff/jwks.json'], ['POST', '/api/keys/%E0%A4%A/export'], ['GET', '/api/decisions/%E0%A4%A']] as const) {
      const answer = await rawHttp(port, request(method, target, port, { Cookie: 'studio_admin=%E0%A4%A' }))
      expect([target, answer.status]).toEqual([target, 400])
      expect(answer.ms).toBeLessThan(1_000)
      expect(bodyOf(answer.text)).toMatchObject({ error: 'BAD_REQUEST' })
    }
    // A malformed cookie is no session: the page asks to sign in, the public JWKS is served as usual.
    expect((await fetch(`${studio.url}/`, { redirect: 'manual', headers: { cookie: 'studio_admin=%E0%A4%A' } })).status).toBe(303)
    expect((await fetch(`${studio.url}/.well-known/jwks.json`, { headers: { cookie: 'studio_admin=%E0%A4%A' } })).status).toBe(200)
    expect(studio.output()).not.toMatch(/uncaughtException|URIError|Invalid URL/)
  })

  it('signs out everywhere: an existing cookie stops working, also after a restart; a normal sign-out still works', async () => {
    const first = cookieOf(await signIn(studio.url, TOKEN))
    const second = cookieOf(await signIn(studio.url, TOKEN))
    expect((await fetch(`${studio.url}/api/status`, { headers: { cookie: first } })).status).toBe(200)
    expect(await (await fetch(`${studio.url}/api/session`, { headers: { cookie: first } })).json()).toEqual({ required: true, signedIn: true })

    // Not without a session: /api/session is public, "everywhere" is not.
    expect((await fetch(`${studio.url}/api/session?everywhere=1`, { method: 'DELETE' })).status).toBe(401)
    expect((await fetch(`${studio.url}/api/status`, { headers: { cookie: second } })).status).toBe(200)

    const out = await fetch(`${studio.url}/api/session?everywhere=1`, { method: 'DELETE', headers: { cookie: second } })
    expect(out.status).toBe(200)
    expect(await out.json()).toEqual({ ok: true, everywhere: true })
    expect(out.headers.get('set-cookie')).toBe('studio_admin=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0')
    for (const cookie of [first, second]) expect((await fetch(`${studio.url}/api/status`, { headers: { cookie } })).status).toBe(401)
    expect(await (await fetch(`${studio.url}/api/session`, { headers: { cookie: first } })).json()).toEqual({ required: true, signedIn: false })

    const third = cookieOf(await signIn(studio.url, TOKEN))
    expect((await fetch(`${studio.url}/api/status`, { headers: { cookie: third } })).status).toBe(200)
    const normal = await fetch(`${studio.url}/api/session`, { method: 'DELETE', headers: { cookie: third } })
    expect(await normal.json()).toEqual({ ok: true, everywhere: false })
    expect(normal.headers.get('set-cookie')).toContain('Max-Age=0')

    await studio.stop()
    studio = await spawnStudio({ STUDIO_ADMIN_TOKEN: TOKEN, STUDIO_DATA_DIR: dataDir })
    port = Number(new URL(studio.url).port)
    expect((await fetch(`${studio.url}/api/status`, { headers: { cookie: first } })).status).toBe(401)
    expect((await fetch(`${studio.url}/api/status`, { headers: { cookie: third } })).status).toBe(200)
  }, 60_000)

  it('throttles 300 rapid wrong sign-ins (429 with Retry-After and a message); a forged address header does not help', async () => {
    const answers = []
    for (let i = 0; i < 300; i++) {
      // A client-sent address header is overwritten by the server.
      const res = await signIn(studio.url, `wrong-${i}`, { 'x-studio-client-key': `10.0.${i % 250}.1` })
      answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error: string; message: string } })
    }
    expect(answers.slice(0, 4).map((a) => a.body)).toEqual(Array(4).fill({ error: 'ADMIN_TOKEN_INVALID', message: 'That is not the studio admin token.' }))
    expect(answers[4]?.body).toEqual({ error: 'ADMIN_TOKEN_INVALID', message: 'That is not the studio admin token. Wait 1 s before the next try.' })
    expect(answers[5]).toEqual({ status: 429, retryAfter: '1', body: { error: 'ADMIN_SIGN_IN_THROTTLED', message: 'Too many wrong admin tokens from this address. Try again in 1 s.' } })
    const throttled = answers.filter((a) => a.status === 429)
    expect(throttled.length).toBeGreaterThan(280)
    expect(throttled.every((a) => Number(a.retryAfter) >= 1)).toBe(true)
    // The right token waits too while the address is throttled; another address signs in.
    expect((await signIn(studio.url, TOKEN)).status).toBe(429)
    const elsewhere = await rawHttp(port, `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${JSON.stringify({ token: TOKEN }).length}\r\n\r\n${JSON.stringify({ token: TOKEN })}`, { localAddress: '127.0.0.2' })
    expect(elsewhere.status).toBe(200)
    expect(elsewhere.text).toMatch(/\r\nset-cookie: studio_admin=v1\./i)
  }, 60_000)
})
