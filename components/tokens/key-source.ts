/**
 * Turns what the user pasted into a verification key source for lib/tokens,
 * entirely in the browser: nothing here makes a request.
 */
import { encodeBase64url, importKeyText, isHmacAlgorithm, isSigningAlgorithm, makeStudioKey, type StudioKey, type VerifyOptions } from '@/lib/tokens'
import type { JSONWebKeySet } from 'jose'

export type SourceKind = 'none' | 'pasted' | 'secret' | 'jwks-url' | 'workspace'

export type KeySource = Pick<VerifyOptions, 'key' | 'keys' | 'jwks'>

export type Resolved = { readonly ok: true; readonly source: KeySource | null; readonly note?: string } | { readonly ok: false; readonly message: string }

/** A PEM / JWK / JWKS: one key verifies whatever kid the token names; several are picked by kid. */
export async function fromPastedKey(text: string, tokenAlg: string | undefined, now: Date): Promise<Resolved> {
  if (!text.trim()) return { ok: true, source: null }
  try {
    const imported = await importKeyText(text, { now, ...(isSigningAlgorithm(tokenAlg) ? { alg: tokenAlg } : {}) })
    const note = imported.skipped.length ? `${imported.skipped.length} member(s) skipped: ${imported.skipped.map((s) => s.reason).join('; ')}` : undefined
    const [only] = imported.keys
    if (!only) return { ok: false, message: note ?? 'No usable key found.' }
    return { ok: true, source: imported.keys.length === 1 ? { key: only } : { keys: imported.keys }, ...(note ? { note } : {}) }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

/** A shared secret typed as text (its UTF-8 bytes are the HMAC key, as State Backed does). */
export async function fromSecret(secret: string, tokenAlg: string | undefined, kid: string | undefined, now: Date): Promise<Resolved> {
  if (!secret) return { ok: true, source: null }
  if (!isSigningAlgorithm(tokenAlg) || !isHmacAlgorithm(tokenAlg)) {
    return { ok: false, message: `A shared secret verifies HS256/384/512 only; this token says alg ${JSON.stringify(tokenAlg ?? null)}.` }
  }
  const key: StudioKey = await makeStudioKey({ alg: tokenAlg, now, kid: kid ?? 'pasted-secret', privateJwk: { kty: 'oct', k: encodeBase64url(secret) } })
  return { ok: true, source: { key } }
}

/** A JWKS document fetched by the browser (the fetch carries no token). */
export function fromJwksDocument(document: unknown): Resolved {
  const keys = typeof document === 'object' && document !== null && 'keys' in document ? (document as { keys: unknown }).keys : undefined
  if (!Array.isArray(keys)) return { ok: false, message: 'The URL did not answer a JWKS (an object with a "keys" array).' }
  return { ok: true, source: { jwks: document as JSONWebKeySet }, note: `${keys.length} key(s) in the set` }
}
