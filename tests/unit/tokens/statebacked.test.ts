import { CompactSign, SignJWT } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { authContextFromStateBacked, signStateBackedToken, validateStateBackedKey, verifyToken, importJwk } from '@/lib/tokens'
import { NOW, NOW_S } from './fixtures'

const KEY = { stateBackedKeyId: 'sbk_AbCdEfGhIjKlMnOpQrStUv', stateBackedSecretKey: 'sbsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEF' }
const secret = new TextEncoder().encode(KEY.stateBackedSecretKey)
const claims = { sub: 'user-1', groups: ['editors'], name: 'Ana' }

/** The recipe of token-profiles.md written out by hand: exact header and member order. */
async function recipe(exp: number, iss: string): Promise<string> {
  const payload = `{"act":${JSON.stringify(claims)},"aud":"https://api.statebacked.dev/","exp":${exp},"iss":"${iss}","iat":${NOW_S}}`
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'HS256', kid: KEY.stateBackedKeyId }).sign(secret)
}

const DEFAULT_ISS = `https://${KEY.stateBackedKeyId}.client.statebacked.dev/`

describe('State Backed profile is byte-for-byte signToken', () => {
  afterEach(() => void vi.useRealTimers())

  const cases = [
    { name: 'expires.in 7d, default issuer', options: { expires: { in: '7d' } }, exp: NOW_S + 7 * 86400, iss: DEFAULT_ISS },
    { name: 'expires.in "24 hours", custom issuer', options: { expires: { in: '24 hours' }, issuer: 'https://app.example' }, exp: NOW_S + 86400, iss: 'https://app.example' },
    { name: 'expires.at Date', options: { expires: { at: new Date('2026-12-01T00:00:00.900Z') } }, exp: Date.UTC(2026, 11, 1) / 1000, iss: DEFAULT_ISS },
    { name: 'expires.at epoch seconds', options: { expires: { at: NOW_S + 60 } }, exp: NOW_S + 60, iss: DEFAULT_ISS },
    { name: 'at wins over in', options: { expires: { in: '7d', at: NOW_S + 5 } }, exp: NOW_S + 5, iss: DEFAULT_ISS },
    { name: 'empty issuer falls back', options: { expires: { in: '1h' }, issuer: '' }, exp: NOW_S + 3600, iss: DEFAULT_ISS },
  ]
  it.each(cases)('$name', async ({ options, exp, iss }) => {
    expect(await signStateBackedToken(KEY, claims, options, NOW)).toBe(await recipe(exp, iss))
  })

  it('matches the upstream signToken call chain run under the same (frozen) clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
    // signToken's chain as in @statebacked/token v0.2 src/index.ts, clock from Date.
    const upstream = await new SignJWT({ act: claims })
      .setProtectedHeader({ alg: 'HS256', kid: KEY.stateBackedKeyId })
      .setAudience('https://api.statebacked.dev/')
      .setExpirationTime('7d')
      .setIssuer(DEFAULT_ISS)
      .setIssuedAt()
      .sign(secret)
    vi.useRealTimers()
    expect(await signStateBackedToken(KEY, claims, { expires: { in: '7d' } }, NOW)).toBe(upstream)
  })

  it('verifies with the secret as an HS256 oct key and yields the authContext', async () => {
    const token = await signStateBackedToken(KEY, claims, { expires: { in: '1h' } }, NOW)
    const key = await importJwk({ kty: 'oct', k: Buffer.from(secret).toString('base64url') }, { alg: 'HS256', now: NOW, kid: KEY.stateBackedKeyId })
    const result = await verifyToken(token, { keys: [key], at: NOW, audience: 'https://api.statebacked.dev/', issuer: DEFAULT_ISS })
    expect(result.ok).toBe(true)
    expect(result.ok && authContextFromStateBacked(result.payload)).toEqual(claims)
  })
})

describe('authContextFromStateBacked', () => {
  it.each([
    { name: 'act claim', payload: { act: { sub: 'a', groups: ['g'] }, sub: 'outer' }, expected: { sub: 'a', groups: ['g'] } },
    { name: 'act without sub takes top-level sub', payload: { act: { groups: ['g'] }, sub: 'outer' }, expected: { groups: ['g'], sub: 'outer' } },
    { name: 'no act, top-level sub', payload: { sub: 'outer' }, expected: { sub: 'outer' } },
    { name: 'nothing', payload: { iss: 'x' }, expected: null },
    { name: 'inherited act is ignored', payload: Object.create({ act: { sub: 'proto' } }) as Record<string, unknown>, expected: null },
  ])('$name', ({ payload, expected }) => {
    expect(authContextFromStateBacked(payload)).toEqual(expected)
  })
})

describe('validateStateBackedKey', () => {
  it.each([
    { key: KEY, ok: true, issues: undefined },
    { key: { ...KEY, stateBackedKeyId: 'sbk_short' }, ok: false, issues: ['Key id must be "sbk_" followed by 22 URL-safe characters (A-Z a-z 0-9 _ -)'] },
    { key: { ...KEY, stateBackedSecretKey: 'secret' }, ok: false, issues: ['Secret must start with "sbsec_" followed by URL-safe characters'] },
  ])('$key.stateBackedKeyId / $key.stateBackedSecretKey -> $ok', ({ key, ok, issues }) => {
    const result = validateStateBackedKey(key)
    expect(result.ok).toBe(ok)
    if (!result.ok) expect(result.issues).toEqual(issues)
  })
})
