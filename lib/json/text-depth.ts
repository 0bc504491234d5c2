/**
 * Nesting depth of JSON text, measured before it is parsed: the scan the
 * FluxStack Live server runs on every frame (LiveServer.ts:399-423 at
 * fluxstack-live@d8538f75). Brackets inside strings do not count, and the
 * scan stops as soon as the limit is passed, even when the text is not valid
 * JSON. Pure and allocation-free.
 */

/** The library's limit (protocol/constants.ts MAX_JSON_DEPTH). */
export const MAX_JSON_DEPTH = 32

/**
 * True when `text` opens more than `max` nested `{`/`[` at some point.
 * @example textDeeperThan('[[[]]]', 2) // true
 */
export function textDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  let escape = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (escape) {
      escape = false
      continue
    }
    if (inString) {
      if (ch === 0x5c) escape = true
      else if (ch === 0x22) inString = false
      continue
    }
    if (ch === 0x22) inString = true
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return true
    } else if (ch === 0x7d || ch === 0x5d) depth--
  }
  return false
}

/** `JSON nesting too deep (max 32)`: the library's answer. */
export function jsonTooDeepError(max: number = MAX_JSON_DEPTH): string {
  return `JSON nesting too deep (max ${max})`
}
