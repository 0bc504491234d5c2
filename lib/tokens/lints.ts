import { isHmacAlgorithm, isNoneAlgorithm, isSigningAlgorithm, minimumSecretBytes, type SigningAlgorithm } from './algorithms'
import type { DecodedToken } from './decode'
import { decodeBase64url, decodeUtf8 } from './encoding'
import type { StudioKey } from './keys'
import { findSensitiveClaims } from './lint-claims'
import { expiryPhrase, formatDuration, relativeTime, toEpochSeconds, type Clock } from './time'

export type LintSeverity = 'high' | 'medium' | 'low'
export type LintCode =
  | 'ALG_NONE'
  | 'HMAC_SECRET_SHORT'
  | 'HMAC_SECRET_WEAK'
  | 'NO_EXP'
  | 'EXPIRED'
  | 'LONG_LIFETIME'
  | 'IAT_IN_FUTURE'
  | 'NBF_IN_FUTURE'
  | 'SECRET_CLAIM'
  | 'PII_CLAIM'
  | 'EMBEDDED_KEY_HEADER'
  | 'SUSPICIOUS_KID'

/** A warning about a token; lints never block anything. */
export interface Lint {
  readonly code: LintCode
  readonly severity: LintSeverity
  readonly message: string
}

export interface LintOptions {
  readonly now: Clock
  /** The key the token is (to be) signed with; enables the HMAC secret lints. */
  readonly key?: StudioKey
  /** Claim names the caller considers sensitive (e.g. ['email']). */
  readonly sensitiveClaims?: readonly string[]
  /** Lifetime above this is flagged (default 24 h). */
  readonly maxLifetimeSeconds?: number
}

/** Well-known demo secrets (jwt.io's default, tutorials, framework samples). */
export const WEAK_SECRETS: readonly string[] = [
  'secret', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'changeme', 'change-me', 'changeit',
  'password', '123456', '12345678', 'jwt-secret', 'jwt_secret', 'jwtsecret', 'secretkey', 'secret-key', 'secret_key',
  'mysecret', 'my-secret', 'supersecret', 'super-secret', 'shhhhh', 'test', 'key', 'default', 'admin', 'qwerty', 'letmein',
]

/** Lints for an HMAC secret: shorter than the hash, or a known demo secret. */
export function lintSecret(secret: Uint8Array, alg: SigningAlgorithm): Lint[] {
  const lints: Lint[] = []
  const text = decodeUtf8(secret)
  if (text.ok && WEAK_SECRETS.includes(text.value.toLowerCase())) {
    lints.push({ code: 'HMAC_SECRET_WEAK', severity: 'high', message: `The secret is the known demo secret ${JSON.stringify(text.value)}: anyone can forge tokens` })
  }
  const min = minimumSecretBytes(alg)
  if (secret.length < min) {
    lints.push({ code: 'HMAC_SECRET_SHORT', severity: 'high', message: `The secret is ${secret.length} bytes; ${alg} needs at least ${min} (RFC 7518 3.2), or it can be brute-forced` })
  }
  return lints
}

function secretOf(key: StudioKey): Uint8Array | undefined {
  const k = key.kty === 'oct' ? key.privateJwk?.k : undefined
  const bytes = typeof k === 'string' ? decodeBase64url(k) : undefined
  return bytes?.ok ? bytes.value : undefined
}

function headerLints(decoded: DecodedToken): Lint[] {
  const lints: Lint[] = []
  const header = decoded.header ?? {}
  if (decoded.unsecured || isNoneAlgorithm(decoded.alg)) {
    lints.push({ code: 'ALG_NONE', severity: 'high', message: `alg is ${JSON.stringify(decoded.alg)}: the token is unsecured and anyone can forge it` })
  }
  const embedded = ['jwk', 'jku', 'x5u', 'x5c'].filter((name) => Object.hasOwn(header, name))
  if (embedded.length) {
    lints.push({ code: 'EMBEDDED_KEY_HEADER', severity: 'medium', message: `Header carries ${embedded.join(', ')}: a verifier that trusts keys named by the token can be fooled` })
  }
  if (decoded.kid !== undefined && /\.\.|[/\\';"`\0]|--|\s/.test(decoded.kid)) {
    lints.push({ code: 'SUSPICIOUS_KID', severity: 'medium', message: `kid ${JSON.stringify(decoded.kid)} has path or SQL characters: a kid lookup must never reach a file path or query` })
  }
  return lints
}

function numeric(payload: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = Object.hasOwn(payload, name) ? payload[name] : undefined
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function timeLints(payload: Readonly<Record<string, unknown>>, now: number, maxLifetime: number): Lint[] {
  const lints: Lint[] = []
  const [exp, iat, nbf] = [numeric(payload, 'exp'), numeric(payload, 'iat'), numeric(payload, 'nbf')]
  if (exp === undefined) lints.push({ code: 'NO_EXP', severity: 'medium', message: 'No exp claim: the token never expires' })
  else if (exp <= now) lints.push({ code: 'EXPIRED', severity: 'medium', message: `Token ${expiryPhrase(exp, now)}` })
  if (exp !== undefined && exp - (iat ?? now) > maxLifetime) {
    lints.push({ code: 'LONG_LIFETIME', severity: 'low', message: `Lifetime is ${formatDuration(exp - (iat ?? now))}, over ${formatDuration(maxLifetime)}` })
  }
  if (iat !== undefined && iat > now) lints.push({ code: 'IAT_IN_FUTURE', severity: 'medium', message: `iat is in the future (${relativeTime(iat, now)})` })
  if (nbf !== undefined && nbf > now) lints.push({ code: 'NBF_IN_FUTURE', severity: 'low', message: `nbf is in the future: not valid until ${relativeTime(nbf, now)}` })
  return lints
}

/**
 * Warnings about a decoded token (and the key it uses, when given). Never
 * blockers: a UI shows them next to the token.
 * @example lintToken(decodeToken(token), { now: new Date() }).map((lint) => lint.code)
 */
export function lintToken(decoded: DecodedToken, options: LintOptions): Lint[] {
  const lints = headerLints(decoded)
  const alg = options.key?.alg ?? (isSigningAlgorithm(decoded.alg) ? decoded.alg : undefined)
  const secret = options.key ? secretOf(options.key) : undefined
  if (secret && alg && isHmacAlgorithm(alg)) lints.push(...lintSecret(secret, alg))
  if (decoded.payload) {
    lints.push(...timeLints(decoded.payload, toEpochSeconds(options.now), options.maxLifetimeSeconds ?? 86_400))
    for (const finding of findSensitiveClaims(decoded.payload, options.sensitiveClaims)) {
      const code = finding.kind === 'secret' ? 'SECRET_CLAIM' : 'PII_CLAIM'
      lints.push({ code, severity: finding.why === 'it is marked sensitive' ? 'medium' : 'high', message: `Claim "${finding.path}": ${finding.why}; JWT claims are readable by anyone holding the token` })
    }
  }
  return lints
}
