/**
 * Strict base64url (RFC 4648 section 5, no padding, as JWS requires in RFC 7515 2)
 * and UTF-8 helpers that say where input breaks instead of throwing.
 */

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const LOOKUP = new Map<string, number>([...ALPHABET].map((char, index) => [char, index]))

function describeBadChar(char: string, position: number): string {
  if (char === '=') return `has "=" padding at position ${position} (base64url has no padding)`
  if (char === '+' || char === '/') return `has "${char}" at position ${position} (standard base64, not base64url)`
  return `has an invalid character ${JSON.stringify(char)} at position ${position}`
}

/** Decodes unpadded base64url; reports the first offending character. */
export function decodeBase64url(text: string): Decoded<Uint8Array> {
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let out = 0
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    const value = LOOKUP.get(char)
    if (value === undefined) return { ok: false, message: describeBadChar(char, index) }
    buffer = ((buffer << 6) | value) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[out++] = (buffer >> bits) & 0xff
    }
  }
  // A lone trailing character carries under 8 bits: no byte can end there.
  if (text.length % 4 === 1) return { ok: false, message: `has an impossible length (${text.length} characters)` }
  return { ok: true, value: bytes.subarray(0, out) }
}

/**
 * Why `text` is not the one canonical base64url spelling of its bytes, or undefined when it is.
 * Decoders may ignore the unused low bits of a final partial character (RFC 4648 section 3.5),
 * so "AB" and "AA" decode alike; a verifier that accepted both would make token strings malleable.
 * @example canonicalBase64urlIssue('AB') // 'has non-zero unused bits in its last character "B" (canonically "A")'
 */
export function canonicalBase64urlIssue(text: string): string | undefined {
  const decoded = decodeBase64url(text)
  if (!decoded.ok) return decoded.message
  const rest = text.length % 4
  if (rest === 0) return undefined
  // 2 characters carry 12 bits for 1 byte (4 unused), 3 carry 18 bits for 2 bytes (2 unused).
  const mask = rest === 2 ? 0b1111 : 0b11
  const last = text.charAt(text.length - 1)
  const value = LOOKUP.get(last) ?? 0
  if ((value & mask) === 0) return undefined
  return `has non-zero unused bits in its last character "${last}" (canonically "${ALPHABET.charAt(value & ~mask)}")`
}

/** Encodes bytes (or a string as UTF-8) as unpadded base64url. */
export function encodeBase64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  let text = ''
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6))
    for (let shift = 0; shift < chars; shift++) text += ALPHABET.charAt((chunk >> (18 - shift * 6)) & 63)
  }
  return text
}

/** Decodes UTF-8 strictly (a lone continuation byte is an error, not U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): Decoded<string> {
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: false, message: 'is not valid UTF-8' }
  }
}

/** Bytes of a string in UTF-8. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}
