/**
 * Every copy-as-code snippet of the Generate tab, run as written (imports bound
 * to the modules they name) under the clock the page signed at, makes exactly
 * the token the page made: same bytes for deterministic algorithms (HMAC, RSA
 * PKCS#1 v1.5, Ed25519), same header and payload bytes plus a valid signature
 * for ECDSA, whose signatures are randomized.
 */
import * as jose from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { POST as createKey } from '@/app/api/keys/route'
import { POST as exportKey } from '@/app/api/keys/[kid]/export/route'
import { POST as sign } from '@/app/api/tokens/route'
import type { SignRequest } from '@/lib/api/tokens'
import { mintToken, planMint, type MintForm } from '@/components/tokens/mint-plan'
import { snippetCode, snippetsFor } from '@/components/tokens/snippets'
import type { TimeSettings } from '@/components/tokens/time-controls'
import { toLocalInput } from '@/components/tokens/clock'
import { jsonRequest, params, startRuntime } from './harness'

const NOW = new Date('2026-11-23T09:00:00.700Z')
const NOW_S = Math.floor(NOW.getTime() / 1000)
const SB_KEY = { keyId: 'sbk_AbCdEfGhIjKlMnOpQrStUv', secret: 'sbsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEF' }

// @statebacked/token 0.2.0 src/index.ts, call for call. It depends on jose ^4.14.4, whose
// setExpirationTime reads a string with this grammar (lib/secs.ts) and otherwise throws.
const JOSE4_PERIOD = /^(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i
type UpstreamOptions = { expires: { in: string } | { at: Date | number }; issuer?: string }
const upstream = {
  signToken({ stateBackedKeyId, stateBackedSecretKey }: { stateBackedKeyId: string; stateBackedSecretKey: string }, payload: Record<string, unknown>, options: UpstreamOptions) {
    const exp = 'at' in options.expires ? (options.expires.at instanceof Date ? Math.floor(options.expires.at.getTime() / 1000) : options.expires.at) : options.expires.in
    if (typeof exp === 'string' && !JOSE4_PERIOD.test(exp)) throw new TypeError('Invalid time period format')
    return new jose.SignJWT({ act: payload })
      .setProtectedHeader({ alg: 'HS256', kid: stateBackedKeyId })
      .setAudience('https://api.statebacked.dev/')
      .setExpirationTime(exp)
      .setIssuer(options.issuer || `https://${stateBackedKeyId}.client.statebacked.dev/`)
      .setIssuedAt()
      .sign(Buffer.from(stateBackedSecretKey, 'utf8'))
  },
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>

/** Runs a snippet as written: each `import { a, b } from 'x'` is bound to modules[x]; the result is its `token`. */
async function runSnippet(code: string, env: Record<string, string>): Promise<string> {
  const modules: Record<string, unknown> = { jose, '@statebacked/token': upstream }
  const body = code.replace(/^import \{ ([^}]+) \} from '([^']+)'$/gm, (_line, names: string, from: string) => {
    if (!(from in modules)) throw new Error(`The snippet imports ${from}, which this test does not provide`)
    return `const { ${names} } = __modules[${JSON.stringify(from)}]`
  })
  expect(body).not.toMatch(/^\s*import\b/m)
  const token = await new AsyncFunction('__modules', 'process', `${body}\nreturn token`)(modules, { env })
  if (typeof token !== 'string') throw new Error('The snippet did not make a token')
  return token
}

const times = (patch: Partial<TimeSettings> = {}): TimeSettings => ({ issuedAt: true, expMode: 'in', expiresIn: '1h', expiresAt: '', notBeforeIn: '', ...patch })
const noStateBacked = { keyId: '', secret: '', issuer: '' }

let runtime: Awaited<ReturnType<typeof startRuntime>>
const keyAlgs: Record<string, string> = {}
const secrets: Record<string, Record<string, string>> = {}

beforeAll(async () => {
  runtime = await startRuntime()
  for (const [kid, alg] of [
    ['x-hs256', 'HS256'],
    ['x-hs512', 'HS512'],
    ['x-rs256', 'RS256'],
    ['x-es256', 'ES256'],
    ['x-eddsa', 'EdDSA'],
  ] as const) {
    expect((await createKey(jsonRequest('/api/keys', { action: 'generate', alg, kid }))).status).toBe(201)
    keyAlgs[kid] = alg
    const symmetric = alg.startsWith('HS')
    const exported = (await (await exportKey(jsonRequest(`/api/keys/${kid}/export`, { part: 'private', format: symmetric ? 'jwk' : 'pem' }), params({ kid }))).json()) as { value: string }
    // What the snippet's comment tells the user to put in the environment.
    secrets[kid] = symmetric ? { JWT_PRIVATE_JWK: exported.value } : { JWT_PRIVATE_KEY_PEM: exported.value }
  }
})
afterAll(() => runtime.stop())
afterEach(() => void vi.useRealTimers())

