import { SignJWT, exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  decodeToken,
  encodeBase64url,
  exportJwks,
  exportPublicPem,
  signToken,
  signUnsecured,
  verifyToken,
  type StudioKey,
  type VerifyOptions,
} from '@/lib/tokens'
import { HOUR, NOW, NOW_S, keyFor } from './fixtures'

const utf8 = (text: string) => new TextEncoder().encode(text)
const CLAIMS = { sub: 'victim', role: 'user' }
const part = (value: unknown) => encodeBase64url(JSON.stringify(value))

async function valid(key: StudioKey, claims: Record<string, unknown> = CLAIMS, extra: Record<string, unknown> = {}): Promise<string> {
  return signToken(key, claims, { now: NOW, expiresIn: '1h', header: extra })
}

/** Signs arbitrary header/payload text with an HMAC key, bypassing jose's encoder. */
async function hmacRaw(key: StudioKey, headerPart: string, payloadPart: string): Promise<string> {
  const secret = Uint8Array.from(atob((key.privateJwk?.k ?? '').replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
  const cryptoKey = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8(`${headerPart}.${payloadPart}`)))
  return `${headerPart}.${payloadPart}.${encodeBase64url(signature)}`
}

interface AttackCase {
  readonly name: string
  readonly build: () => Promise<{ token: string; options: Omit<VerifyOptions, 'at'> }>
  readonly code: string
  readonly message?: string | RegExp
  /** What lenient decoding still shows of the token. */
  readonly decoded?: { header?: Record<string, unknown>; payload?: Record<string, unknown>; issues?: Array<{ part: number | null; message: string }> }
}

const noneCasings = ['none', 'None', 'NONE', 'nOnE'].map(
  (alg): AttackCase => ({
    name: `alg "${alg}"`,
    build: async () => ({ token: signUnsecured({ ...CLAIMS, exp: NOW_S + HOUR }, { alg, header: { typ: 'JWT' } }), options: { key: await keyFor('HS256') } }),
    code: 'STUDIO_ALG_NONE',
    message: `Token is unsecured (alg "${alg}"): it has no signature and is never accepted.`,
    decoded: { header: { alg, typ: 'JWT' }, payload: CLAIMS },
  }),
)

