import { describe, expect, it } from 'vitest'
import { expiryPhrase, formatDuration, formatInstant, parseTimeSpan, relativeTime, toEpochSeconds } from '@/lib/tokens'
import { NOW, NOW_S } from './fixtures'

describe('time', () => {
  it.each([
    [0, '0 s'], [45, '45 s'], [60, '1 min'], [90, '1 min 30 s'], [300, '5 min'], [3600, '1 h'], [5400, '1 h 30 min'],
    [3 * 3600 + 59, '3 h'], [10800, '3 h'], [36000 + 1800, '10 h'], [2 * 86400, '2 d'], [86400 + 7200, '1 d 2 h'], [-125, '2 min 5 s'],
  ])('formatDuration(%i) = %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text))

  it.each([
    [NOW_S - 3 * 3600, 'expired 3 h ago'], [NOW_S, 'expired just now'], [NOW_S + 2 * 86400, 'valid for 2 d'], [NOW_S + 300, 'valid for 5 min'],
  ])('expiryPhrase(%i)', (exp, text) => expect(expiryPhrase(exp, NOW)).toBe(text))

  it.each([
    [NOW_S + 300, 'in 5 min'], [NOW_S - 7200, '2 h ago'], [NOW_S, 'now'],
  ])('relativeTime(%i)', (at, text) => expect(relativeTime(at, NOW)).toBe(text))

  it.each([
    ['7d', 604800], ['7 days', 604800], ['24h', 86400], ['15m', 900], ['1.5h', 5400], ['-1h', -3600], ['2 hours ago', -7200], ['1y', 31557600], ['30 secs from now', 30],
  ] as const)('parseTimeSpan(%s) = %i', (span, seconds) => expect(parseTimeSpan(span)).toBe(seconds))

  it.each(['', 'soon', '7', '-1h ago', '1 fortnight'])('parseTimeSpan(%j) throws', (span) => {
    expect(() => parseTimeSpan(span)).toThrow(expect.objectContaining({ code: 'TOKEN_TIME_SPAN_INVALID' }))
  })

  it('clock helpers', () => {
    expect(toEpochSeconds(NOW)).toBe(NOW_S)
    expect(toEpochSeconds(NOW_S + 0.99)).toBe(NOW_S)
    expect(formatInstant(NOW_S)).toBe('2026-11-23 09:00:00Z')
    expect(() => toEpochSeconds(new Date('nope'))).toThrow(expect.objectContaining({ code: 'TOKEN_CLOCK_INVALID' }))
  })
})