/** What the Generate tab does on "Sign token", through the real route handler, at NOW. */
async function pageToken(form: MintForm) {
  const planned = planMint(form)
  if (!planned.ok) throw new Error(`The form has problems: ${JSON.stringify(planned.problems)}`)
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  const send = async (request: SignRequest) => {
    const res = await sign(jsonRequest('/api/tokens', request))
    const body = (await res.json()) as { token?: string; message?: string }
    if (!body.token) throw new Error(`The server refused: ${body.message}`)
    return { token: body.token }
  }
  const token = await mintToken(planned.plan, send)
  return { token, plan: planned.plan }
}

/** Runs every snippet that makes this profile's token, in the same (pinned) second. */
async function snippetTokens(plan: Awaited<ReturnType<typeof pageToken>>['plan'], env: Record<string, string>) {
  vi.setSystemTime(NOW)
  const producers = snippetsFor(plan.snippet.profile).filter((id) => id !== 'fluxstack')
  expect(producers.length).toBeGreaterThan(0)
  return Promise.all(producers.map(async (id) => [id, await runSnippet(snippetCode(id, plan.snippet), env)] as const))
}

const segments = (token: string) => token.split('.')

describe('snippets make exactly the token the page made', () => {
  const workspaceCases: Array<{ name: string; kid: string; form: Omit<MintForm, 'key' | 'stateBacked'> }> = [
    {
      name: 'generic HS256, typ JWT, exp in 1h, nbf 1 minute back, nested and non-ASCII claims',
      kid: 'x-hs256',
      form: { profile: 'generic', typ: 'JWT', claims: { sub: 'u-1', iss: 'https://issuer.example/', aud: 'api', name: 'Zoë Ünïcode ✓', org: { id: 7, tags: ['a', 'b'] }, ok: true }, times: times({ notBeforeIn: '-1m' }) },
    },
    {
      name: 'generic HS512, no typ, no iat, exp at a fixed instant',
      kid: 'x-hs512',
      form: { profile: 'generic', typ: '', claims: { sub: 'svc' }, times: times({ issuedAt: false, expMode: 'at', expiresAt: toLocalInput(NOW_S + 90_061) }) },
    },
    { name: 'generic RS256, no exp', kid: 'x-rs256', form: { profile: 'generic', typ: 'JWT', claims: { sub: 'u-2', roles: ['admin'] }, times: times({ expMode: 'none' }) } },
    { name: 'generic EdDSA, exp in "7 days"', kid: 'x-eddsa', form: { profile: 'generic', typ: 'JWT', claims: { sub: 'u-3' }, times: times({ expiresIn: '7 days' }) } },
    {
      name: 'FluxStack session HS256, typ at+jwt, exp in 15m, nbf 5m',
      kid: 'x-hs256',
      form: { profile: 'fluxstack', typ: 'at+jwt', claims: { sub: 'u-pro', name: 'Paula Pro', plan: 'pro', roles: ['user', 'premium'], permissions: ['content.read'] }, times: times({ expiresIn: '15m', notBeforeIn: '5m' }) },
    },
    { name: 'FluxStack bot session EdDSA', kid: 'x-eddsa', form: { profile: 'fluxstack', typ: 'JWT', claims: { sub: 'bot-1', type: 'bot', roles: ['bot'] }, times: times() } },
  ]

  it.each(workspaceCases)('$name', async ({ kid, form }) => {
    const alg = keyAlgs[kid] ?? ''
    const { token, plan } = await pageToken({ ...form, key: { kid, alg }, stateBacked: noStateBacked })
    expect(plan.kind).toBe('server')
    const made = await snippetTokens(plan, secrets[kid] ?? {})
    expect(made.map(([id]) => id)).toEqual(['jose'])
    for (const [, snippetToken] of made) expect(snippetToken).toBe(token)
    // The clock really was the page's: iat is NOW (when set).
    const payload = jose.decodeJwt(token)
    if (form.times.issuedAt) expect(payload.iat).toBe(NOW_S)
  })

  it('generic ES256: the same header and payload bytes, and a signature the key verifies (ECDSA is randomized)', async () => {
    const form: MintForm = { profile: 'generic', typ: 'JWT', claims: { sub: 'u-es', scope: 'read write' }, times: times({ expiresIn: '2h', notBeforeIn: '30s' }), key: { kid: 'x-es256', alg: 'ES256' }, stateBacked: noStateBacked }
    const { token, plan } = await pageToken(form)
    const [[, snippetToken] = ['', '']] = await snippetTokens(plan, secrets['x-es256'] ?? {})
    expect(segments(snippetToken).slice(0, 2)).toEqual(segments(token).slice(0, 2))
    const publicKey = await jose.importPKCS8(secrets['x-es256']?.JWT_PRIVATE_KEY_PEM ?? '', 'ES256', { extractable: true })
    const jwk = await jose.exportJWK(publicKey)
    const { d: _d, ...publicJwk } = jwk
    await expect(jose.compactVerify(snippetToken, await jose.importJWK(publicJwk, 'ES256'))).resolves.toBeTruthy()
  })

  // `recorded`: what the published @statebacked/token 0.2.0 (with the jose 4.15.9 it installs) signed
  // for the same key, claims and options with the clock pinned at NOW, recorded once from the real packages.
  const stateBackedCases: Array<{ name: string; times: TimeSettings; issuer: string; claims: Record<string, unknown>; recorded: string }> = [
    {
      name: 'expires in 7d, default issuer',
      times: times({ expiresIn: '7d' }),
      issuer: '',
      claims: { sub: 'user-1', groups: ['editors'] },
      recorded:
        'eyJhbGciOiJIUzI1NiIsImtpZCI6InNia19BYkNkRWZHaElqS2xNbk9wUXJTdFV2In0.eyJhY3QiOnsic3ViIjoidXNlci0xIiwiZ3JvdXBzIjpbImVkaXRvcnMiXX0sImF1ZCI6Imh0dHBzOi8vYXBpLnN0YXRlYmFja2VkLmRldi8iLCJleHAiOjE3OTYwMjkyMDAsImlzcyI6Imh0dHBzOi8vc2JrX0FiQ2RFZkdoSWpLbE1uT3BRclN0VXYuY2xpZW50LnN0YXRlYmFja2VkLmRldi8iLCJpYXQiOjE3OTU0MjQ0MDB9.LvKQBX1WrIs1LIr4z0vFFgII2dSMGYbQNeRKt4NJrjE',
    },
    {
      name: 'expires in "1.5 hours", custom issuer',
      times: times({ expiresIn: '1.5 hours' }),
      issuer: 'https://app.example/',
      claims: { sub: 'user-2', name: 'Ana', plan: 'pro' },
      recorded:
        'eyJhbGciOiJIUzI1NiIsImtpZCI6InNia19BYkNkRWZHaElqS2xNbk9wUXJTdFV2In0.eyJhY3QiOnsic3ViIjoidXNlci0yIiwibmFtZSI6IkFuYSIsInBsYW4iOiJwcm8ifSwiYXVkIjoiaHR0cHM6Ly9hcGkuc3RhdGViYWNrZWQuZGV2LyIsImV4cCI6MTc5NTQyOTgwMCwiaXNzIjoiaHR0cHM6Ly9hcHAuZXhhbXBsZS8iLCJpYXQiOjE3OTU0MjQ0MDB9.41ecmsr2ojnRTUJxrF3BWl6Kw37QkqFHUcWeyXkvoK4',
    },
    {
      name: 'expires at a fixed instant',
      times: times({ expMode: 'at', expiresAt: toLocalInput(NOW_S + 3_600) }),
      issuer: '',
      claims: { sub: 'user-3' },
      recorded:
        'eyJhbGciOiJIUzI1NiIsImtpZCI6InNia19BYkNkRWZHaElqS2xNbk9wUXJTdFV2In0.eyJhY3QiOnsic3ViIjoidXNlci0zIn0sImF1ZCI6Imh0dHBzOi8vYXBpLnN0YXRlYmFja2VkLmRldi8iLCJleHAiOjE3OTU0MjgwMDAsImlzcyI6Imh0dHBzOi8vc2JrX0FiQ2RFZkdoSWpLbE1uT3BRclN0VXYuY2xpZW50LnN0YXRlYmFja2VkLmRldi8iLCJpYXQiOjE3OTU0MjQ0MDB9.AH55j_D21xcgKKsUYMHTxHCZx8YKVRmI3JWlTFHjiso',
    },
    {
      name: 'an empty sub (signed as act.sub = "", as signToken does)',
      times: times({ expiresIn: '30m' }),
      issuer: '',
      claims: { sub: '' },
      recorded:
        'eyJhbGciOiJIUzI1NiIsImtpZCI6InNia19BYkNkRWZHaElqS2xNbk9wUXJTdFV2In0.eyJhY3QiOnsic3ViIjoiIn0sImF1ZCI6Imh0dHBzOi8vYXBpLnN0YXRlYmFja2VkLmRldi8iLCJleHAiOjE3OTU0MjYyMDAsImlzcyI6Imh0dHBzOi8vc2JrX0FiQ2RFZkdoSWpLbE1uT3BRclN0VXYuY2xpZW50LnN0YXRlYmFja2VkLmRldi8iLCJpYXQiOjE3OTU0MjQ0MDB9.o2wmDeTrXkgWcqGlijThfnE8qEpDFBFqOzEuJJJReFA',
    },
    {
      name: 'non-ASCII and nested claims, expires in "2 weeks"',
      times: times({ expiresIn: '2 weeks' }),
      issuer: '',
      claims: { sub: 'zoë', nested: { a: [1, 'ü'] } },
      recorded:
        'eyJhbGciOiJIUzI1NiIsImtpZCI6InNia19BYkNkRWZHaElqS2xNbk9wUXJTdFV2In0.eyJhY3QiOnsic3ViIjoiem_DqyIsIm5lc3RlZCI6eyJhIjpbMSwiw7wiXX19LCJhdWQiOiJodHRwczovL2FwaS5zdGF0ZWJhY2tlZC5kZXYvIiwiZXhwIjoxNzk2NjM0MDAwLCJpc3MiOiJodHRwczovL3Nia19BYkNkRWZHaElqS2xNbk9wUXJTdFV2LmNsaWVudC5zdGF0ZWJhY2tlZC5kZXYvIiwiaWF0IjoxNzk1NDI0NDAwfQ.mFaGQMaUVj1piXeDpOQxWZis3Nqu1STYh3HG2Nb-pek',
    },
  ]

  it.each(stateBackedCases)('State Backed, $name: the real signToken\'s token, and both snippets make it', async ({ times: t, issuer, claims, recorded }) => {
    const { token, plan } = await pageToken({ profile: 'statebacked', typ: 'JWT', claims, times: t, stateBacked: { ...SB_KEY, issuer } })
    expect(plan.kind).toBe('statebacked')
    expect(token).toBe(recorded)
    const made = await snippetTokens(plan, { SB_SECRET_KEY: SB_KEY.secret })
    expect(made.map(([id]) => id)).toEqual(['statebacked', 'jose'])
    for (const [, snippetToken] of made) expect(snippetToken).toBe(token)
    expect(jose.decodeProtectedHeader(token)).toEqual({ alg: 'HS256', kid: SB_KEY.keyId })
    expect(Object.keys(jose.decodeJwt(token))).toEqual(['act', 'aud', 'exp', 'iss', 'iat'])
  })

  it('a snippet that left out the State Backed claims would not match (the comparison can fail)', async () => {
    const { token, plan } = await pageToken({ profile: 'statebacked', typ: 'JWT', claims: { sub: 'u' }, times: times({ expiresIn: '7d' }), stateBacked: { ...SB_KEY, issuer: '' } })
    if (plan.kind !== 'statebacked') throw new Error('expected a State Backed plan')
    // What the page showed before: the generic jose chain over the bare claims.
    const bare = snippetCode('jose', { profile: 'generic', claims: plan.claims, alg: 'HS256', kid: SB_KEY.keyId, expiresIn: '7d', issuedAt: true })
    vi.setSystemTime(NOW)
    const wrong = await runSnippet(bare.replace('importJWK(JSON.parse(process.env.JWT_PRIVATE_JWK), "HS256")', 'new TextEncoder().encode(process.env.SB_SECRET_KEY)'), { SB_SECRET_KEY: SB_KEY.secret })
    expect(wrong).not.toBe(token)
  })
})

