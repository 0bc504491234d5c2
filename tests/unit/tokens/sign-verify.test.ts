import { describe, expect, it } from 'vitest'
import { decodeToken, signToken, verifyToken } from '@/lib/tokens'
import { ALL_ALGS, HOUR, NOW, NOW_S, keyFor } from './fixtures'

describe('sign/verify round trip', () => {
  it.each(ALL_ALGS)('%s signs and verifies with its own key', async (alg) => {
    const key = await keyFor(alg)
    const token = await signToken(key, { sub: 'u1', roles: ['admin'] }, { now: NOW, expiresIn: '1h', header: { typ: 'JWT' } })
    const decoded = decodeToken(token)
    expect(decoded.header).toEqual({ alg, typ: 'JWT', kid: key.kid })
    expect(decoded.payload).toEqual({ sub: 'u1', roles: ['admin'], iat: NOW_S, exp: NOW_S + HOUR })
    const result = await verifyToken(token, { key, at: NOW })
    expect(result).toMatchObject({ ok: true, payload: { sub: 'u1' }, key: { kid: key.kid, alg } })
    expect(result.ok && result.message).toBe(`Signature valid (key "${key.kid}", ${alg}); valid for 1 h (exp 2026-11-23 10:00:00Z).`)
  })
})

describe('time claims from the explicit clock', () => {
  const cases = [
    { name: 'expiresIn span', options: { expiresIn: '7d' }, expected: { iat: NOW_S, exp: NOW_S + 7 * 86400 } },
    { name: 'expiresIn seconds', options: { expiresIn: 90 }, expected: { iat: NOW_S, exp: NOW_S + 90 } },
    { name: 'expiresAt wins', options: { expiresIn: '7d', expiresAt: NOW_S + 10 }, expected: { iat: NOW_S, exp: NOW_S + 10 } },
    { name: 'nbf and no iat', options: { issuedAt: false, notBeforeIn: '-5m', expiresIn: '1h' }, expected: { nbf: NOW_S - 300, exp: NOW_S + HOUR } },
    { name: 'epoch-seconds clock', options: { now: NOW_S + 0.9, expiresIn: '1m' }, expected: { iat: NOW_S, exp: NOW_S + 60 } },
  ]
  it.each(cases)('$name', async ({ options, expected }) => {
    const key = await keyFor('HS256')
    const token = await signToken(key, {}, { now: NOW, ...options })
    expect(decodeToken(token).payload).toEqual(expected)
  })

  it('refuses a header alg that is not the key algorithm', async () => {
    const key = await keyFor('RS256')
    await expect(signToken(key, {}, { now: NOW, header: { alg: 'HS256' } })).rejects.toMatchObject({ code: 'TOKEN_ALG_KEY_MISMATCH' })
  })

  it('refuses a bad time span', async () => {
    const key = await keyFor('HS256')
    await expect(signToken(key, {}, { now: NOW, expiresIn: 'soon' })).rejects.toMatchObject({ code: 'TOKEN_TIME_SPAN_INVALID' })
  })
})

