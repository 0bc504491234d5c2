import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POST as createKey, GET as listKeys } from '@/app/api/keys/route'
import { DELETE as deleteKey } from '@/app/api/keys/[kid]/route'
import { POST as exportKey } from '@/app/api/keys/[kid]/export/route'
import { POST as sign } from '@/app/api/tokens/route'
import { POST as verify } from '@/app/api/tokens/verify/route'
import { GET as jwks } from '@/app/.well-known/jwks.json/route'
import { GET as workspaceJwks } from '@/app/api/workspaces/[id]/jwks.json/route'
import { keyListSchema, type Verdict } from '@/lib/api/tokens'
import { jsonRequest, params, startRuntime } from './harness'

let runtime: Awaited<ReturnType<typeof startRuntime>>
beforeAll(async () => {
  runtime = await startRuntime()
  for (const body of [
    { action: 'generate', alg: 'HS256', kid: 'hs-1', label: 'unit HMAC' },
    { action: 'generate', alg: 'ES256', kid: 'es-1' },
  ]) expect((await createKey(jsonRequest('/api/keys', body))).status).toBe(201)
})
afterAll(() => runtime.stop())

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> })
const tokenFor = async (body: Record<string, unknown>) => (await json(await sign(jsonRequest('/api/tokens', body)))).body.token as string