describe('the State Backed form accepts exactly what signToken accepts', () => {
  const candidates = ['7d', '7 days', '7days', '7 D', '1.5h', '0s', '10 yrs', '-1h', '+2h', '1h from now', '2 hours ago', ' 7d', '7d ', '7  d', '.5h', '1e3s', '7', '', 'soon']

  it.each(candidates)('%j', async (span) => {
    const form: MintForm = { profile: 'statebacked', typ: '', claims: { sub: 'u' }, times: times({ expiresIn: span }), stateBacked: { ...SB_KEY, issuer: '' } }
    const planned = planMint(form)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
    // signToken throws synchronously (in setExpirationTime) on a period it refuses.
    const signed = await Promise.resolve()
      .then(() => upstream.signToken({ stateBackedKeyId: SB_KEY.keyId, stateBackedSecretKey: SB_KEY.secret }, { sub: 'u' }, { expires: { in: span } }))
      .then(
      (token) => ({ ok: true as const, token }),
      (error: unknown) => ({ ok: false as const, message: error instanceof Error ? error.message : String(error) }),
    )
    expect(planned.ok).toBe(signed.ok)
    if (!signed.ok) {
      expect(signed.message).toBe('Invalid time period format')
      expect(!planned.ok && planned.problems['exp-in']).toMatch(/^Invalid time period format: /)
    } else {
      expect((await pageToken(form)).token).toBe(signed.token)
    }
  })
})
