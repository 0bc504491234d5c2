import { textDeeperThan } from '../json/text-depth'
import { isNoneAlgorithm } from './algorithms'
import { canonicalBase64urlIssue, decodeBase64url, decodeUtf8 } from './encoding'
import { parseJson } from './json-error'

export type TokenKind = 'jws' | 'jwe' | 'unknown'

/** Where a token breaks: the part index (0-based) and a sentence naming the part. */
export interface DecodeIssue {
  readonly part: number | null
  readonly message: string
  /** Set when the part was not parsed because its JSON nests deeper than MAX_TOKEN_JSON_DEPTH. */
  readonly code?: 'TOO_DEEP'
}

/** Everything that could be read from a token, and where reading stopped. */
export interface DecodedToken {
  /** The text examined (trimmed, `Bearer ` and inner whitespace removed). */
  readonly input: string
  readonly kind: TokenKind
  readonly parts: readonly string[]
  /** The header when it is a JSON object. */
  readonly header?: Readonly<Record<string, unknown>>
  /** The payload when it is a JSON object (JWS only). */
  readonly payload?: Readonly<Record<string, unknown>>
  /** Decoded UTF-8 text of the header/payload, also when it is not JSON. */
  readonly headerText?: string
  readonly payloadText?: string
  readonly signatureBytes?: number
  readonly alg?: string
  readonly kid?: string
  readonly typ?: string
  /** `alg` is a casing of `none`: anyone can forge this token. */
  readonly unsecured: boolean
  readonly issues: readonly DecodeIssue[]
  readonly warnings: readonly string[]
}

/** Decoding stops before this size; verification caps far lower (16 KiB). */
export const MAX_DECODE_CHARS = 1024 * 1024
/**
 * Header and payload JSON nested deeper than this is not parsed: the depth is measured on the
 * text first, without recursion, because a few thousand levels overflow the stack of whatever
 * walks the parsed value later (JSON.stringify of an answer, claim lints). Same limit as live frames.
 */
export const MAX_TOKEN_JSON_DEPTH = 32
const JWS_NAMES = ['header', 'payload', 'signature']
const JWE_NAMES = ['header', 'encrypted key', 'initialization vector', 'ciphertext', 'authentication tag']

interface Section {
  text?: string
  object?: Record<string, unknown>
  bytes?: number
}

interface Findings {
  readonly issues: DecodeIssue[]
  readonly warnings: string[]
}

function readSection(raw: string, index: number, name: string, { issues, warnings }: Findings, json: boolean): Section {
  if (raw === '') {
    if (name !== 'signature') issues.push({ part: index, message: `${name} is empty` })
    return { bytes: 0 }
  }
  const bytes = decodeBase64url(raw)
  if (!bytes.ok) {
    issues.push({ part: index, message: `${name} is not valid base64url (${bytes.message})` })
    return {}
  }
  // Still decoded for display; verification refuses it.
  const spelling = canonicalBase64urlIssue(raw)
  if (spelling) warnings.push(`${name} is not canonical base64url (${spelling}); verification refuses such a token`)
  if (!json) return { bytes: bytes.value.length }
  const text = decodeUtf8(bytes.value)
  if (!text.ok) {
    issues.push({ part: index, message: `${name} ${text.message}` })
    return { bytes: bytes.value.length }
  }
  if (textDeeperThan(text.value, MAX_TOKEN_JSON_DEPTH)) {
    issues.push({ part: index, message: `${name} is nested deeper than ${MAX_TOKEN_JSON_DEPTH} levels; it was not parsed`, code: 'TOO_DEEP' })
    return { text: text.value }
  }
  const parsed = parseJson(text.value)
  if (!parsed.ok) {
    issues.push({ part: index, message: `${name} is not JSON at position ${parsed.position} (expected ${parsed.expected})` })
    return { text: text.value }
  }
  const { value } = parsed
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ part: index, message: `${name} is JSON but not an object` })
    return { text: text.value }
  }
  return { text: text.value, object: value as Record<string, unknown> }
}

