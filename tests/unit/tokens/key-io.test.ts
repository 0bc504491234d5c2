import { exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  exportJwks,
  exportPrivateJwk,
  exportPrivatePem,
  exportPublicJwk,
  exportPublicPem,
  importJwk,
  importJwks,
  importKeyText,
  importPem,
  signToken,
  verifyToken,
  type SigningAlgorithm,
  type StudioKey,
} from '@/lib/tokens'
import { ALL_ALGS, NOW, keyFor } from './fixtures'

const ASYMMETRIC = ALL_ALGS.filter((alg) => !alg.startsWith('HS'))

async function signsAndVerifies(signer: StudioKey, verifier: StudioKey): Promise<void> {
  const token = await signToken(signer, { sub: 'round-trip' }, { now: NOW, expiresIn: '5m' })
  const result = await verifyToken(token, { key: verifier, at: NOW })
  expect(result).toMatchObject({ ok: true, payload: { sub: 'round-trip' } })
}

describe('PEM round trips', () => {
  it.each(ASYMMETRIC)('%s: PKCS8 and SPKI', async (alg) => {
    const key = await keyFor(alg)
    const privatePem = await exportPrivatePem(key)
    const publicPem = await exportPublicPem(key)
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    const fromPrivate = await importPem(privatePem, { alg, now: NOW })
    const fromPublic = await importPem(publicPem, { alg, now: NOW })
    expect(fromPrivate.kid).toBe(key.kid)
    expect(fromPublic.kid).toBe(key.kid)
    expect(fromPublic.privateJwk).toBeUndefined()
    expect(await exportPublicPem(fromPrivate)).toBe(publicPem)
    await signsAndVerifies(fromPrivate, fromPublic)
  })
})

describe('JWK and JWKS round trips', () => {
  it.each(ALL_ALGS)('%s: private JWK', async (alg) => {
    const key = await keyFor(alg)
    const back = await importJwk(exportPrivateJwk(key), { now: NOW })
    expect(back).toMatchObject({ kid: key.kid, alg, kty: key.kty })
    await signsAndVerifies(back, key)
  })

  it.each(ASYMMETRIC)('%s: public JWK has no private members', async (alg) => {
    const jwk = exportPublicJwk(await keyFor(alg))
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(jwk).not.toHaveProperty(member)
    expect(jwk).toMatchObject({ alg, use: 'sig' })
    const back = await importJwk(jwk, { now: NOW })
    await signsAndVerifies(await keyFor(alg), back)
  })

  it('JWKS of a key ring: public keys only, every one usable', async () => {
    const ring = await Promise.all(ALL_ALGS.map(keyFor))
    const jwks = exportJwks(ring)
    expect(jwks.keys).toHaveLength(ASYMMETRIC.length)
    expect(JSON.stringify(jwks)).not.toMatch(/"(d|p|q|dp|dq|qi|k)":/)
    const imported = await importJwks(JSON.parse(JSON.stringify(jwks)), { now: NOW })
    expect(imported.skipped).toEqual([])
    expect(imported.keys.map((key) => key.kid)).toEqual(ring.filter((key) => key.kty !== 'oct').map((key) => key.kid))
    for (const alg of ASYMMETRIC) {
      const token = await signToken(await keyFor(alg), {}, { now: NOW, expiresIn: 60 })
      expect(await verifyToken(token, { jwks, at: NOW })).toMatchObject({ ok: true })
      expect(await verifyToken(token, { keys: imported.keys, at: NOW })).toMatchObject({ ok: true })
    }
  })

  it('importJwks skips encryption and unsupported keys with a reason', async () => {
    const enc = { ...exportPublicJwk(await keyFor('RS256')), use: 'enc', kid: 'enc-1' }
    const x25519 = await exportJWK((await generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true })).publicKey)
    const result = await importJwks({ keys: [enc, { ...x25519, kid: 'x' }, exportPublicJwk(await keyFor('ES256'))] }, { now: NOW })
    expect(result.keys.map((key) => key.alg)).toEqual(['ES256'])
    expect(result.skipped).toEqual([
      { index: 0, kid: 'enc-1', reason: '"use" is "enc", not "sig"' },
      { index: 1, kid: 'x', reason: 'No signing algorithm fits a OKP X25519 key' },
    ])
  })

  it('importKeyText detects PEM, JWK and JWKS', async () => {
    const key = await keyFor('ES384')
    const texts = [await exportPublicPem(key), JSON.stringify(exportPublicJwk(key)), JSON.stringify(exportJwks([key]))]
    for (const text of texts) {
      const { keys } = await importKeyText(`\n${text}\n`, { alg: 'ES384', now: NOW })
      expect(keys.map((k) => k.kid)).toEqual([key.kid])
    }
  })
})