describe('keys API', () => {
  it('lists keys with public parts only and the JWKS URLs', async () => {
    const res = await listKeys()
    const text = await res.text()
    const list = keyListSchema.parse(JSON.parse(text))
    expect(list.keys.map((k) => [k.kid, k.alg, k.hasPrivate, k.publicJwk === null])).toEqual(
      expect.arrayContaining([
        ['hs-1', 'HS256', true, true],
        ['es-1', 'ES256', true, false],
      ]),
    )
    expect(list.jwksUrl).toBe('/.well-known/jwks.json')
    expect(list.workspaceJwksUrl).toBe('/api/workspaces/demo/jwks.json')
    expect(text).not.toMatch(/"(d|k)":/)
  })

  it('imports a public PEM exported from another key as a verify-only key', async () => {
    const pem = (await json(await exportKey(jsonRequest('/api/keys/es-1/export', { part: 'public', format: 'pem' }), params({ kid: 'es-1' })))).body.value as string
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const { status, body } = await json(await createKey(jsonRequest('/api/keys', { action: 'import', text: pem, alg: 'ES256', kid: 'es-pub' })))
    expect(status).toBe(201)
    expect(body.keys).toEqual([expect.objectContaining({ kid: 'es-pub', hasPrivate: false })])
  })

  it.each([
    ['duplicate kid', { action: 'generate', alg: 'HS256', kid: 'hs-1' }, 409, 'A key with kid "hs-1" already exists; delete it or choose another kid.'],
    ['junk import', { action: 'import', text: 'hello' }, 400, 'Expected a PEM block, a JWK or a JWKS (JSON)'],
    ['PEM without alg', { action: 'import', text: '-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----' }, 400, 'Choose the algorithm to import this PEM key for'],
    ['unknown alg', { action: 'generate', alg: 'none' }, 400, expect.stringMatching(/^"alg": /)],
    ['RSA size', { action: 'generate', alg: 'RS256', modulusLength: 1024 }, 400, expect.stringMatching(/^"modulusLength": /)],
    ['unknown action', { action: 'steal' }, 400, expect.stringMatching(/^"action": /)],
  ])('refuses %s', async (_name, body, status, message) => {
    expect(await json(await createKey(jsonRequest('/api/keys', body)))).toEqual({ status, body: { error: status === 409 ? 'CONFLICT' : 'BAD_REQUEST', message } })
  })

  it.each([
    ['es-1', 'public', 'jwk', 200, /"kty": "EC"/],
    ['es-1', 'private', 'jwk', 200, /"d": "/],
    ['es-1', 'private', 'pem', 200, /^-----BEGIN PRIVATE KEY-----/],
    ['hs-1', 'private', 'jwk', 200, /"k": "/],
    ['hs-1', 'public', 'jwk', 400, /is an HMAC secret: it has no public form/],
    ['nope', 'public', 'jwk', 404, /No key with kid "nope"/],
  ])('exports %s %s as %s -> %i', async (kid, part, format, status, pattern) => {
    const res = await json(await exportKey(jsonRequest(`/api/keys/${kid}/export`, { part, format }), params({ kid })))
    expect(res.status).toBe(status)
    expect(String(res.body.value ?? res.body.message)).toMatch(pattern)
  })

  it('serves public keys only in the JWKS, and 404 for an unknown workspace', async () => {
    const set = (await (await jwks()).json()) as { keys: Array<Record<string, unknown>> }
    expect(set.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(['es-1', 'es-pub']))
    expect(set.keys.some((k) => k.kid === 'hs-1' || 'd' in k || 'k' in k)).toBe(false)
    expect(await (await workspaceJwks(new Request('http://x'), params({ id: 'demo' }))).json()).toEqual(set)
    expect((await workspaceJwks(new Request('http://x'), params({ id: 'ghost' }))).status).toBe(404)
  })

  it('deletes a key once', async () => {
    expect((await deleteKey(new Request('http://x', { method: 'DELETE' }), params({ kid: 'es-pub' }))).status).toBe(200)
    expect((await deleteKey(new Request('http://x', { method: 'DELETE' }), params({ kid: 'es-pub' }))).status).toBe(404)
  })
})

describe('tokens API', () => {
  it('signs a persona and verifies it by kid, with the same verdict shape as the page', async () => {
    const token = await tokenFor({ persona: 'free-user', profile: 'fluxstack', keyId: 'hs-1', expiresIn: '1h', typ: 'JWT' })
    const verdict = (await (await verify(jsonRequest('/api/tokens/verify', { token }))).json()) as Verdict
    expect(verdict.decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'hs-1' })
    expect(verdict.verification).toMatchObject({ ok: true, payload: { sub: 'u-free', plan: 'free', roles: ['user'] } })
    expect(verdict.lints).toEqual([])
    const payload = verdict.decoded.payload as { iat: number; exp: number }
    expect(payload.exp - payload.iat).toBe(3600)
  })

  it('evaluates at the given clock: expired after exp, with the jose code', async () => {
    const token = await tokenFor({ claims: { sub: 'u1' }, keyId: 'es-1', expiresAt: 2_000_000_000 })
    const verdict = (await (await verify(jsonRequest('/api/tokens/verify', { token, at: 2_000_003_600 }))).json()) as Verdict
    expect(verdict.verification).toMatchObject({ ok: false, code: 'ERR_JWT_EXPIRED', message: 'Token expired 1 h ago (exp 2033-05-18 03:33:20Z, evaluated at 2033-05-18 04:33:20Z).' })
    expect(verdict.lints.map((l) => l.code)).toContain('EXPIRED')
  })

  it('answers an unknown kid as a verdict, not an error', async () => {
    const token = await tokenFor({ claims: { sub: 'u1' }, keyId: 'es-1', expiresIn: '5m' })
    await runtime.store.keys.remove('demo', 'es-1')
    const verdict = (await (await verify(jsonRequest('/api/tokens/verify', { token }))).json()) as Verdict
    expect(verdict.verification).toMatchObject({ ok: false, code: 'STUDIO_UNKNOWN_KID' })
  })

  it.each([
    ['not JSON', '{', 400, 'Send a JSON body.'],
    ['both persona and claims', { persona: 'admin', claims: {}, keyId: 'hs-1' }, 400, 'Send either "persona" or "claims", not both or neither'],
    ['State Backed on the server', { claims: { sub: 'a' }, profile: 'statebacked', keyId: 'hs-1' }, 400, 'State Backed tokens are signed in the browser with your State Backed secret; the studio never receives it.'],
    ['FluxStack without sub', { claims: { name: 'x' }, profile: 'fluxstack', keyId: 'hs-1' }, 400, 'Not a FluxStack session: Claim "sub" (the session id) is missing or not a string.'],
    ['bad span', { claims: {}, keyId: 'hs-1', expiresIn: 'forever' }, 400, '"forever" is not a time span (try "15m", "24h", "7d")'],
    ['unknown key', { claims: {}, keyId: 'ghost' }, 404, 'No key with kid "ghost" in this workspace.'],
    ['unknown persona', { persona: 'ghost', keyId: 'hs-1' }, 404, 'No persona with id "ghost".'],
    ['anonymous persona', { persona: 'anonymous', keyId: 'hs-1' }, 400, 'Persona "anonymous" is anonymous: it has no claims to sign.'],
  ])('refuses to sign: %s', async (_name, body, status, message) => {
    const res = await json(await sign(jsonRequest('/api/tokens', body)))
    expect(res).toEqual({ status, body: { error: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message } })
  })

  it.each([
    ['no token', {}, /^"token": /],
    ['oversized token', { token: 'a'.repeat(16_385) }, /^"token": Tokens are limited to 16384 characters/],
    ['bad clock', { token: 'a.b.c', at: 'yesterday' }, /^"at": /],
    ['bad tolerance', { token: 'a.b.c', clockTolerance: 'soon' }, /"soon" is not a time span/],
  ])('refuses to verify: %s, without echoing the token', async (_name, body, pattern) => {
    const res = await json(await verify(jsonRequest('/api/tokens/verify', body)))
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(pattern)
    expect(JSON.stringify(res.body)).not.toContain('aaaaaaaaaa')
  })
})

const PUBLIC_EC_JWK = '{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}'

describe('POST /api/tokens without keyId: the workspace default signing key', () => {
  it('signs with the first key that can sign, and says which', async () => {
    const res = await json(await sign(jsonRequest('/api/tokens', { claims: { sub: 'u-default' }, expiresIn: '5m' })))
    expect(res.status).toBe(200)
    // The demo key was seeded first; hs-1 and es-1 came later.
    expect(res.body.kid).toBe('demo-hs256')
    const token = res.body.token as string
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'HS256', kid: 'demo-hs256' })
    const verdict = (await (await verify(jsonRequest('/api/tokens/verify', { token }))).json()) as Verdict
    expect(verdict.verification).toMatchObject({ ok: true, payload: { sub: 'u-default' } })
  })

  it('skips a public-only key that comes first, and signs with the named key when keyId is given', async () => {
    for (const key of await runtime.store.keys.list('demo')) await runtime.store.keys.remove('demo', key.kid)
    const imported = await createKey(jsonRequest('/api/keys', { action: 'import', alg: 'ES256', kid: 'pub-first', text: PUBLIC_EC_JWK }))
    expect(imported.status).toBe(201)
    for (const kid of ['hs-late', 'hs-later']) expect((await createKey(jsonRequest('/api/keys', { action: 'generate', alg: 'HS256', kid }))).status).toBe(201)
    expect((await json(await sign(jsonRequest('/api/tokens', { claims: { sub: 'a' } })))).body.kid).toBe('hs-late')
    expect((await json(await sign(jsonRequest('/api/tokens', { claims: { sub: 'a' }, keyId: 'hs-later' })))).body.kid).toBe('hs-later')
    expect(await json(await sign(jsonRequest('/api/tokens', { claims: { sub: 'a' }, keyId: 'pub-first' })))).toEqual({
      status: 400,
      body: { error: 'BAD_REQUEST', message: 'Key "pub-first" is public only: it can verify but not sign.' },
    })
  })

  it('answers 409 with what to do when the workspace has no key that can sign', async () => {
    // Only the public-only key is left: it verifies but cannot sign, so it is no default.
    for (const kid of ['hs-late', 'hs-later']) await runtime.store.keys.remove('demo', kid)
    expect((await runtime.store.keys.list('demo')).map((key) => key.kid)).toEqual(['pub-first'])
    expect(await json(await sign(jsonRequest('/api/tokens', { persona: 'free-user', profile: 'fluxstack' })))).toEqual({
      status: 409,
      body: {
        error: 'CONFLICT',
        message: 'This workspace has no signing key (its one key is public only: it verifies but cannot sign): generate or import one with its private part (Tokens > Keys, or POST /api/keys), then sign again.',
      },
    })
  })

  it('says so plainly when the workspace has no key at all', async () => {
    await runtime.store.keys.remove('demo', 'pub-first')
    expect(await json(await sign(jsonRequest('/api/tokens', { claims: { sub: 'a' }, expiresIn: '5m' })))).toEqual({
      status: 409,
      body: { error: 'CONFLICT', message: 'This workspace has no signing key: generate or import one with its private part (Tokens > Keys, or POST /api/keys), then sign again.' },
    })
  })
})
