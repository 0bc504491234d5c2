/**
 * AUTH tokens for the corpus, minted with jose from a persona's claims and
 * the HS256 secret the server under test verifies with. The same spec gives
 * the same claims on both servers; only the signature differs.
 */
import { SignJWT, base64url, type JWK } from 'jose'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import type { TokenSpec } from './types'

export interface TokenKey {
  /** The HS256 secret as a JWK (`kty: 'oct'`). */
  readonly jwk: JWK
}

function secretOf(jwk: JWK): Uint8Array {
  if (typeof jwk.k !== 'string') throw new Error('the conformance key must be an oct JWK')
  return base64url.decode(jwk.k)
}

function claimsOf(persona: string): Record<string, unknown> {
  const found = DEMO_PERSONAS.find((p) => p.id === persona)
  if (!found?.claims) throw new Error(`no persona with claims: ${persona}`)
  return { ...found.claims }
}

/** The credential string an AUTH step sends, or undefined for an AUTH without a token. */
export async function tokenFor(spec: TokenSpec, key: TokenKey): Promise<string | undefined> {
  if ('none' in spec) return undefined
  if ('literal' in spec) return spec.literal
  const claims = { ...claimsOf(spec.persona), ...(spec.claims ?? {}) }
  const now = Math.floor(Date.now() / 1000)
  const variant = spec.variant ?? 'valid'
  if (variant === 'alg-none') {
    const enc = (o: unknown) => base64url.encode(JSON.stringify(o))
    return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ ...claims, iat: now, exp: now + 900 })}.`
  }
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now)
  if (variant === 'expired') jwt = jwt.setExpirationTime(now - 3600)
  else if (variant !== 'no-exp') jwt = jwt.setExpirationTime(now + 900)
  if (variant === 'future-nbf') jwt = jwt.setNotBefore(now + 3600)
  const secret = variant === 'wrong-key' ? new TextEncoder().encode('a-completely-different-secret-of-32-bytes!') : secretOf(key.jwk)
  const token = await jwt.sign(secret)
  if (variant !== 'tampered') return token
  const [h, p, s] = token.split('.')
  const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p ?? ''))) as Record<string, unknown>
  return `${h}.${base64url.encode(JSON.stringify({ ...payload, roles: ['admin'] }))}.${s}`
}
