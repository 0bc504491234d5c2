import { importJWK, SignJWT, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnStudio, type SpawnedStudio } from './helpers/spawn-studio'
import { LiveClient, mountedId } from './helpers/live-harness'

let studio: SpawnedStudio
const clients: LiveClient[] = []

const settingsUrl = () => `${studio.url}/api/workspace/settings`
const put = (body: string) => fetch(settingsUrl(), { method: 'PUT', headers: { 'content-type': 'application/json' }, body })
const getSettings = async () => (await (await fetch(settingsUrl())).json()) as { settings: unknown }

async function adminToken(): Promise<string> {
  const res = await fetch(`${studio.url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona: 'admin', profile: 'fluxstack', keyId: 'demo-hs256', expiresIn: '10m' }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

async function connect(): Promise<LiveClient> {
  const c = await LiveClient.open(`${studio.url.replace(/^http/, 'ws')}/api/live/ws`)
  clients.push(c)
  return c
}

const DEFAULTS = { profile: 'documented', jwt: { clockToleranceS: 30 } }

beforeAll(async () => {
  studio = await spawnStudio()
})
afterAll(async () => {
  for (const c of clients) c.close()
  await studio?.stop()
})

describe('GET/PUT /api/workspace/settings (real server)', () => {
  it('answers the defaults and read-only server facts', async () => {
    const res = await fetch(settingsUrl())
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({
      workspaceId: 'demo',
      settings: DEFAULTS,
      server: { adminTokenRequired: false, host: '127.0.0.1', dataDir: studio.dataDir, liveOrigins: [] },
    })
  })

  it('stores a valid body and answers it back', async () => {
    const settings = { profile: 'fluxstack-live@0.11', jwt: { algorithms: ['HS256'], issuer: ['a', 'b'], clockToleranceS: 10, mapping: { idClaim: 'sub', fields: { plan: 'plan' } } } }
    const res = await put(JSON.stringify(settings))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { settings: unknown }).settings).toEqual(settings)
    expect((await getSettings()).settings).toEqual(settings)
  })

  it.each([
    ['unknown profile', JSON.stringify({ profile: 'strict' }), '"profile": Invalid option: expected one of "documented"|"fluxstack-live@0.11"'],
    ['unknown key', JSON.stringify({ profile: 'documented', admin: true }), 'Unrecognized key: "admin"'],
    ['alg none', JSON.stringify({ jwt: { algorithms: ['none'] } }), '"jwt.algorithms.0": Invalid option: expected one of "HS256"|"HS384"|"HS512"|"RS256"|"RS384"|"RS512"|"PS256"|"PS384"|"PS512"|"ES256"|"ES384"|"ES512"|"EdDSA"'],
    ['tolerance too big', JSON.stringify({ jwt: { clockToleranceS: 9999 } }), '"jwt.clockToleranceS": Clock tolerance is at most 300 s'],
    ['reserved session field', '{"jwt":{"mapping":{"fields":{"__proto__":"x"}}}}', '"jwt.mapping.fields.__proto__": The session field name "__proto__" is reserved'],
    ['not JSON', '{profile:', 'Send a JSON body.'],
  ])('answers 400 for %s and changes nothing', async (_name, body, message) => {
    const before = await getSettings()
    const res = await put(body)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'BAD_REQUEST', message })
    expect(await getSettings()).toEqual(before)
  })
})

describe('the live server uses the saved settings', () => {
  it.each([
    ['documented', "Action 'adminDelete' exists on 'ModerationPanel' but is not listed in publicActions. Add it to: static publicActions = [..., 'adminDelete']"],
    ['fluxstack-live@0.11', 'AUTH_DENIED: Item is protected'],
  ])('profile %s decides the unlisted adminDelete', async (profile, error) => {
    expect((await put(JSON.stringify({ profile }))).status).toBe(200)
    const c = await connect()
    expect((await c.auth(await adminToken())).success).toBe(true)
    const id = mountedId(await c.mount('ModerationPanel'))
    const answer = await c.action(id, 'adminDelete', { itemId: 'protected' })
    expect(answer.success).toBe(false)
    expect(answer.error).toBe(error)
  })

  it('applies the JWT settings: a required audience the token lacks fails AUTH', async () => {
    expect((await put(JSON.stringify({ jwt: { audience: 'billing' } }))).status).toBe(200)
    const c = await connect()
    expect((await c.auth(await adminToken())).success).toBe(false)
    expect((await put(JSON.stringify({}))).status).toBe(200)
    const d = await connect()
    expect((await d.auth(await adminToken())).success).toBe(true)
  })

  it('refuses a token without exp unless the workspace opts out', async () => {
    const exported = await fetch(`${studio.url}/api/keys/demo-hs256/export`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ part: 'private', format: 'jwk' }) })
    const jwk = JSON.parse(((await exported.json()) as { value: string }).value) as JWK
    const forever = await new SignJWT({ sub: 'u-admin', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256', kid: 'demo-hs256' }).setIssuedAt().sign(await importJWK(jwk, 'HS256'))
    const strict = await connect()
    const refused = await strict.auth(forever)
    expect(refused.success).toBe(false)
    expect((await put(JSON.stringify({ jwt: { requireExp: false } }))).status).toBe(200)
    const lax = await connect()
    expect((await lax.auth(forever)).success).toBe(true)
    expect((await put(JSON.stringify({}))).status).toBe(200)
  })
})
