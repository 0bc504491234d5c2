/**
 * Turning arbitrary values met during a decision (raw authorize results, thrown
 * values) into short JSON-safe strings for traces, with secrets kept out.
 */

const MAX_RAW_CHARS = 200
const REDACTED = '[redacted]'

/** Shows a raw value the way a developer would write it: `true`, `"true"`, `{}`, `undefined`... */
export function describeRaw(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'function') return '[function]'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'symbol') return value.toString()
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  try {
    const text = JSON.stringify(value)
    if (text === undefined) return String(value)
    return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}...` : text
  } catch {
    return '[unserializable]'
  }
}

/** `typeof`, with `null` and arrays told apart. */
export function rawType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** The message of a thrown value, as the library reads it (`error.message`). */
export function thrownMessage(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    const message: unknown = (thrown as { message: unknown }).message
    return typeof message === 'string' ? message : describeRaw(message)
  }
  return String(thrown)
}

/** Removes every occurrence of the context's token from a text (a rule may echo it in a reason). */
export function redact(text: string, token: string | undefined): string {
  if (token === undefined || token.length === 0 || !text.includes(token)) return text
  return text.split(token).join(REDACTED)
}
