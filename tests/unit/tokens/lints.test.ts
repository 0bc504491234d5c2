import { describe, expect, it } from 'vitest'
import { decodeToken, encodeBase64url, importJwk, lintSecret, lintToken, luhnValid, signToken, signUnsecured, type LintOptions, type StudioKey } from '@/lib/tokens'
import { HOUR, NOW, NOW_S, keyFor } from './fixtures'

const octKey = (secret: string) => importJwk({ kty: 'oct', k: encodeBase64url(secret) }, { alg: 'HS256', now: NOW, kid: 'demo' })
const CLEAN = { sub: 'u1', name: 'Ana', roles: ['user'] }

async function cleanToken(key?: StudioKey, claims: Record<string, unknown> = CLEAN, header: Record<string, unknown> = {}): Promise<string> {
  return signToken(key ?? (await keyFor('HS256')), claims, { now: NOW, expiresIn: '1h', header })
}

interface LintCase {
  readonly name: string
  readonly token: () => Promise<string>
  readonly options?: Omit<LintOptions, 'now'> | (() => Promise<Omit<LintOptions, 'now'>>)
  readonly codes: readonly string[]
  readonly message?: string
}

const cases: LintCase[] = [
  { name: 'clean token', token: () => cleanToken(), options: async () => ({ key: await keyFor('HS256') }), codes: [] },
  { name: 'clean RS256 token', token: async () => cleanToken(await keyFor('RS256')), options: async () => ({ key: await keyFor('RS256') }), codes: [] },
  { name: 'alg none', token: async () => signUnsecured({ ...CLEAN, exp: NOW_S + HOUR, iat: NOW_S }), codes: ['ALG_NONE'], message: 'alg is "none": the token is unsecured and anyone can forge it' },
  { name: 'short HMAC secret', token: async () => cleanToken(await octKey('0123456789abcdef')), options: async () => ({ key: await octKey('0123456789abcdef') }), codes: ['HMAC_SECRET_SHORT'], message: 'The secret is 16 bytes; HS256 needs at least 32 (RFC 7518 3.2), or it can be brute-forced' },
  { name: 'jwt.io demo secret', token: async () => cleanToken(await octKey('your-256-bit-secret')), options: async () => ({ key: await octKey('your-256-bit-secret') }), codes: ['HMAC_SECRET_WEAK', 'HMAC_SECRET_SHORT'] },
  { name: 'no exp', token: async () => signToken(await keyFor('HS256'), CLEAN, { now: NOW }), codes: ['NO_EXP'], message: 'No exp claim: the token never expires' },
  { name: 'expired', token: async () => signToken(await keyFor('HS256'), CLEAN, { now: NOW_S - 3 * HOUR, expiresIn: '1h' }), codes: ['EXPIRED'], message: 'Token expired 2 h ago' },
  { name: 'lifetime over 24 h', token: async () => signToken(await keyFor('HS256'), CLEAN, { now: NOW, expiresIn: '7d' }), codes: ['LONG_LIFETIME'], message: 'Lifetime is 7 d, over 1 d' },
  { name: 'iat in the future', token: async () => signToken(await keyFor('HS256'), CLEAN, { now: NOW, issuedAt: NOW_S + 600, expiresIn: '1h' }), codes: ['IAT_IN_FUTURE'], message: 'iat is in the future (in 10 min)' },
  { name: 'nbf in the future', token: async () => signToken(await keyFor('HS256'), CLEAN, { now: NOW, notBeforeIn: '5m', expiresIn: '1h' }), codes: ['NBF_IN_FUTURE'], message: 'nbf is in the future: not valid until in 5 min' },
  { name: 'password claim', token: () => cleanToken(undefined, { ...CLEAN, password: 'hunter2' }), codes: ['SECRET_CLAIM'], message: 'Claim "password": its name suggests a secret; JWT claims are readable by anyone holding the token' },
  { name: 'nested client_secret', token: () => cleanToken(undefined, { act: { ...CLEAN, client_secret: 'x' } }), codes: ['SECRET_CLAIM'], message: 'Claim "act.client_secret": its name suggests a secret; JWT claims are readable by anyone holding the token' },
  { name: 'api key value', token: () => cleanToken(undefined, { ...CLEAN, note: 'sk_live_abcdefghijklmnop' }), codes: ['SECRET_CLAIM'] },
  { name: 'ssn', token: () => cleanToken(undefined, { ...CLEAN, ssn: '123-45-6789' }), codes: ['PII_CLAIM'] },
  { name: 'card number in a list', token: () => cleanToken(undefined, { ...CLEAN, billing: ['4111 1111 1111 1111'] }), codes: ['PII_CLAIM'], message: 'Claim "billing.0": its value looks like a payment card number (Luhn-valid); JWT claims are readable by anyone holding the token' },
  { name: 'non-Luhn digits are fine', token: () => cleanToken(undefined, { ...CLEAN, order: '4111111111111112' }), codes: [] },
  { name: 'email marked sensitive', token: () => cleanToken(undefined, { ...CLEAN, email: 'ana@example.com' }), options: { sensitiveClaims: ['email'] }, codes: ['PII_CLAIM'], message: 'Claim "email": it is marked sensitive; JWT claims are readable by anyone holding the token' },
  { name: 'email not marked', token: () => cleanToken(undefined, { ...CLEAN, email: 'ana@example.com' }), codes: [] },
  { name: 'embedded jwk and jku', token: () => cleanToken(undefined, CLEAN, { jwk: { kty: 'oct', k: 'AA' }, jku: 'https://x' }), codes: ['EMBEDDED_KEY_HEADER'], message: 'Header carries jwk, jku: a verifier that trusts keys named by the token can be fooled' },
  ...["../../dev/null", 'keys/a', 'a\\b', "x' OR '1'='1", 'k1; DROP TABLE keys', 'k1--'].map((kid) => ({ name: `kid ${kid}`, token: () => cleanToken(undefined, CLEAN, { kid }), codes: ['SUSPICIOUS_KID'] })),
]

describe('lintToken', () => {
  it.each(cases)('$name -> $codes', async ({ token, options, codes, message }) => {
    const extra = typeof options === 'function' ? await options() : (options ?? {})
    const lints = lintToken(decodeToken(await token()), { now: NOW, ...extra })
    expect(lints.map((lint) => lint.code)).toEqual(codes)
    if (message) expect(lints[0]?.message).toBe(message)
  })
})

describe('helpers', () => {
  it.each([
    ['4111111111111111', true], ['79927398713', true], ['79927398710', false], ['', false],
  ] as const)('luhnValid(%s) = %s', (digits, ok) => expect(luhnValid(digits)).toBe(ok))

  it('lintSecret on a long random secret is quiet', () => {
    expect(lintSecret(crypto.getRandomValues(new Uint8Array(64)), 'HS512')).toEqual([])
    expect(lintSecret(new TextEncoder().encode('changeme'), 'HS256').map((lint) => lint.code)).toEqual(['HMAC_SECRET_WEAK', 'HMAC_SECRET_SHORT'])
  })
})