describe('typed errors for bad keys', () => {
  const cases: Array<{ name: string; run: () => Promise<unknown>; code: string; message?: RegExp }> = [
    { name: 'not a PEM', run: () => importPem('hello', { alg: 'RS256', now: NOW }), code: 'TOKEN_KEY_INVALID_PEM', message: /no "-----BEGIN/ },
    { name: 'PKCS#1 PEM', run: () => importPem('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----', { alg: 'RS256', now: NOW }), code: 'TOKEN_KEY_INVALID_PEM', message: /openssl pkcs8 -topk8/ },
    { name: 'garbage SPKI body', run: () => importPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', { alg: 'RS256', now: NOW }), code: 'TOKEN_KEY_INVALID_PEM' },
    { name: 'PEM for HS256', run: async () => importPem(await exportPublicPem(await keyFor('RS256')), { alg: 'HS256', now: NOW }), code: 'TOKEN_ALG_KEY_MISMATCH' },
    { name: 'PEM without alg', run: async () => importPem(await exportPublicPem(await keyFor('RS256')), { now: NOW }), code: 'TOKEN_KEY_OPTIONS_INVALID' },
    { name: 'EC PEM for RS256', run: async () => importPem(await exportPublicPem(await keyFor('ES256')), { alg: 'RS256', now: NOW }), code: 'TOKEN_KEY_INVALID_PEM' },
    { name: 'JWK not an object', run: () => importJwk('x', { now: NOW }), code: 'TOKEN_KEY_INVALID_JWK' },
    { name: 'JWK without kty', run: () => importJwk({ n: 'x' }, { now: NOW }), code: 'TOKEN_KEY_INVALID_JWK' },
    { name: 'JWK unsupported kty', run: () => importJwk({ kty: 'AKP' }, { now: NOW }), code: 'TOKEN_KEY_UNSUPPORTED' },
    { name: 'RSA JWK without alg', run: async () => importJwk({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }, { now: NOW }), code: 'TOKEN_KEY_OPTIONS_INVALID' },
    { name: 'EC JWK for RS256', run: async () => importJwk(exportPublicJwk(await keyFor('ES256')), { alg: 'RS256', now: NOW }), code: 'TOKEN_ALG_KEY_MISMATCH' },
    { name: 'EC JWK with a broken point', run: async () => importJwk({ ...exportPublicJwk(await keyFor('ES256')), x: 'AAAA' }, { now: NOW }), code: 'TOKEN_KEY_INVALID_JWK' },
    { name: 'JWKS without keys', run: () => importJwks({ key: [] }, { now: NOW }), code: 'TOKEN_KEY_INVALID_JWKS' },
    { name: 'text that is no key', run: () => importKeyText('{oops', { now: NOW }), code: 'TOKEN_KEY_INVALID_JWK' },
    { name: 'public JWK of an HMAC key', run: async () => exportPublicJwk(await keyFor('HS256')), code: 'TOKEN_KEY_NO_PUBLIC_PART' },
    { name: 'signing with a public-only key', run: async () => signToken(await importPem(await exportPublicPem(await keyFor('ES256')), { alg: 'ES256', now: NOW }), {}, { now: NOW }), code: 'TOKEN_KEY_NO_PRIVATE_PART' },
  ]
  it.each(cases)('$name -> $code', async ({ run, code, message }) => {
    const error = await run().then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toMatchObject({ name: 'TokenError', code })
    if (message) expect((error as Error).message).toMatch(message)
  })

  it('JWKS export leaves out HMAC keys entirely', async () => {
    const algs: SigningAlgorithm[] = ['HS256', 'HS512']
    expect(exportJwks(await Promise.all(algs.map(keyFor)))).toEqual({ keys: [] })
  })
})
