import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyOptions, type ProtectedHeaderParameters } from 'jose'
import { ALGORITHMS, SIGNING_ALGORITHMS, isSigningAlgorithm, type SigningAlgorithm } from './algorithms'
import { TokenError, messageOf } from './errors'
import { keyMaterial, type StudioKey } from './keys'
import { parseTimeSpan, toDate, toEpochSeconds, type Clock } from './time'
import { failureSentence, successSentence, type StudioVerifyCode } from './verify-messages'
import { precheck, spellingFailure, type Seen } from './verify-precheck'

export type { StudioVerifyCode } from './verify-messages'

/** Where the verification key comes from; exactly one is used (key, then keys, then jwks). */
export interface VerifyOptions {
  readonly key?: StudioKey
  /** Resolved by the token's `kid`. */
  readonly keys?: readonly StudioKey[]
  /** Public keys only; resolved by jose (kid, kty, crv, alg, use). */
  readonly jwks?: JSONWebKeySet
  /** The explicit clock the claims are evaluated at. */
  readonly at: Clock
  /** Narrows the accepted algorithms further; each key still accepts only its own. */
  readonly algorithms?: readonly SigningAlgorithm[]
  /** Reject tokens without `exp` (default true). */
  readonly requireExp?: boolean
  readonly issuer?: string | readonly string[]
  readonly audience?: string | readonly string[]
  readonly typ?: string
  /** Max age from `iat`: seconds or a jose span ('1h'). */
  readonly maxTokenAge?: string | number
  readonly clockTolerance?: string | number
  /** Tokens over this many UTF-8 bytes are refused before parsing (default 16 KiB). */
  readonly maxTokenBytes?: number
  /** Reject an `iat` in the future even without maxTokenAge (default true). */
  readonly rejectFutureIat?: boolean
}

export type VerifyCode = StudioVerifyCode | `ERR_${string}`

export type VerifyResult =
  | {
      readonly ok: true
      readonly header: Readonly<Record<string, unknown>>
      readonly payload: Readonly<Record<string, unknown>>
      readonly key: { readonly kid?: string; readonly alg: string }
      readonly message: string
    }
  | {
      readonly ok: false
      readonly code: VerifyCode
      readonly message: string
      /** The claim (or `typ`) that failed, for claim failures. */
      readonly claim?: string
      readonly header?: Readonly<Record<string, unknown>>
      readonly payload?: Readonly<Record<string, unknown>>
    }

export const DEFAULT_MAX_TOKEN_BYTES = 16_384

/** Thrown inside the key resolver for outcomes jose has no code for. */
class StudioFailure extends Error {
  constructor(
    readonly code: StudioVerifyCode,
    message: string,
  ) {
    super(message)
  }
}

type Resolver = (header: ProtectedHeaderParameters) => Promise<CryptoKey | Uint8Array>

function seconds(value: string | number | undefined): number {
  if (value === undefined) return 0
  const parsed = typeof value === 'number' ? value : parseTimeSpan(value)
  if (!Number.isFinite(parsed) || parsed < 0) throw new TokenError('TOKEN_TIME_SPAN_INVALID', `Expected a positive duration, got ${String(value)}`)
  return parsed
}

function studioKeyResolver(pick: (header: ProtectedHeaderParameters) => StudioKey, used: { kid?: string }): Resolver {
  return async (header) => {
    const key = pick(header)
    used.kid = key.kid
    // Per-key allow-list: a key verifies its own algorithm only, so an RSA
    // public key can never be fed to HMAC (RFC 8725 section 2.1).
    if (header.alg !== key.alg) {
      throw new errors.JOSEAlgNotAllowed(`Algorithm ${String(header.alg)} is not allowed for key "${key.kid}" (it verifies ${key.alg} only)`)
    }
    try {
      return await keyMaterial(key, 'verify')
    } catch (error) {
      throw new StudioFailure('STUDIO_KEY_UNUSABLE', messageOf(error))
    }
  }
}

function pickByKid(keys: readonly StudioKey[]) {
  return (header: ProtectedHeaderParameters): StudioKey => {
    const { kid } = header
    if (kid === undefined) {
      if (keys.length === 1 && keys[0]) return keys[0]
      throw new StudioFailure('STUDIO_MISSING_KID', `Token has no kid and ${keys.length} keys could be meant; give the token a kid.`)
    }
    const key = keys.find((candidate) => candidate.kid === kid)
    if (!key) throw new StudioFailure('STUDIO_UNKNOWN_KID', `No key has kid ${JSON.stringify(kid)} (${keys.length} key${keys.length === 1 ? '' : 's'} known).`)
    return key
  }
}

function jwksResolver(jwks: JSONWebKeySet, used: { kid?: string }): Resolver {
  const lookup = createLocalJWKSet(jwks)
  return async (header) => {
    if (isSigningAlgorithm(header.alg) && ALGORITHMS[header.alg].symmetric) {
      throw new errors.JOSEAlgNotAllowed(`Algorithm ${header.alg} is not allowed with a JWKS: a JWKS holds public keys, HMAC needs a shared secret`)
    }
    used.kid = header.kid
    return lookup(header)
  }
}