function normalize(token: string, warnings: string[]): string {
  let text = token.trim()
  if (/^bearer\s+/i.test(text)) {
    text = text.replace(/^bearer\s+/i, '')
    warnings.push('Removed the "Bearer " prefix')
  }
  if (/\s/.test(text)) {
    text = text.replace(/\s+/g, '')
    warnings.push('Removed whitespace inside the token')
  }
  return text
}

function stringMember(object: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const value = object && Object.hasOwn(object, name) ? object[name] : undefined
  return typeof value === 'string' ? value : undefined
}

function headerFindings(header: Readonly<Record<string, unknown>> | undefined, kind: TokenKind, issues: DecodeIssue[], warnings: string[]): boolean {
  if (!header) return false
  const alg = Object.hasOwn(header, 'alg') ? header.alg : undefined
  if (typeof alg !== 'string' || alg === '') issues.push({ part: 0, message: 'header has no "alg" string' })
  const unsecured = kind !== 'jwe' && isNoneAlgorithm(alg)
  if (unsecured) warnings.push(`alg is "${String(alg)}": the token is unsecured and anyone can forge it`)
  if (Object.hasOwn(header, 'b64') && header.b64 === false) warnings.push('b64 is false: the payload is not base64url-encoded (RFC 7797), JWTs must not do this')
  return unsecured
}

/**
 * Leniently decodes any string as a JWS or JWE: shows whatever parts can be
 * read and lists where the token breaks. Never throws.
 * @example decodeToken('eyJhbGciOiJub25lIn0.e30.').unsecured // true
 */
export function decodeToken(token: unknown): DecodedToken {
  const issues: DecodeIssue[] = []
  const warnings: string[] = []
  if (typeof token !== 'string') return { input: '', kind: 'unknown', parts: [], unsecured: false, issues: [{ part: null, message: 'token is not a string' }], warnings }
  if (token.length > MAX_DECODE_CHARS) {
    return { input: '', kind: 'unknown', parts: [], unsecured: false, issues: [{ part: null, message: `token is too large to decode (${token.length} characters)` }], warnings }
  }
  const input = normalize(token, warnings)
  if (input === '') return { input, kind: 'unknown', parts: [], unsecured: false, issues: [{ part: null, message: 'token is empty' }], warnings }
  const parts = input.split('.')
  const kind: TokenKind = parts.length === 3 ? 'jws' : parts.length === 5 ? 'jwe' : 'unknown'
  if (kind === 'unknown') issues.push({ part: null, message: `token has ${parts.length} part${parts.length === 1 ? '' : 's'}, expected 3 (JWS) or 5 (JWE)` })
  const names = kind === 'jwe' ? JWE_NAMES : JWS_NAMES
  const findings = { issues, warnings }
  const head = readSection(parts[0] ?? '', 0, 'header', findings, true)
  const body = kind === 'jwe' || parts.length < 2 ? {} : readSection(parts[1] ?? '', 1, 'payload', findings, true)
  const sig = kind === 'jws' ? readSection(parts[2] ?? '', 2, names[2] ?? 'signature', findings, false) : {}
  if (kind === 'jwe') warnings.push('This is a JWE: its payload is encrypted, only the header can be shown')
  const unsecured = headerFindings(head.object, kind, issues, warnings)
  if (kind === 'jws' && parts[2] === '' && !unsecured && head.object) issues.push({ part: 2, message: 'signature is empty' })
  if (unsecured && parts[2]) warnings.push('alg is "none" yet a signature is present')
  const alg = stringMember(head.object, 'alg')
  const kid = stringMember(head.object, 'kid')
  const typ = stringMember(head.object, 'typ')
  return {
    input,
    kind,
    parts,
    ...(head.object ? { header: head.object } : {}),
    ...(body.object ? { payload: body.object } : {}),
    ...(head.text !== undefined ? { headerText: head.text } : {}),
    ...(body.text !== undefined ? { payloadText: body.text } : {}),
    ...(sig.bytes !== undefined ? { signatureBytes: sig.bytes } : {}),
    ...(alg !== undefined ? { alg } : {}),
    ...(kid !== undefined ? { kid } : {}),
    ...(typ !== undefined ? { typ } : {}),
    unsecured,
    issues,
    warnings,
  }
}
