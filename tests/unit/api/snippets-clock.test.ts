import { describe, expect, it } from 'vitest'
import { fromLocalInput, offsetLabel, toLocalInput } from '@/components/tokens/clock'
import { fromJwksDocument, fromPastedKey, fromSecret } from '@/components/tokens/key-source'
import { fluxstackSnippet, joseSnippet, snippetsFor, stateBackedSnippet } from '@/components/tokens/snippets'
import { exportPublicJwk, generateKey, signStateBackedToken, verifyToken } from '@/lib/tokens'

const base = { claims: { sub: 'u-free', roles: ['user'] }, issuedAt: true }

describe('snippets', () => {
  it('writes a jose call with the server\'s header and time claims, the key from the environment', () => {
    expect(joseSnippet({ ...base, profile: 'generic', alg: 'ES256', kid: 'k1', typ: 'JWT', expiresIn: '1h', notBeforeIn: '5m' })).toBe(
      [
        "import { SignJWT, importPKCS8 } from 'jose'",
        '',
        "// The key's private PEM (Tokens > Keys > k1 > Export private… > Reveal private PEM).",
        'const key = await importPKCS8(process.env.JWT_PRIVATE_KEY_PEM, "ES256")',
        'const token = await new SignJWT({\n  "sub": "u-free",\n  "roles": [\n    "user"\n  ]\n})',
        '  .setProtectedHeader({"alg":"ES256","typ":"JWT","kid":"k1"})',
        '  .setIssuedAt()',
        '  .setNotBefore("5m")',
        '  .setExpirationTime("1h")',
        '  .sign(key)',
      ].join('\n'),
    )
  })

  it('writes signToken\'s chain with jose for a State Backed token: act, aud, exp, iss, iat', () => {
    const code = joseSnippet({ profile: 'statebacked', claims: { sub: 'u' }, keyId: 'sbk_AAAAAAAAAAAAAAAAAAAAAA', expires: { in: '7d' } })
    expect(code).toContain('new SignJWT({\n  "act": {\n    "sub": "u"\n  }\n})')
    expect(code.split('\n').filter((line) => line.startsWith('  .'))).toEqual([
      '  .setProtectedHeader({"alg":"HS256","kid":"sbk_AAAAAAAAAAAAAAAAAAAAAA"})',
      '  .setAudience("https://api.statebacked.dev/")',
      '  .setExpirationTime("7d")',
      '  .setIssuer("https://sbk_AAAAAAAAAAAAAAAAAAAAAA.client.statebacked.dev/")',
      '  .setIssuedAt()',
      '  .sign(key)',
    ])
    expect(code).toContain('new TextEncoder().encode(process.env.SB_SECRET_KEY)')
  })

  it.each([
    [{ expires: { at: 2_000_000_000 } }, '{ expires: { at: 2000000000 } }'],
    [{ expires: { in: '7d' }, issuer: 'https://me/' }, '{ expires: { in: "7d" }, issuer: "https://me/" }'],
  ])('writes a signToken call %#', (extra, options) => {
    const code = stateBackedSnippet({ profile: 'statebacked', claims: base.claims, keyId: 'sbk_AAAAAAAAAAAAAAAAAAAAAA', ...extra })
    expect(code).toContain('{ stateBackedKeyId: "sbk_AAAAAAAAAAAAAAAAAAAAAA", stateBackedSecretKey: process.env.SB_SECRET_KEY }')
    expect(code).toContain(`  ${options},\n)`)
    expect(code).not.toMatch(/sbsec_/)
  })

  it('offers per profile only the snippets that make (or use) that token', () => {
    expect(snippetsFor('generic')).toEqual(['jose', 'fluxstack'])
    expect(snippetsFor('fluxstack')).toEqual(['jose', 'fluxstack'])
    expect(snippetsFor('statebacked')).toEqual(['statebacked', 'jose'])
  })

  it('writes the FluxStack authenticate call', () => {
    expect(fluxstackSnippet()).toContain('await authenticate({ token })')
  })
})

describe('clock helpers', () => {
  it('round-trips datetime-local text in local time', () => {
    expect(fromLocalInput(toLocalInput(1_800_000_000))).toBe(1_800_000_000)
    expect(fromLocalInput('')).toBeUndefined()
    expect(fromLocalInput('nonsense')).toBeUndefined()
  })
  it.each([
    [0, 'now'],
    [120, '+2 h'],
    [-30, '-30 min'],
    [2880, '+2 d'],
    [95, '+1 h 35 min'],
  ])('labels an offset of %i min as %s', (minutes, label) => {
    expect(offsetLabel(minutes)).toBe(label)
  })
})

describe('browser key sources', () => {
  const now = new Date('2026-01-01T00:00:00Z')
  it('verifies a State Backed token with the pasted secret text', async () => {
    const token = await signStateBackedToken({ stateBackedKeyId: 'sbk_AAAAAAAAAAAAAAAAAAAAAA', stateBackedSecretKey: 'sbsec_test' }, { sub: 'u' }, { expires: { in: '1h' } }, now)
    const resolved = await fromSecret('sbsec_test', 'HS256', 'sbk_AAAAAAAAAAAAAAAAAAAAAA', now)
    expect(resolved.ok && resolved.source?.key?.kid).toBe('sbk_AAAAAAAAAAAAAAAAAAAAAA')
    const result = resolved.ok && resolved.source ? await verifyToken(token, { ...resolved.source, at: now }) : null
    expect(result).toMatchObject({ ok: true })
  })

  it.each([
    ['RS256', 'A shared secret verifies HS256/384/512 only; this token says alg "RS256".'],
    [undefined, 'A shared secret verifies HS256/384/512 only; this token says alg null.'],
  ])('refuses a secret for alg %s', async (alg, message) => {
    expect(await fromSecret('s', alg, undefined, now)).toEqual({ ok: false, message })
  })

  it('uses one pasted key whatever kid the token names, and several keys by kid', async () => {
    const a = await generateKey({ alg: 'ES256', now, kid: 'a' })
    const b = await generateKey({ alg: 'ES256', now, kid: 'b' })
    const one = await fromPastedKey(JSON.stringify(exportPublicJwk(a)), 'ES256', now)
    expect(one.ok && one.source?.key?.kid).toBe('a')
    const two = await fromPastedKey(JSON.stringify({ keys: [exportPublicJwk(a), exportPublicJwk(b)] }), 'ES256', now)
    expect(two.ok && two.source?.keys?.map((k) => k.kid)).toEqual(['a', 'b'])
    expect(await fromPastedKey('junk', 'ES256', now)).toEqual({ ok: false, message: 'Expected a PEM block, a JWK or a JWKS (JSON)' })
    expect(await fromPastedKey('  ', 'ES256', now)).toEqual({ ok: true, source: null })
  })

  it('accepts only a JWKS document from a URL', () => {
    expect(fromJwksDocument({ keys: [] })).toMatchObject({ ok: true, note: '0 key(s) in the set' })
    expect(fromJwksDocument({ kty: 'EC' })).toEqual({ ok: false, message: 'The URL did not answer a JWKS (an object with a "keys" array).' })
  })
})
