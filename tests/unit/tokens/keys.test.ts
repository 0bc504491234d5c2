import { calculateJwkThumbprint } from 'jose'
import { describe, expect, it } from 'vitest'
import { generateKey, secretLength, signToken, verifyToken, type SigningAlgorithm } from '@/lib/tokens'
import { ALL_ALGS, NOW, keyFor } from './fixtures'

const SHAPES: Record<SigningAlgorithm, { kty: string; members: string[]; crv?: string }> = {
  HS256: { kty: 'oct', members: ['k'] },
  HS384: { kty: 'oct', members: ['k'] },
  HS512: { kty: 'oct', members: ['k'] },
  RS256: { kty: 'RSA', members: ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] },
  RS384: { kty: 'RSA', members: ['n', 'e', 'd'] },
  RS512: { kty: 'RSA', members: ['n', 'e', 'd'] },
  PS256: { kty: 'RSA', members: ['n', 'e', 'd'] },
  PS384: { kty: 'RSA', members: ['n', 'e', 'd'] },
  PS512: { kty: 'RSA', members: ['n', 'e', 'd'] },
  ES256: { kty: 'EC', members: ['x', 'y', 'd'], crv: 'P-256' },
  ES384: { kty: 'EC', members: ['x', 'y', 'd'], crv: 'P-384' },
  ES512: { kty: 'EC', members: ['x', 'y', 'd'], crv: 'P-521' },
  EdDSA: { kty: 'OKP', members: ['x', 'd'], crv: 'Ed25519' },
}

describe('generateKey', () => {
  it.each(ALL_ALGS)('%s: record shape and thumbprint kid', async (alg) => {
    const key = await keyFor(alg)
    const shape = SHAPES[alg]
    expect(key).toMatchObject({ alg, kty: shape.kty, createdAt: '2026-11-23T09:00:00.000Z', label: `${alg} fixture` })
    for (const member of shape.members) expect(key.privateJwk).toHaveProperty(member)
    if (shape.crv) expect(key.privateJwk?.crv).toBe(shape.crv)
    if (shape.kty === 'oct') {
      expect(key.publicJwk).toBeUndefined()
      expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'oct', k: key.privateJwk?.k ?? '' }))
    } else {
      expect(Object.keys(key.publicJwk ?? {}).sort()).toEqual([...shape.members.filter((m) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(m)), 'kty', 'kid', 'alg', 'use', ...(shape.crv ? ['crv'] : [])].sort())
      expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk ?? {}))
    }
    // The record survives JSON storage and still signs.
    const stored = JSON.parse(JSON.stringify(key))
    const token = await signToken(stored, { sub: 'x' }, { now: NOW, expiresIn: 60 })
    expect((await verifyToken(token, { key, at: NOW })).ok).toBe(true)
  })

  it.each([
    { alg: 'HS256', secretBytes: undefined, bytes: 32 },
    { alg: 'HS384', secretBytes: undefined, bytes: 48 },
    { alg: 'HS512', secretBytes: undefined, bytes: 64 },
    { alg: 'HS256', secretBytes: 8, bytes: 8 },
    { alg: 'HS256', secretBytes: 100, bytes: 100 },
  ] as const)('$alg secret of $bytes bytes', async ({ alg, secretBytes, bytes }) => {
    const key = await generateKey({ alg, now: NOW, ...(secretBytes ? { secretBytes } : {}) })
    expect(secretLength(key)).toBe(bytes)
  })

  it.each([3072, 4096] as const)('RSA %i bits', async (modulusLength) => {
    const key = await generateKey({ alg: 'RS256', now: NOW, modulusLength, kid: 'given' })
    expect(key.kid).toBe('given')
    // n is base64url of modulusLength bits.
    expect(Math.floor(((key.publicJwk?.n ?? '').length * 6) / 8)).toBe(modulusLength / 8)
  })

  it.each([
    { options: { alg: 'HS256', secretBytes: 0 }, code: 'TOKEN_KEY_OPTIONS_INVALID' },
    { options: { alg: 'RS256', modulusLength: 1024 }, code: 'TOKEN_KEY_OPTIONS_INVALID' },
    { options: { alg: 'none' }, code: 'TOKEN_ALG_UNSUPPORTED' },
  ])('refuses $options', async ({ options, code }) => {
    await expect(generateKey({ now: NOW, ...options } as Parameters<typeof generateKey>[0])).rejects.toMatchObject({ code })
  })
})
