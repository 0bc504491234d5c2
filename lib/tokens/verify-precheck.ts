/**
 * Checks on the token string around jose: size, whitespace, JSON nesting, alg
 * none and JWE before it; canonical base64url after it. A verifier must refuse
 * every spelling of a token but the one that was signed, or token strings
 * become malleable (a changed string still verifies).
 */
import { decodeToken, MAX_TOKEN_JSON_DEPTH, type DecodedToken } from './decode'
import { canonicalBase64urlIssue } from './encoding'
import type { StudioVerifyCode } from './verify-messages'

export interface PrecheckFailure {
  readonly ok: false
  readonly code: StudioVerifyCode
  readonly message: string
  readonly header?: Readonly<Record<string, unknown>>
  readonly payload?: Readonly<Record<string, unknown>>
}

/** What was readable of the token, echoed with failures for the explanation. */
export type Seen = Pick<PrecheckFailure, 'header' | 'payload'>

const JWS_PARTS = ['header', 'payload', 'signature'] as const
const WHITESPACE_NAMES: Readonly<Record<string, string>> = { ' ': 'a space', '\n': 'a line feed', '\r': 'a carriage return', '\t': 'a tab' }

function whitespaceName(char: string): string {
  return WHITESPACE_NAMES[char] ?? `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

/** Whitespace anywhere in the token, described for the explanation; undefined when there is none. */
function whitespaceFailure(token: string): string | undefined {
  const space = /\s/.exec(token)
  if (!space) return undefined
  return `Token contains whitespace (${whitespaceName(space[0])} at position ${space.index}); a token must be exactly the string that was signed, so it is refused.`
}

/**
 * Why a JWS that jose accepted is not spelled canonically, or undefined. Run after jose so a
 * token that is broken anyway (truncated, altered) gets jose's more telling explanation.
 */
export function spellingFailure(decoded: DecodedToken): string | undefined {
  if (decoded.kind !== 'jws') return undefined
  for (const [index, name] of JWS_PARTS.entries()) {
    const issue = canonicalBase64urlIssue(decoded.parts[index] ?? '')
    if (issue) {
      return `Token is not canonical base64url: the ${name} ${issue}. Another spelling of the signed bytes would make token strings malleable, so only the exact encoding that was signed is accepted.`
    }
  }
  return undefined
}

/**
 * Refuses what jose must never be given; otherwise hands back the lenient decoding.
 * @example precheck(token, 16_384) // { failure: { code: 'STUDIO_NOT_CANONICAL', ... } } for a token ending in "\n"
 */
export function precheck(token: string, max: number): { failure: PrecheckFailure } | { decoded: DecodedToken; seen: Seen } {
  // Checked on the string first so a huge token is never even encoded.
  const size = token.length > max ? token.length : new TextEncoder().encode(token).length
  if (size > max) {
    return { failure: { ok: false, code: 'STUDIO_TOKEN_TOO_LARGE', message: `Token is ${token.length > max ? 'at least ' : ''}${size} bytes, above the ${max}-byte limit; it was not parsed.` } }
  }
  const decoded = decodeToken(token)
  const seen = { ...(decoded.header ? { header: decoded.header } : {}), ...(decoded.payload ? { payload: decoded.payload } : {}) }
  const space = whitespaceFailure(token)
  if (space) return { failure: { ok: false, code: 'STUDIO_NOT_CANONICAL', message: space, ...seen } }
  const deep = decoded.issues.find((issue) => issue.code === 'TOO_DEEP')
  if (deep) {
    const part = deep.part === 1 ? 'payload' : 'header'
    return { failure: { ok: false, code: 'STUDIO_TOO_DEEP', message: `Token ${part} is JSON nested deeper than ${MAX_TOKEN_JSON_DEPTH} levels; it was not parsed.`, ...seen } }
  }
  if (decoded.unsecured) return { failure: { ok: false, code: 'STUDIO_ALG_NONE', message: `Token is unsecured (alg "${decoded.alg}"): it has no signature and is never accepted.`, ...seen } }
  if (decoded.kind === 'jwe') return { failure: { ok: false, code: 'STUDIO_JWE_UNSUPPORTED', message: 'Token is a JWE (encrypted); only signed tokens (JWS) can be verified here.', ...seen } }
  return { decoded, seen }
}
