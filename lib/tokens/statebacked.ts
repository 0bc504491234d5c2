import { SignJWT, type JWTPayload } from 'jose'
import { utf8 } from './encoding'
import { TokenError } from './errors'
import { parseStateBackedPeriod } from './statebacked-period'
import { toEpochSeconds, type Clock } from './time'

/** A State Backed API key pair (created with `smply keys create`). */
export interface StateBackedKey {
  readonly stateBackedKeyId: string
  readonly stateBackedSecretKey: string
}

/** `@statebacked/token` v0.2 signing options; `at` wins when both are given. */
export interface StateBackedSigningOptions {
  readonly expires: { readonly in: string } | { readonly at: Date | number } | { readonly in: string; readonly at: Date | number }
  readonly issuer?: string
}

export const STATE_BACKED_AUDIENCE = 'https://api.statebacked.dev/'

/** The default issuer signToken uses for a key id. */
export function defaultStateBackedIssuer(keyId: string): string {
  return `https://${keyId}.client.statebacked.dev/`
}

function expirationOf(expires: StateBackedSigningOptions['expires'], now: number): number {
  if ('at' in expires) return expires.at instanceof Date ? Math.floor(expires.at.getTime() / 1000) : expires.at
  // signToken's jose 4 reads only unsigned periods ('7d', '1.5 hours'); see statebacked-period.
  return now + parseStateBackedPeriod(expires.in)
}

/**
 * Mints exactly what `@statebacked/token` v0.2 `signToken` mints for the same
 * inputs at clock `now`: header `{alg:'HS256',kid}`, payload `{act, aud, exp,
 * iss, iat}` in that order, HMAC key = the whole secret string as UTF-8.
 * Key formats are not checked here (signToken does not); see validateStateBackedKey.
 * An `expires.in` that signToken refuses ('-1h', '1h from now') throws TokenError here too.
 * @example
 * await signStateBackedToken(key, { sub: 'user-1' }, { expires: { in: '7d' } }, new Date())
 */
export async function signStateBackedToken(key: StateBackedKey, claims: Readonly<Record<string, unknown>>, options: StateBackedSigningOptions, now: Clock): Promise<string> {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new TokenError('TOKEN_CLAIMS_INVALID', 'Claims must be a JSON object')
  const iat = toEpochSeconds(now)
  // Call order mirrors signToken so JSON.stringify emits the same member order.
  return new SignJWT({ act: claims } as JWTPayload)
    .setProtectedHeader({ alg: 'HS256', kid: key.stateBackedKeyId })
    .setAudience(STATE_BACKED_AUDIENCE)
    .setExpirationTime(expirationOf(options.expires, iat))
    // `||`, not `??`: signToken falls back on an empty issuer too.
    .setIssuer(options.issuer || defaultStateBackedIssuer(key.stateBackedKeyId))
    .setIssuedAt(iat)
    .sign(utf8(key.stateBackedSecretKey))
}

/**
 * State Backed's `authContext` for a verified payload: the `act` claim, with the
 * top-level `sub` filled in when `act` has none. Null when neither exists.
 */
export function authContextFromStateBacked(payload: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | null {
  const act = Object.hasOwn(payload, 'act') ? payload.act : undefined
  const sub = Object.hasOwn(payload, 'sub') ? payload.sub : undefined
  if (typeof act === 'object' && act !== null && !Array.isArray(act)) {
    const context = Object.fromEntries(Object.entries(act))
    return Object.hasOwn(context, 'sub') || sub === undefined ? context : { ...context, sub }
  }
  return sub === undefined ? null : { sub }
}

const KEY_ID = /^sbk_[A-Za-z0-9_-]{22}$/
const SECRET = /^sbsec_[A-Za-z0-9_-]+$/

/** Checks key id (`sbk_` + 22 URL-safe characters) and secret (`sbsec_...`) formats. */
export function validateStateBackedKey(key: StateBackedKey): { readonly ok: true } | { readonly ok: false; readonly issues: readonly string[] } {
  const issues: string[] = []
  if (!KEY_ID.test(key.stateBackedKeyId)) issues.push('Key id must be "sbk_" followed by 22 URL-safe characters (A-Z a-z 0-9 _ -)')
  if (!SECRET.test(key.stateBackedSecretKey)) issues.push('Secret must start with "sbsec_" followed by URL-safe characters')
  return issues.length ? { ok: false, issues } : { ok: true }
}
