import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildVerdict } from '@/lib/api/tokens'
import { decodeBase64url, decodeToken, encodeBase64url, MAX_TOKEN_JSON_DEPTH, signToken, verifyToken, type StudioKey } from '@/lib/tokens'
import { canonicalBase64urlIssue } from '@/lib/tokens/encoding'
import { HOUR, NOW, NOW_S, keyFor } from './fixtures'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const CLAIMS = { sub: 'u1', exp: NOW_S + HOUR }

/** The same bytes spelled with the unused low bit of the last character set (a canonical spelling has them clear). */
function malleate(segment: string): string {
  const last = ALPHABET.indexOf(segment.slice(-1))
  return segment.slice(0, -1) + ALPHABET.charAt(last + 1)
}

/** HMAC-signs raw header/payload text, so headers no encoder would produce can be signed. */
async function hmacRaw(key: StudioKey, headerText: string, payloadText: string): Promise<string> {
  const secret = decodeBase64url(String(key.privateJwk?.k))
  if (!secret.ok) throw new Error('fixture key has no secret')
  const signingInput = `${encodeBase64url(headerText)}.${encodeBase64url(payloadText)}`
  const cryptoKey = await crypto.subtle.importKey('raw', secret.value.slice(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(signingInput)))
  return `${signingInput}.${encodeBase64url(signature)}`
}

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`

describe('canonicalBase64urlIssue', () => {
  it.each([
    { text: '', issue: undefined },
    { text: 'AAAA', issue: undefined },
    { text: 'AA', issue: undefined },
    { text: 'AQ', issue: undefined },
    { text: 'AB', issue: 'has non-zero unused bits in its last character "B" (canonically "A")' },
    { text: 'AR', issue: 'has non-zero unused bits in its last character "R" (canonically "Q")' },
    { text: 'AAE', issue: undefined },
    { text: 'AAF', issue: 'has non-zero unused bits in its last character "F" (canonically "E")' },
    { text: 'AA_', issue: 'has non-zero unused bits in its last character "_" (canonically "8")' },
    { text: 'ab=', issue: 'has "=" padding at position 2 (base64url has no padding)' },
    { text: 'a+b', issue: 'has "+" at position 1 (standard base64, not base64url)' },
    { text: 'ab\n', issue: 'has an invalid character "\\n" at position 2' },
    { text: 'abcde', issue: 'has an impossible length (5 characters)' },
  ])('$text -> $issue', ({ text, issue }) => {
    expect(canonicalBase64urlIssue(text)).toBe(issue)
  })

  it('accepts every encoding the encoder makes and refuses its malleated twin, which decodes to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((b) => b.length % 3 !== 0), (bytes) => {
        const text = encodeBase64url(bytes)
        expect(canonicalBase64urlIssue(text)).toBeUndefined()
        const twin = malleate(text)
        expect(decodeBase64url(twin)).toEqual({ ok: true, value: bytes })
        expect(canonicalBase64urlIssue(twin)).toMatch(/^has non-zero unused bits in its last character/)
      }),
    )
  })
})

describe('verifyToken refuses every spelling but the signed one', () => {
  it('accepts the token as signed', async () => {
    const key = await keyFor('HS256')
    expect((await verifyToken(await signToken(key, CLAIMS, { now: NOW }), { key, at: NOW })).ok).toBe(true)
  })

  it('refuses a signature whose last character was changed to one that decodes to the same bytes', async () => {
    const key = await keyFor('HS256')
    const token = await signToken(key, CLAIMS, { now: NOW })
    const [header, payload, signature = ''] = token.split('.')
    const twin = `${header}.${payload}.${malleate(signature)}`
    expect(decodeBase64url(malleate(signature))).toEqual(decodeBase64url(signature))
    const result = await verifyToken(twin, { key, at: NOW })
    expect(result).toMatchObject({ ok: false, code: 'STUDIO_NOT_CANONICAL', payload: { sub: 'u1' } })
    expect(!result.ok && result.message).toBe(
      `Token is not canonical base64url: the signature has non-zero unused bits in its last character "${malleate(signature).slice(-1)}" (canonically "${signature.slice(-1)}"). ` +
        'Another spelling of the signed bytes would make token strings malleable, so only the exact encoding that was signed is accepted.',
    )
  })

  it('refuses a malleated header too: it changes the signing input, so the signature no longer matches', async () => {
    const key = await keyFor('HS256')
    // 22 bytes: the header ends in a partial character.
    const token = await hmacRaw(key, '{"alg":"HS256","x":12}', JSON.stringify(CLAIMS))
    const [header = '', payload, signature] = token.split('.')
    expect((await verifyToken(token, { key, at: NOW })).ok).toBe(true)
    const twin = `${malleate(header)}.${payload}.${signature}`
    expect(decodeToken(twin).header).toEqual({ alg: 'HS256', x: 12 })
    expect(await verifyToken(twin, { key, at: NOW })).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
  })

  it.each([
    { name: 'a trailing newline', mutate: (t: string) => `${t}\n`, where: (t: string) => `a line feed at position ${t.length}` },
    { name: 'a trailing CRLF', mutate: (t: string) => `${t}\r\n`, where: (t: string) => `a carriage return at position ${t.length}` },
    { name: 'a leading space', mutate: (t: string) => ` ${t}`, where: () => 'a space at position 0' },
    { name: 'a tab after the first dot', mutate: (t: string) => t.replace('.', '.\t'), where: (t: string) => `a tab at position ${t.indexOf('.') + 1}` },
    { name: 'a no-break space', mutate: (t: string) => `${t}\u00a0`, where: (t: string) => `U+00A0 at position ${t.length}` },
  ])('refuses $name in the token', async ({ mutate, where }) => {
    const key = await keyFor('HS256')
    const token = await signToken(key, CLAIMS, { now: NOW })
    const result = await verifyToken(mutate(token), { key, at: NOW })
    expect(result).toEqual({
      ok: false,
      code: 'STUDIO_NOT_CANONICAL',
      message: `Token contains whitespace (${where(token)}); a token must be exactly the string that was signed, so it is refused.`,
      header: expect.objectContaining({ alg: 'HS256' }) as unknown,
      payload: expect.objectContaining({ sub: 'u1' }) as unknown,
    })
  })

  it('still decodes such tokens for display, with a warning', async () => {
    const key = await keyFor('HS256')
    const [header, payload, signature = ''] = (await signToken(key, CLAIMS, { now: NOW })).split('.')
    const shown = decodeToken(`${header}.${payload}.${malleate(signature)}\n`)
    expect(shown).toMatchObject({ kind: 'jws', header: { alg: 'HS256' }, payload: { sub: 'u1' }, signatureBytes: 32, issues: [] })
    expect(shown.warnings).toEqual([
      `signature is not canonical base64url (has non-zero unused bits in its last character "${malleate(signature).slice(-1)}" (canonically "${signature.slice(-1)}")); verification refuses such a token`,
    ])
  })
})

describe('JSON nesting of a token', () => {
  it('refuses a signed header nested 5,000 levels (13 KB) with a clear result, and the verdict serializes', async () => {
    const key = await keyFor('HS256')
    const token = await hmacRaw(key, `{"alg":"HS256","x":${deep(5000)}}`, JSON.stringify(CLAIMS))
    expect(token.length).toBeGreaterThan(13_000)
    expect(token.length).toBeLessThan(16_384)
    const result = await verifyToken(token, { key, at: NOW })
    expect(result).toEqual({ ok: false, code: 'STUDIO_TOO_DEEP', message: `Token header is JSON nested deeper than ${MAX_TOKEN_JSON_DEPTH} levels; it was not parsed.`, payload: { sub: 'u1', exp: NOW_S + HOUR } })
    const verdict = await buildVerdict(token, { key, at: NOW })
    expect(() => JSON.stringify(verdict)).not.toThrow()
    expect(verdict.decoded.issues).toEqual([{ part: 0, message: `header is nested deeper than ${MAX_TOKEN_JSON_DEPTH} levels; it was not parsed`, code: 'TOO_DEEP' }])
    expect(verdict.decoded.headerText?.length).toBeGreaterThan(10_000)
  })

  it('refuses a deep payload; the limit itself is accepted', async () => {
    const key = await keyFor('HS256')
    const atLimit = await hmacRaw(key, '{"alg":"HS256"}', `{"sub":"u1","exp":${NOW_S + HOUR},"x":${deep(MAX_TOKEN_JSON_DEPTH - 1)}}`)
    expect((await verifyToken(atLimit, { key, at: NOW })).ok).toBe(true)
    const over = await hmacRaw(key, '{"alg":"HS256"}', `{"sub":"u1","exp":${NOW_S + HOUR},"x":${deep(MAX_TOKEN_JSON_DEPTH)}}`)
    expect(await verifyToken(over, { key, at: NOW })).toMatchObject({ ok: false, code: 'STUDIO_TOO_DEEP', message: `Token payload is JSON nested deeper than ${MAX_TOKEN_JSON_DEPTH} levels; it was not parsed.` })
  })

  it('counts brackets inside strings as text, not nesting', async () => {
    const key = await keyFor('HS256')
    const token = await hmacRaw(key, '{"alg":"HS256"}', JSON.stringify({ ...CLAIMS, note: '['.repeat(500) }))
    expect((await verifyToken(token, { key, at: NOW })).ok).toBe(true)
  })
})
