import { SignJWT, type JWTPayload } from 'jose'
import { isNoneAlgorithm } from './algorithms'
import { encodeBase64url } from './encoding'
import { TokenError } from './errors'
import { keyMaterial, type StudioKey } from './keys'
import { parseTimeSpan, toEpochSeconds, type Clock } from './time'

export interface SignOptions {
  /** The explicit clock that `iat`, `exp` and `nbf` are computed from. */
  readonly now: Clock
  /** Extra protected header members (`typ`, `cty`, custom); `alg` is always the key's. */
  readonly header?: Readonly<Record<string, unknown>>
  /** Put the key's kid in the header unless the header sets one (default true). */
  readonly includeKid?: boolean
  /** `true` (default) sets `iat` to now, a number sets it, `false` leaves it out. */
  readonly issuedAt?: boolean | number
  /** `exp` relative to now: a jose time span ('15m', '7d') or seconds. */
  readonly expiresIn?: string | number
  /** `exp` as an instant; wins over `expiresIn`. */
  readonly expiresAt?: Clock
  /** `nbf` relative to now (span or seconds, may be negative). */
  readonly notBeforeIn?: string | number
  /** `nbf` as an instant; wins over `notBeforeIn`. */
  readonly notBeforeAt?: Clock
}

function offset(span: string | number): number {
  if (typeof span === 'number') {
    if (!Number.isFinite(span)) throw new TokenError('TOKEN_TIME_SPAN_INVALID', `${span} is not a number of seconds`)
    return Math.trunc(span)
  }
  return parseTimeSpan(span)
}

function instant(now: number, at: Clock | undefined, span: string | number | undefined): number | undefined {
  if (at !== undefined) return toEpochSeconds(at)
  return span === undefined ? undefined : now + offset(span)
}

function assertClaims(claims: unknown): asserts claims is JWTPayload {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new TokenError('TOKEN_CLAIMS_INVALID', 'Claims must be a JSON object')
  }
}

/** The protected header: `alg` first, then the caller's members, then the kid. */
export function buildHeader(key: StudioKey, options: Pick<SignOptions, 'header' | 'includeKid'>): Record<string, unknown> {
  const { alg, ...rest } = options.header ?? {}
  if (alg !== undefined && alg !== key.alg) {
    throw new TokenError('TOKEN_ALG_KEY_MISMATCH', `Key "${key.kid}" signs ${key.alg}, not ${String(alg)}`)
  }
  const withKid = options.includeKid !== false && !Object.hasOwn(rest, 'kid')
  return { alg: key.alg, ...rest, ...(withKid ? { kid: key.kid } : {}) }
}

/**
 * Signs claims as a compact JWS with a StudioKey, computing time claims from
 * the given clock (never the machine's).
 * @example
 * await signToken(key, { sub: 'u1' }, { now: new Date(), expiresIn: '15m', header: { typ: 'JWT' } })
 */
export async function signToken(key: StudioKey, claims: Readonly<Record<string, unknown>>, options: SignOptions): Promise<string> {
  assertClaims(claims)
  const now = toEpochSeconds(options.now)
  const jwt = new SignJWT(claims).setProtectedHeader(buildHeader(key, options) as { alg: string })
  const issuedAt = options.issuedAt ?? true
  if (issuedAt !== false) jwt.setIssuedAt(issuedAt === true ? now : issuedAt)
  const nbf = instant(now, options.notBeforeAt, options.notBeforeIn)
  if (nbf !== undefined) jwt.setNotBefore(nbf)
  const exp = instant(now, options.expiresAt, options.expiresIn)
  if (exp !== undefined) jwt.setExpirationTime(exp)
  return jwt.sign(await keyMaterial(key, 'sign'))
}

/**
 * Builds an unsecured JWT (`alg: none`, RFC 7519 section 6) for fixtures and
 * lint demos. No verifier in the studio accepts it.
 * @param alg a casing of "none" ('none', 'None', 'NONE'...), to test casings.
 */
export function signUnsecured(
  claims: Readonly<Record<string, unknown>>,
  options: { readonly header?: Readonly<Record<string, unknown>>; readonly alg?: string; readonly signature?: string } = {},
): string {
  assertClaims(claims)
  const alg = options.alg ?? 'none'
  if (!isNoneAlgorithm(alg)) throw new TokenError('TOKEN_ALG_UNSUPPORTED', `signUnsecured builds alg "none" tokens only, not ${alg}`)
  const { alg: _ignored, ...rest } = options.header ?? {}
  const header = { alg, ...rest }
  return `${encodeBase64url(JSON.stringify(header))}.${encodeBase64url(JSON.stringify(claims))}.${options.signature ?? ''}`
}
