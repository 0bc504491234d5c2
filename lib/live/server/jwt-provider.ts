/**
 * The built-in JWT provider's verification half: the AUTH token is checked
 * against the workspace's stored keys (by kid, each key verifying only its own
 * algorithm), with `exp` required, iss/aud when the workspace sets them and a
 * clock tolerance. The token is size-capped before jose sees it and never
 * appears in a result.
 */
import { isSigningAlgorithm, verifyToken, type StudioKey } from '../../tokens'
import type { KeyKind } from '../../tokens'
import type { StoredKey } from '../../store/model/key'
import type { StudioStore } from '../../store/contract'
import { isStoreError } from '../../store/errors'
import type { JwtSettings } from './live-settings'

/** Tokens longer than this are refused without parsing (security.md). */
export const MAX_AUTH_TOKEN_BYTES = 16 * 1024

export type TokenCheck =
  | { readonly ok: true; readonly claims: Readonly<Record<string, unknown>>; readonly kid?: string; readonly alg: string }
  | { readonly ok: false; readonly code: string; readonly message: string }

const KEY_KINDS: readonly KeyKind[] = ['oct', 'RSA', 'EC', 'OKP']

function toStudioKey(stored: StoredKey): StudioKey | undefined {
  if (!isSigningAlgorithm(stored.alg) || !(KEY_KINDS as readonly string[]).includes(stored.kty)) return undefined
  return {
    kid: stored.kid,
    alg: stored.alg,
    kty: stored.kty as KeyKind,
    createdAt: stored.createdAt,
    ...(stored.publicJwk !== null ? { publicJwk: stored.publicJwk } : {}),
    privateJwk: stored.privateJwk,
    label: stored.label,
  }
}

// Same record object per stored key, so lib/tokens' per-key import cache hits.
const keyCache = new Map<string, StudioKey>()

/**
 * The workspace's verification keys (private parts included for HMAC secrets). A key whose
 * private part cannot be decrypted (the store secret changed) is left out: tokens it signed
 * fail verification instead of the whole AUTH failing; the token lab names the key.
 */
export async function workspaceKeys(store: Pick<StudioStore, 'keys'>, workspaceId: string): Promise<StudioKey[]> {
  const out: StudioKey[] = []
  for (const summary of await store.keys.list(workspaceId)) {
    const cacheKey = `${workspaceId}\u0000${summary.kid}\u0000${summary.createdAt}`
    let key = keyCache.get(cacheKey)
    if (!key) {
      const stored = await store.keys.get(workspaceId, summary.kid).catch((error: unknown) => {
        if (isStoreError(error, 'STORE_SECRET_MISMATCH')) return undefined
        throw error
      })
      key = stored ? toStudioKey(stored) : undefined
      if (!key) continue
      keyCache.set(cacheKey, key)
    }
    out.push(key)
  }
  return out
}

/** Never lets the token itself into a message (jose does not echo it, this makes sure). */
function scrub(message: string, token: string): string {
  return token.length >= 8 ? message.split(token).join('[token]') : message
}

/**
 * Verifies an AUTH token at `nowMs` with the workspace's keys and JWT settings.
 * @example const check = await verifyAuthToken(token, keys, settings.jwt, Date.now())
 */
export async function verifyAuthToken(
  token: string, keys: readonly StudioKey[], settings: JwtSettings, nowMs: number,
): Promise<TokenCheck> {
  if (token.length > MAX_AUTH_TOKEN_BYTES) {
    return { ok: false, code: 'STUDIO_TOKEN_TOO_LARGE', message: `Token is larger than ${MAX_AUTH_TOKEN_BYTES} bytes; it was not parsed.` }
  }
  if (keys.length === 0) return { ok: false, code: 'STUDIO_NO_KEYS', message: 'The workspace has no keys to verify tokens with.' }
  const result = await verifyToken(token, {
    keys,
    at: nowMs / 1000,
    requireExp: settings.requireExp,
    clockTolerance: settings.clockToleranceS,
    maxTokenBytes: MAX_AUTH_TOKEN_BYTES,
    ...(settings.algorithms !== undefined ? { algorithms: settings.algorithms } : {}),
    ...(settings.issuer !== undefined ? { issuer: settings.issuer } : {}),
    ...(settings.audience !== undefined ? { audience: settings.audience } : {}),
    ...(settings.maxTokenAgeS !== undefined ? { maxTokenAge: settings.maxTokenAgeS } : {}),
  })
  if (!result.ok) return { ok: false, code: result.code, message: scrub(result.message, token) }
  return { ok: true, claims: result.payload, alg: result.key.alg, ...(result.key.kid !== undefined ? { kid: result.key.kid } : {}) }
}