describe('claim checks with an explicit clock', () => {
  const cases = [
    { name: 'expired 3 h ago', sign: { expiresAt: NOW_S - 3 * HOUR }, verify: {}, code: 'ERR_JWT_EXPIRED', claim: 'exp', message: 'Token expired 3 h ago (exp 2026-11-23 06:00:00Z, evaluated at 2026-11-23 09:00:00Z).' },
    { name: 'expired within tolerance', sign: { expiresAt: NOW_S - 30 }, verify: { clockTolerance: 60 }, code: null },
    { name: 'not yet valid', sign: { notBeforeIn: '5m', expiresIn: '1h' }, verify: {}, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf', message: 'Token is not valid yet: it becomes valid in 5 min (nbf 2026-11-23 09:05:00Z, evaluated at 2026-11-23 09:00:00Z).' },
    { name: 'no exp required', sign: {}, verify: {}, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'exp', message: 'Token has no exp claim; this verifier requires one.' },
    { name: 'no exp allowed when opted out', sign: {}, verify: { requireExp: false }, code: null },
    { name: 'iat a year ahead', sign: { issuedAt: NOW_S + 365 * 86400, expiresIn: '1h' }, verify: {}, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iat', message: 'Token was issued in the future: iat is in 365 d (iat 2027-11-23 09:00:00Z, evaluated at 2026-11-23 09:00:00Z).' },
    { name: 'too old for maxTokenAge', sign: { issuedAt: NOW_S - 2 * 86400, expiresIn: '1h' }, verify: { maxTokenAge: '1d' }, code: 'ERR_JWT_EXPIRED', claim: 'iat', message: 'Token is too old: issued 2 d ago (iat 2026-11-21 09:00:00Z), max age 1 d, evaluated at 2026-11-23 09:00:00Z.' },
    { name: 'wrong issuer', sign: { expiresIn: '1h' }, claims: { iss: 'https://evil' }, verify: { issuer: 'https://studio' }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss', message: 'Issuer "https://evil" is not the expected "https://studio".' },
    { name: 'wrong audience', sign: { expiresIn: '1h' }, claims: { aud: ['a', 'b'] }, verify: { audience: 'api' }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud', message: 'Audience ["a","b"] does not include "api".' },
    { name: 'right audience in a list', sign: { expiresIn: '1h' }, claims: { aud: ['a', 'api'] }, verify: { audience: 'api' }, code: null },
    { name: 'wrong typ', sign: { expiresIn: '1h', header: { typ: 'JWT' } }, verify: { typ: 'at+jwt' }, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'typ', message: 'Header typ "JWT" is not the expected "at+jwt".' },
  ] as const
  it.each(cases)('$name', async (row) => {
    const key = await keyFor('ES256')
    const claims = 'claims' in row ? row.claims : {}
    const token = await signToken(key, { sub: 'u1', ...claims }, { now: NOW, issuedAt: NOW_S, ...row.sign })
    const result = await verifyToken(token, { key, at: NOW, ...row.verify })
    if (row.code === null) return expect(result.ok).toBe(true)
    expect(result).toMatchObject({ ok: false, code: row.code, claim: row.claim, message: row.message, payload: { sub: 'u1' } })
  })
})

describe('key sources and allow-lists', () => {
  it('a key ring never lets an HS256 token reach an RSA key by kid', async () => {
    const [hs, rsa] = [await keyFor('HS256'), await keyFor('RS256')]
    const forged = await signToken(hs, { sub: 'x' }, { now: NOW, expiresIn: 60, header: { kid: rsa.kid } })
    expect(await verifyToken(forged, { keys: [hs, rsa], at: NOW })).toMatchObject({
      ok: false,
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
      message: `Algorithm HS256 is not allowed for key "${rsa.kid}" (it verifies RS256 only).`,
    })
  })

  it('the algorithms option narrows further', async () => {
    const key = await keyFor('ES256')
    const token = await signToken(key, {}, { now: NOW, expiresIn: 60 })
    expect(await verifyToken(token, { key, at: NOW, algorithms: ['RS256'] })).toMatchObject({ ok: false, code: 'ERR_JOSE_ALG_NOT_ALLOWED', message: 'Algorithm "ES256" is not allowed here (allowed: RS256).' })
  })

  it('a malformed JWKS is an outcome, a missing key source is misuse', async () => {
    const token = await signToken(await keyFor('ES256'), {}, { now: NOW, expiresIn: 60 })
    expect(await verifyToken(token, { jwks: { keys: 'nope' } as never, at: NOW })).toMatchObject({ ok: false, code: 'ERR_JWKS_INVALID' })
    await expect(verifyToken(token, { at: NOW })).rejects.toMatchObject({ code: 'TOKEN_KEY_OPTIONS_INVALID' })
  })

  it('a JWKS member with private parts is refused', async () => {
    const key = await keyFor('ES256')
    const token = await signToken(key, {}, { now: NOW, expiresIn: 60 })
    expect(await verifyToken(token, { jwks: { keys: [{ ...key.privateJwk, kid: key.kid }] }, at: NOW })).toMatchObject({ ok: false, code: 'ERR_JWKS_INVALID' })
  })

  it('a single-key ring accepts a token without kid', async () => {
    const key = await keyFor('EdDSA')
    const token = await signToken(key, {}, { now: NOW, expiresIn: 60, includeKid: false })
    expect(await verifyToken(token, { keys: [key], at: NOW })).toMatchObject({ ok: true, key: { kid: key.kid, alg: 'EdDSA' } })
  })
})