function resolverFor(options: VerifyOptions, used: { kid?: string }): Resolver {
  if (options.key) {
    const key = options.key
    return studioKeyResolver(() => key, used)
  }
  if (options.keys) return studioKeyResolver(pickByKid(options.keys), used)
  if (options.jwks) return jwksResolver(options.jwks, used)
  throw new TokenError('TOKEN_KEY_OPTIONS_INVALID', 'verifyToken needs a key, keys or jwks')
}

function joseOptions(options: VerifyOptions, tolerance: number): JWTVerifyOptions {
  return {
    algorithms: [...(options.algorithms ?? SIGNING_ALGORITHMS)],
    currentDate: toDate(options.at),
    clockTolerance: tolerance,
    ...(options.requireExp === false ? {} : { requiredClaims: ['exp'] }),
    ...(options.issuer !== undefined ? { issuer: typeof options.issuer === 'string' ? options.issuer : [...options.issuer] } : {}),
    ...(options.audience !== undefined ? { audience: typeof options.audience === 'string' ? options.audience : [...options.audience] } : {}),
    ...(options.typ !== undefined ? { typ: options.typ } : {}),
    ...(options.maxTokenAge !== undefined ? { maxTokenAge: seconds(options.maxTokenAge) } : {}),
  }
}

interface Run {
  readonly options: VerifyOptions
  readonly now: number
  readonly tolerance: number
  readonly jose: JWTVerifyOptions
  readonly used: { kid?: string }
  readonly seen: Seen
  readonly alg: string | undefined
}

function fail(run: Run, code: VerifyCode, joseMessage: string, claim?: string, reason?: string): VerifyResult {
  const { options, jose } = run
  const expected = { issuer: options.issuer, audience: options.audience, ...(options.typ ? { typ: options.typ } : {}), ...(jose.maxTokenAge !== undefined ? { maxTokenAge: Number(jose.maxTokenAge) } : {}) }
  const context = { code, joseMessage, now: run.now, tolerance: run.tolerance, expected, ...run.seen, ...(claim ? { claim } : {}), ...(reason ? { reason } : {}), ...(run.used.kid ? { kid: run.used.kid } : {}) }
  return { ok: false, code, message: failureSentence(context), ...(claim ? { claim } : {}), ...run.seen }
}

function failureFrom(error: unknown, run: Run): VerifyResult {
  if (error instanceof StudioFailure) return { ok: false, code: error.code, message: error.message, ...run.seen }
  if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired) return fail(run, error.code as VerifyCode, error.message, error.claim, error.reason)
  if (error instanceof errors.JOSEAlgNotAllowed) {
    // jose's own allow-list message names no algorithm; ours (per key) does.
    const message = error.message.startsWith('"alg"') ? `Algorithm ${JSON.stringify(run.alg ?? null)} is not allowed here (allowed: ${run.jose.algorithms?.join(', ')})` : error.message
    return { ok: false, code: 'ERR_JOSE_ALG_NOT_ALLOWED', message: `${message}.`, ...run.seen }
  }
  if (error instanceof errors.JOSEError) return fail(run, error.code as VerifyCode, error.message)
  return fail(run, 'STUDIO_VERIFY_ERROR', messageOf(error))
}

/**
 * Verifies a compact JWS/JWT against a key, a key ring (by kid) or a JWKS, at an
 * explicit instant. Never throws for a bad token: every outcome is a value with
 * jose's error code (or a STUDIO_ code) and a human sentence.
 * @throws TokenError only for misuse (no key source, bad durations).
 * @example
 * const result = await verifyToken(token, { key, at: new Date(), audience: 'api' })
 * if (!result.ok) console.log(result.code, result.message)
 */
export async function verifyToken(token: string, options: VerifyOptions): Promise<VerifyResult> {
  const now = toEpochSeconds(options.at)
  const tolerance = seconds(options.clockTolerance)
  const jose = joseOptions(options, tolerance)
  const checked = precheck(token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES)
  if ('failure' in checked) return checked.failure
  const { decoded, seen } = checked
  const run: Run = { options, now, tolerance, jose, used: {}, seen, alg: decoded.alg }
  try {
    const { payload, protectedHeader } = await jwtVerify(token, resolverFor(options, run.used), jose)
    const spelling = spellingFailure(decoded)
    if (spelling) return { ok: false, code: 'STUDIO_NOT_CANONICAL', message: spelling, ...seen }
    const broken = decoded.issues[0]
    // Anything jose accepted that lenient decoding still flags (the spelling was checked before jose).
    if (broken) return { ok: false, code: 'STUDIO_MALFORMED', message: `Token is malformed: ${broken.message}.`, ...seen }
    const iat = payload.iat
    if (options.rejectFutureIat !== false && typeof iat === 'number' && iat > now + tolerance) {
      return fail(run, 'ERR_JWT_CLAIM_VALIDATION_FAILED', '"iat" claim timestamp check failed (it should be in the past)', 'iat', 'check_failed')
    }
    const alg = protectedHeader.alg ?? ''
    return { ok: true, header: protectedHeader, payload, key: { ...(run.used.kid ? { kid: run.used.kid } : {}), alg }, message: successSentence(run.used.kid, alg, payload, now) }
  } catch (error) {
    if (error instanceof TokenError) throw error
    return failureFrom(error, run)
  }
}
