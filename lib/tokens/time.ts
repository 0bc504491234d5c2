import { TokenError } from './errors'

/** An explicit clock: a Date, or seconds since the epoch (JWT NumericDate). */
export type Clock = Date | number

/** Seconds since the epoch, floored like a JWT NumericDate (RFC 7519 2). */
export function toEpochSeconds(now: Clock): number {
  const seconds = now instanceof Date ? now.getTime() / 1000 : now
  if (!Number.isFinite(seconds)) throw new TokenError('TOKEN_CLOCK_INVALID', 'The clock is not a valid date or epoch seconds')
  return Math.floor(seconds)
}

/** The same clock as a Date. */
export function toDate(now: Clock): Date {
  return now instanceof Date ? now : new Date(now * 1000)
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 }
// Same grammar as jose's time spans ('7d', '7 days', '-1h', '2 hours ago'), so
// options accepted here behave exactly like jose's string inputs.
const SPAN = /^(\+|-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i

/**
 * Parses a jose-style time span into signed seconds.
 * @example parseTimeSpan('7d') // 604800
 */
export function parseTimeSpan(span: string): number {
  const match = SPAN.exec(span)
  const [, sign, amount, unit, suffix] = match ?? []
  if (!match || amount === undefined || unit === undefined || (sign && suffix)) {
    throw new TokenError('TOKEN_TIME_SPAN_INVALID', `"${span}" is not a time span (try "15m", "24h", "7d")`)
  }
  const seconds = Math.round(Number.parseFloat(amount) * (UNIT_SECONDS[unit.charAt(0).toLowerCase()] ?? Number.NaN))
  if (!Number.isFinite(seconds)) throw new TokenError('TOKEN_TIME_SPAN_INVALID', `"${span}" is too large`)
  return sign === '-' || suffix?.toLowerCase() === 'ago' ? -seconds : seconds
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
]

/**
 * A short human duration: the largest unit, plus the next one while the first
 * is a single digit ("1 h 30 min", "3 h", "2 d", "45 s").
 */
export function formatDuration(totalSeconds: number): string {
  const total = Math.floor(Math.abs(totalSeconds))
  const index = UNITS.findIndex(([, size]) => total >= size)
  const unit = UNITS[index]
  if (!unit) return '0 s'
  const amount = Math.floor(total / unit[1])
  const next = UNITS[index + 1]
  const rest = next ? Math.floor((total - amount * unit[1]) / next[1]) : 0
  return next && amount < 10 && rest > 0 ? `${amount} ${unit[0]} ${rest} ${next[0]}` : `${amount} ${unit[0]}`
}

/** "in 5 min", "3 h ago" or "now" for an instant relative to the clock. */
export function relativeTime(epochSeconds: number, now: Clock): string {
  const delta = epochSeconds - toEpochSeconds(now)
  if (delta === 0) return 'now'
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`
}

/** "expired 3 h ago" or "valid for 2 d" for an `exp` value. */
export function expiryPhrase(exp: number, now: Clock): string {
  const delta = exp - toEpochSeconds(now)
  // exp is the first instant the token is no longer valid (RFC 7519 4.1.4).
  return delta <= 0 ? `expired ${delta === 0 ? 'just now' : `${formatDuration(delta)} ago`}` : `valid for ${formatDuration(delta)}`
}

/** "2026-11-23 09:00:00Z": an epoch-seconds instant in UTC, for messages. */
export function formatInstant(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000)
  if (Number.isNaN(date.getTime())) return String(epochSeconds)
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`
}
