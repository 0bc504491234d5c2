/**
 * Masking for the frame log: tokens must never reach the screen or a log.
 * Three layers: credential-named keys in any JSON frame, anything shaped like
 * a JWT/JWE in compact form, and exact strings the client itself sent as tokens.
 */

/** What a masked value is replaced with. */
export const TOKEN_MASK = '[masked]'

// Compact JWS has 3 segments, JWE 5; the header always starts `{"` -> `eyJ`.
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g

const SECRET_KEYS = /^(token|access_?token|refresh_?token|id_?token|password|secret|signature|authorization)$/i

/** Replace every JWT-shaped substring of `text` with the mask. */
export function maskJwtLike(text: string): string {
  return text.replace(JWT_LIKE, TOKEN_MASK)
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue)
  if (typeof value !== 'object' || value === null) return value
  // fromEntries defines own properties, so a '__proto__' key stays inert data.
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEYS.test(key) && typeof inner === 'string' && inner !== '' ? TOKEN_MASK : maskValue(inner),
    ]),
  )
}

/** Deep copy of a JSON value with credential-named string fields masked. */
export function maskSecretFields(value: unknown): unknown {
  return maskValue(value)
}

/**
 * Mask a frame's text for logging. `known` are exact secrets to hide wherever
 * they appear (e.g. opaque tokens this client sent); short ones are ignored
 * to avoid masking ordinary words.
 */
export function maskFrameText(text: string, known: Iterable<string> = []): string {
  let out = text
  try {
    out = JSON.stringify(maskValue(JSON.parse(text)))
  } catch {
    // Not JSON: only the string-level layers apply.
  }
  for (const secret of known) {
    if (secret.length >= 8) out = out.split(secret).join(TOKEN_MASK)
  }
  return maskJwtLike(out)
}
