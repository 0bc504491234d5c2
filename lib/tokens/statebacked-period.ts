import { TokenError } from './errors'

/**
 * The time periods `@statebacked/token` 0.2.0 `signToken` accepts for `expires.in`.
 * signToken hands the string to `setExpirationTime` of jose 4 (its dependency,
 * `^4.14.4`, today 4.15.9), whose `lib/secs` grammar is narrower than today's
 * jose: an unsigned number (integer or `1.5`), at most one space, a unit;
 * case-insensitive; no sign, no "ago" / "from now", nothing around it. Anything
 * else makes signToken throw `TypeError: Invalid time period format`.
 */
const PERIOD = /^(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i
// jose 4 switches on the lowercased unit; its first letter tells them apart. A year is 365.25 days.
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 }
// What today's jose reads as a span into the past or future, and jose 4 refuses.
const FUTURE = /^(?:\+ ?(.+)|(.+?) from now)$/i
const PAST = /^(?:- ?.+|.+ ago)$/i

export type PeriodCheck = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly message: string }

/** signToken's own words for every period it refuses; each refusal below starts with them. */
export const STATE_BACKED_PERIOD_ERROR = 'Invalid time period format'

function secondsOf(text: string): number | undefined {
  const [, amount, unit] = PERIOD.exec(text) ?? []
  if (amount === undefined || unit === undefined) return undefined
  return Math.round(Number.parseFloat(amount) * (UNIT_SECONDS[unit.charAt(0).toLowerCase()] ?? Number.NaN))
}

function refusal(text: string): string {
  const why = `${STATE_BACKED_PERIOD_ERROR}:`
  if (text === '') return `${why} signToken always sets exp, so type a number and a unit, e.g. "7d"`
  if (text !== text.trim()) return `${why} remove the spaces around ${JSON.stringify(text.trim())}; signToken reads the text exactly as typed`
  const [, plus, fromNow] = FUTURE.exec(text) ?? []
  const ahead = plus ?? fromNow
  if (ahead !== undefined && secondsOf(ahead) !== undefined) return `${why} signToken takes no sign and no "from now"; write "${ahead}"`
  if (PAST.test(text)) return `${why} signToken takes no sign and no "ago"; for a token that is already expired, choose "expires at" and pick a past instant`
  return `${why} signToken reads a number and a unit, such as "30m", "24h", "7d" or "1.5 hours"`
}

/**
 * Checks `expires.in` exactly as signToken reads it; a refusal starts with
 * signToken's own error and says how to fix it. Seconds are rounded as jose 4
 * rounds them (`1.5h` = 5400).
 * @example checkStateBackedPeriod('7 days') // { ok: true, seconds: 604800 }
 * @example checkStateBackedPeriod('+2h') // { ok: false, message: 'Invalid time period format: ... write "2h"' }
 */
export function checkStateBackedPeriod(text: string): PeriodCheck {
  const seconds = secondsOf(text)
  if (seconds === undefined) return { ok: false, message: refusal(text) }
  // signToken would sign `"exp": null` here (Infinity in JSON); the studio refuses instead.
  if (!Number.isFinite(seconds)) return { ok: false, message: `"${text}" is too large for an expiry: signToken would sign "exp": null` }
  return { ok: true, seconds }
}

/** Seconds of a signToken period; throws TokenError (TOKEN_TIME_SPAN_INVALID) with the reason otherwise. */
export function parseStateBackedPeriod(text: string): number {
  const check = checkStateBackedPeriod(text)
  if (!check.ok) throw new TokenError('TOKEN_TIME_SPAN_INVALID', check.message)
  return check.seconds
}
