import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { spawnStudio, type SpawnedStudio } from './helpers/spawn-studio'

const ADMIN = 'tokens-live-admin-token-0123456789'

describe('token lab APIs (real server, admin token on)', () => {
  let studio: SpawnedStudio
  const call = (path: string, init: { method?: string; body?: unknown; auth?: boolean } = {}) =>
    fetch(`${studio.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.auth === false ? {} : { authorization: `Bearer ${ADMIN}` }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    })

  beforeAll(async () => {
    studio = await spawnStudio({ STUDIO_ADMIN_TOKEN: ADMIN })
  })
  afterAll(async () => {
    await studio.stop()
  })

  it('protects the APIs with the admin gate but serves the JWKS publicly', async () => {
    expect((await call('/api/keys', { auth: false })).status).toBe(401)
    expect((await call('/api/tokens', { auth: false, body: { persona: 'free-user', keyId: 'x' } })).status).toBe(401)
    const jwks = await call('/.well-known/jwks.json', { auth: false })
    expect(jwks.status).toBe(200)
    expect(await jwks.json()).toEqual({ keys: expect.any(Array) })
  })

  it('generates keys, signs the free-user persona and verifies it with the verdict', async () => {
    for (const body of [
      { action: 'generate', alg: 'HS256', kid: 'live-hs', label: 'live' },
      { action: 'generate', alg: 'RS256', kid: 'live-rs', modulusLength: 2048 },
    ]) expect((await call('/api/keys', { body })).status).toBe(201)
    const listed = (await (await call('/api/keys')).json()) as { keys: Array<{ kid: string }> }
    expect(listed.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(['live-hs', 'live-rs']))

    const signed = await call('/api/tokens', { body: { persona: 'free-user', profile: 'fluxstack', keyId: 'live-hs', expiresIn: '15m' } })
    expect(signed.status).toBe(200)
    const { token } = (await signed.json()) as { token: string }
    const verdict = (await (await call('/api/tokens/verify', { body: { token } })).json()) as { verification: { ok: boolean; payload: { sub: string } } }
    expect(verdict.verification).toMatchObject({ ok: true, payload: { sub: 'u-free' } })
    const later = (await (await call('/api/tokens/verify', { body: { token, at: Math.floor(Date.now() / 1000) + 3600 } })).json()) as { verification: { code: string } }
    expect(later.verification.code).toBe('ERR_JWT_EXPIRED')
  })

  it('signs with the workspace default signing key (the first that can sign) when keyId is left out', async () => {
    const res = await call('/api/tokens', { body: { persona: 'free-user', profile: 'fluxstack', expiresIn: '5m' } })
    expect(res.status).toBe(200)
    const { token, kid } = (await res.json()) as { token: string; kid: string }
    const listed = (await (await call('/api/keys')).json()) as { keys: Array<{ kid: string; hasPrivate: boolean }> }
    expect(kid).toBe(listed.keys.find((key) => key.hasPrivate)?.kid)
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ kid })
    const verdict = (await (await call('/api/tokens/verify', { body: { token } })).json()) as { verification: { ok: boolean } }
    expect(verdict.verification.ok).toBe(true)
  })

  it('publishes RS256 public keys that verify a studio token in a backend, never HMAC keys', async () => {
    const { token } = (await (await call('/api/tokens', { body: { claims: { sub: 'svc' }, keyId: 'live-rs', expiresIn: '5m' } })).json()) as { token: string }
    const text = await (await call('/.well-known/jwks.json', { auth: false })).text()
    expect(text).not.toContain('live-hs')
    expect(text).not.toMatch(/"(d|k|p|q)":/)
    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(text) as { keys: [] }))
    expect(payload.sub).toBe('svc')
    expect(JSON.parse(await (await call('/api/workspaces/demo/jwks.json')).text())).toEqual(JSON.parse(text))
  })

  it('creates, lists and deletes personas', async () => {
    expect((await call('/api/personas', { body: { id: 'live-p', label: 'Live', kind: 'service', claims: { sub: 's', type: 'service' } } })).status).toBe(201)
    const ids = async () => ((await (await call('/api/personas')).json()) as { personas: Array<{ id: string }> }).personas.map((p) => p.id)
    expect(await ids()).toEqual(expect.arrayContaining(['free-user', 'live-p']))
    expect((await call('/api/personas/live-p', { method: 'DELETE' })).status).toBe(200)
    expect(await ids()).not.toContain('live-p')
  })

  it.each([
    ['/api/tokens', '{not json', 'Send a JSON body.'],
    ['/api/tokens', { claims: { sub: 'a' }, keyId: 'live-hs', expiresIn: 'soon' }, '"soon" is not a time span (try "15m", "24h", "7d")'],
    ['/api/tokens/verify', { token: 'x'.repeat(20_000) }, '"token": Tokens are limited to 16384 characters'],
    ['/api/keys', { action: 'import', text: '{"kty":"oct","k":"c2VjcmV0"}' }, 'Choose the algorithm for this oct JWK (HS256, HS384, HS512)'],
    ['/api/keys/live-hs/export', { part: 'public', format: 'pem' }, 'Key "live-hs" is an HMAC secret: it has no public form'],
  ])('answers 400 with a clear message on %s', async (path, body, message) => {
    const res = await call(path, { body })
    expect(res.status).toBe(400)
    const answer = (await res.json()) as { error: string; message: string }
    expect(answer).toEqual({ error: 'BAD_REQUEST', message })
    expect(JSON.stringify(answer)).not.toMatch(/at .*\.ts:\d+|xxxxxxxx/)
  })

  it('deletes a key, after which it is unknown', async () => {
    expect((await call('/api/keys/live-rs', { method: 'DELETE' })).status).toBe(200)
    expect((await call('/api/keys/live-rs', { method: 'DELETE' })).status).toBe(404)
  })
})
