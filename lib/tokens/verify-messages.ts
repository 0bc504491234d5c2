import { expiryPhrase, formatDuration, formatInstant, relativeTime } from './time'

/** Codes for outcomes jose never sees (checked before or around it). */
export type StudioVerifyCode =
  | 'STUDIO_TOKEN_TOO_LARGE'
  /** Whitespace in the token or a part not spelled as canonical base64url (padding, foreign characters, unused bits set). */
  | 'STUDIO_NOT_CANONICAL'
  /** Header or payload JSON nested deeper than MAX_TOKEN_JSON_DEPTH; not parsed. */
  | 'STUDIO_TOO_DEEP'
  | 'STUDIO_ALG_NONE'
  | 'STUDIO_JWE_UNSUPPORTED'
  | 'STUDIO_UNKNOWN_KID'
  | 'STUDIO_MISSING_KID'
  | 'STUDIO_KEY_UNUSABLE'
  | 'STUDIO_MALFORMED'
  | 'STUDIO_VERIFY_ERROR'

/** What a sentence may draw on; all optional because a failure may stop early. */
export interface MessageContext {
  readonly code: string
  readonly joseMessage: string
  readonly now: number
  readonly tolerance: number
  readonly claim?: string
  readonly reason?: string
  readonly header?: Readonly<Record<string, unknown>>
  readonly payload?: Readonly<Record<string, unknown>>
  readonly expected?: { readonly issuer?: unknown; readonly audience?: unknown; readonly typ?: string; readonly maxTokenAge?: number }
  readonly kid?: string
}

function member(object: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  return object && Object.hasOwn(object, name) ? object[name] : undefined
}

const list = (value: unknown) => (Array.isArray(value) ? value.map((item) => JSON.stringify(item)).join(' or ') : JSON.stringify(value))

function at(ctx: MessageContext): string {
  return `evaluated at ${formatInstant(ctx.now)}${ctx.tolerance ? `, ${formatDuration(ctx.tolerance)} clock tolerance` : ''}`
}

function claimSentence(ctx: MessageContext): string {
  const value = member(ctx.payload, ctx.claim ?? '')
  const claim = ctx.claim ?? '?'
  if (ctx.reason === 'missing') return claim === 'exp' ? 'Token has no exp claim; this verifier requires one.' : `Token has no "${claim}" claim, which this check requires.`
  if (ctx.reason === 'invalid') return `The "${claim}" claim is not a NumericDate (got ${JSON.stringify(value)}).`
  if (claim === 'nbf' && typeof value === 'number') return `Token is not valid yet: it becomes valid ${relativeTime(value, ctx.now)} (nbf ${formatInstant(value)}, ${at(ctx)}).`
  if (claim === 'iat' && typeof value === 'number') return `Token was issued in the future: iat is ${relativeTime(value, ctx.now)} (iat ${formatInstant(value)}, ${at(ctx)}).`
  if (claim === 'iss') return `Issuer ${JSON.stringify(value)} is not the expected ${list(ctx.expected?.issuer)}.`
  if (claim === 'aud') return `Audience ${JSON.stringify(value)} does not include ${list(ctx.expected?.audience)}.`
  if (claim === 'typ') return `Header typ ${JSON.stringify(member(ctx.header, 'typ'))} is not the expected ${JSON.stringify(ctx.expected?.typ)}.`
  return `Claim "${claim}" failed: ${ctx.joseMessage}.`
}

function expiredSentence(ctx: MessageContext): string {
  const value = member(ctx.payload, ctx.claim ?? '')
  if (typeof value !== 'number') return `Token expired: ${ctx.joseMessage}.`
  if (ctx.claim === 'iat') {
    const max = ctx.expected?.maxTokenAge
    return `Token is too old: issued ${relativeTime(value, ctx.now)} (iat ${formatInstant(value)}), max age ${max === undefined ? '?' : formatDuration(max)}, ${at(ctx)}.`
  }
  return `Token ${expiryPhrase(value, ctx.now)} (exp ${formatInstant(value)}, ${at(ctx)}).`
}

const EMBEDDED = ['jwk', 'jku', 'x5u', 'x5c'] as const

function signatureSentence(ctx: MessageContext): string {
  const embedded = EMBEDDED.filter((name) => member(ctx.header, name) !== undefined)
  const base = `Signature does not match key ${JSON.stringify(ctx.kid ?? '?')} (${String(member(ctx.header, 'alg'))}): the token was altered or signed with another key.`
  return embedded.length ? `${base} Its embedded ${embedded.join('/')} header was ignored: keys carried by a token are never trusted.` : base
}

/** The human sentence for a failed verification. */
export function failureSentence(ctx: MessageContext): string {
  switch (ctx.code) {
    case 'ERR_JWT_EXPIRED':
      return expiredSentence(ctx)
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claimSentence(ctx)
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return signatureSentence(ctx)
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return `No key in the JWKS fits kid ${JSON.stringify(member(ctx.header, 'kid') ?? null)} and alg ${String(member(ctx.header, 'alg'))}.`
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'Several JWKS keys fit this token; give the token a kid.'
    case 'ERR_JWS_INVALID':
      return `Token is not a valid JWS: ${ctx.joseMessage}.`
    case 'ERR_JWT_INVALID':
      return `Token is not a valid JWT: ${ctx.joseMessage}.`
    case 'ERR_JOSE_NOT_SUPPORTED':
      return /not recognized/.test(ctx.joseMessage)
        ? `Token marks a header extension critical that this verifier does not understand (crit ${JSON.stringify(member(ctx.header, 'crit'))}).`
        : `Not supported: ${ctx.joseMessage}.`
    default:
      return ctx.joseMessage.endsWith('.') ? ctx.joseMessage : `${ctx.joseMessage}.`
  }
}

/** The human sentence for a valid token. */
export function successSentence(kid: string | undefined, alg: string, payload: Readonly<Record<string, unknown>>, now: number): string {
  const exp = member(payload, 'exp')
  const expiry = typeof exp === 'number' ? `${expiryPhrase(exp, now)} (exp ${formatInstant(exp)})` : 'no exp: it never expires'
  return `Signature valid (key ${JSON.stringify(kid ?? '?')}, ${alg}); ${expiry}.`
}