const corpus: AttackCase[] = [
  ...noneCasings,
  {
    name: 'HS256 signed with the RSA public key PEM as secret',
    build: async () => {
      const rsa = await keyFor('RS256')
      const pem = await exportPublicPem(rsa)
      const token = await new SignJWT({ ...CLAIMS, role: 'admin', exp: NOW_S + HOUR }).setProtectedHeader({ alg: 'HS256', kid: rsa.kid }).sign(utf8(pem))
      return { token, options: { key: rsa } }
    },
    code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    message: /^Algorithm HS256 is not allowed for key ".+" \(it verifies RS256 only\)\.$/,
    decoded: { payload: { role: 'admin' } },
  },
  {
    name: 'HS256 with RSA PEM secret against a JWKS',
    build: async () => {
      const rsa = await keyFor('RS256')
      const token = await new SignJWT({ exp: NOW_S + HOUR }).setProtectedHeader({ alg: 'HS256', kid: rsa.kid }).sign(utf8(await exportPublicPem(rsa)))
      return { token, options: { jwks: exportJwks([rsa]) } }
    },
    code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    message: 'Algorithm HS256 is not allowed with a JWKS: a JWKS holds public keys, HMAC needs a shared secret.',
  },
  {
    name: 'HS512 where the key is HS256',
    build: async () => {
      const key = await keyFor('HS256')
      const secret = Uint8Array.from(atob((key.privateJwk?.k ?? '').replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
      return { token: await new SignJWT({ exp: NOW_S + HOUR }).setProtectedHeader({ alg: 'HS512', kid: key.kid }).sign(secret), options: { key } }
    },
    code: 'ERR_JOSE_ALG_NOT_ALLOWED',
  },
  {
    name: 'expired',
    build: async () => ({ token: await signToken(await keyFor('HS256'), CLAIMS, { now: NOW_S - 2 * HOUR, expiresIn: '1h' }), options: { key: await keyFor('HS256') } }),
    code: 'ERR_JWT_EXPIRED',
    message: 'Token expired 1 h ago (exp 2026-11-23 08:00:00Z, evaluated at 2026-11-23 09:00:00Z).',
    decoded: { payload: CLAIMS },
  },
  {
    name: 'not yet valid',
    build: async () => ({ token: await signToken(await keyFor('HS256'), CLAIMS, { now: NOW, notBeforeIn: '2h', expiresIn: '3h' }), options: { key: await keyFor('HS256') } }),
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  },
  {
    name: 'wrong aud',
    build: async () => ({ token: await valid(await keyFor('ES256'), { ...CLAIMS, aud: 'other-api' }), options: { key: await keyFor('ES256'), audience: 'studio' } }),
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    message: 'Audience "other-api" does not include "studio".',
  },
  {
    name: 'wrong iss',
    build: async () => ({ token: await valid(await keyFor('ES256'), { ...CLAIMS, iss: 'https://evil.example' }), options: { key: await keyFor('ES256'), issuer: ['https://a', 'https://b'] } }),
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    message: 'Issuer "https://evil.example" is not the expected "https://a" or "https://b".',
  },
  {
    name: 'tampered payload',
    build: async () => {
      const key = await keyFor('RS256')
      const [header, , signature] = (await valid(key)).split('.')
      return { token: `${header}.${part({ ...CLAIMS, role: 'admin', exp: NOW_S + HOUR })}.${signature}`, options: { key } }
    },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    message: /^Signature does not match key ".+" \(RS256\): the token was altered or signed with another key\.$/,
    decoded: { payload: { role: 'admin' } },
  },
  {
    name: 'tampered header',
    build: async () => {
      const key = await keyFor('EdDSA')
      const [, payload, signature] = (await valid(key)).split('.')
      return { token: `${part({ alg: 'EdDSA', kid: key.kid, typ: 'admin+jwt' })}.${payload}.${signature}`, options: { key } }
    },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    decoded: { header: { typ: 'admin+jwt' } },
  },
  {
    name: 'signed by another key of the same algorithm',
    build: async () => {
      const other = await generateKeyPair('ES256')
      const victim = await keyFor('ES256')
      return { token: await new SignJWT({ exp: NOW_S + HOUR }).setProtectedHeader({ alg: 'ES256', kid: victim.kid }).sign(other.privateKey), options: { key: victim } }
    },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  {
    name: 'ES256 with r = s = 0',
    build: async () => {
      const key = await keyFor('ES256')
      const [header, payload] = (await valid(key)).split('.')
      return { token: `${header}.${payload}.${encodeBase64url(new Uint8Array(64))}`, options: { key } }
    },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  {
    name: 'unknown kid in the key ring',
    build: async () => ({ token: await valid(await keyFor('HS256'), CLAIMS, { kid: 'nope' }), options: { keys: [await keyFor('HS256'), await keyFor('RS256')] } }),
    code: 'STUDIO_UNKNOWN_KID',
    message: 'No key has kid "nope" (2 keys known).',
  },
  {
    name: 'no kid with several keys',
    build: async () => ({ token: await signToken(await keyFor('HS256'), CLAIMS, { now: NOW, expiresIn: '1h', includeKid: false }), options: { keys: [await keyFor('HS256'), await keyFor('HS384')] } }),
    code: 'STUDIO_MISSING_KID',
  },
  {
    name: 'unknown kid in a JWKS',
    build: async () => ({ token: await valid(await keyFor('RS256'), CLAIMS, { kid: 'nope' }), options: { jwks: exportJwks([await keyFor('RS256'), await keyFor('ES256')]) } }),
    code: 'ERR_JWKS_NO_MATCHING_KEY',
    message: 'No key in the JWKS fits kid "nope" and alg RS256.',
  },
  {
    name: 'embedded jwk of the attacker',
    build: async () => {
      const attacker = await generateKeyPair('ES256', { extractable: true })
      const victim = await keyFor('ES256')
      const jwk = await exportJWK(attacker.publicKey)
      const token = await new SignJWT({ ...CLAIMS, role: 'admin', exp: NOW_S + HOUR }).setProtectedHeader({ alg: 'ES256', kid: victim.kid, jwk }).sign(attacker.privateKey)
      return { token, options: { keys: [victim] } }
    },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    message: /Its embedded jwk header was ignored: keys carried by a token are never trusted\.$/,
  },
  {
    name: 'jku pointing elsewhere',
    build: async () => {
      const attacker = await generateKeyPair('RS256')
      const victim = await keyFor('RS256')
      const token = await new SignJWT({ exp: NOW_S + HOUR }).setProtectedHeader({ alg: 'RS256', kid: victim.kid, jku: 'https://127.0.0.1:1/jwks.json' }).sign(attacker.privateKey)
      return { token, options: { jwks: exportJwks([victim]) } }
    },
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    message: /Its embedded jku header was ignored/,
  },
  {
    name: 'unknown crit',
    build: async () => {
      const key = await keyFor('HS256')
      // jose refuses to sign an unknown crit, so the token is assembled by hand.
      const header = part({ alg: 'HS256', kid: key.kid, crit: ['urn:x-evil'], 'urn:x-evil': true })
      return { token: await hmacRaw(key, header, part({ ...CLAIMS, exp: NOW_S + HOUR })), options: { key } }
    },
    code: 'ERR_JOSE_NOT_SUPPORTED',
    message: 'Token marks a header extension critical that this verifier does not understand (crit ["urn:x-evil"]).',
  },
  {
    name: 'b64 false (unencoded payload)',
    build: async () => {
      const key = await keyFor('HS256')
      const token = await hmacRaw(key, part({ alg: 'HS256', kid: key.kid, b64: false, crit: ['b64'] }), '{"sub":"x"}')
      return { token, options: { key } }
    },
    code: 'ERR_JWT_INVALID',
    message: 'Token is not a valid JWT: JWTs MUST NOT use unencoded payload.',
  },
  {
    name: 'truncated to two parts',
    build: async () => {
      const key = await keyFor('HS256')
      const [header, payload] = (await valid(key)).split('.')
      return { token: `${header}.${payload}`, options: { key } }
    },
    code: 'ERR_JWS_INVALID',
    message: 'Token is not a valid JWS: Invalid Compact JWS.',
    decoded: { payload: CLAIMS, issues: [{ part: null, message: 'token has 2 parts, expected 3 (JWS) or 5 (JWE)' }] },
  },
  {
    name: 'truncated inside the payload',
    build: async () => {
      const key = await keyFor('HS256')
      const token = await valid(key)
      return { token: token.slice(0, token.indexOf('.') + 12), options: { key } }
    },
    code: 'ERR_JWS_INVALID',
    decoded: { header: { alg: 'HS256' }, issues: [{ part: null, message: 'token has 2 parts, expected 3 (JWS) or 5 (JWE)' }, { part: 1, message: 'payload is not JSON at position 7 (expected a valid string)' }] },
  },
  {
    name: 'truncated signature',
    build: async () => ({ token: (await valid(await keyFor('HS256'))).slice(0, -4), options: { key: await keyFor('HS256') } }),
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  {
    name: 'header is not base64url',
    build: async () => {
      const key = await keyFor('HS256')
      const [, payload, signature] = (await valid(key)).split('.')
      return { token: `eyJhbGciOiJIUzI1NiJ9+.${payload}.${signature}`, options: { key } }
    },
    code: 'ERR_JWS_INVALID',
    decoded: { payload: CLAIMS, issues: [{ part: 0, message: 'header is not valid base64url (has "+" at position 20 (standard base64, not base64url))' }] },
  },
  {
    name: 'payload with base64 padding, correctly signed',
    build: async () => {
      const key = await keyFor('HS256')
      return { token: await hmacRaw(key, part({ alg: 'HS256', kid: key.kid }), `${part({ sub: 'x', exp: NOW_S + HOUR })}==`), options: { key } }
    },
    // jose itself accepts the padding; the studio refuses non-canonical tokens.
    code: 'STUDIO_NOT_CANONICAL',
    message: /^Token is not canonical base64url: the payload has "=" padding at position \d+ \(base64url has no padding\)\. /,
    decoded: { header: { alg: 'HS256' }, issues: [{ part: 1, message: expect.stringMatching(/^payload is not valid base64url \(has "=" padding at position \d+ \(base64url has no padding\)\)$/) as unknown as string }] },
  },
  {
    name: 'JWE instead of JWS',
    build: async () => ({ token: `${part({ alg: 'dir', enc: 'A256GCM' })}..aXY.Y2lwaGVy.dGFn`, options: { key: await keyFor('HS256') } }),
    code: 'STUDIO_JWE_UNSUPPORTED',
    decoded: { header: { alg: 'dir', enc: 'A256GCM' } },
  },
  {
    name: 'oversized token',
    build: async () => ({ token: await valid(await keyFor('HS256'), { ...CLAIMS, blob: 'x'.repeat(20_000) }), options: { key: await keyFor('HS256') } }),
    code: 'STUDIO_TOKEN_TOO_LARGE',
    message: /^Token is at least \d+ bytes, above the 16384-byte limit; it was not parsed\.$/,
  },
]

describe('attack corpus', () => {
  it.each(corpus)('$name is rejected with $code', async ({ build, code, message, decoded }) => {
    const { token, options } = await build()
    const result = await verifyToken(token, { ...options, at: NOW })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe(code)
    if (typeof message === 'string') expect(result.message).toBe(message)
    else if (message) expect(result.message).toMatch(message)
    if (decoded) {
      const shown = decodeToken(token)
      if (decoded.header) expect(shown.header).toMatchObject(decoded.header)
      if (decoded.payload) expect(shown.payload).toMatchObject(decoded.payload)
      if (decoded.issues) expect(shown.issues).toEqual(decoded.issues)
    }
  })
})
