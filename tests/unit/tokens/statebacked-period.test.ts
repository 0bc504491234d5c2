import { describe, expect, it } from 'vitest'
import { STATE_BACKED_PERIOD_ERROR, checkStateBackedPeriod, parseTimeSpan, signStateBackedToken } from '@/lib/tokens'
import { NOW } from './fixtures'

const KEY = { stateBackedKeyId: 'sbk_AbCdEfGhIjKlMnOpQrStUv', stateBackedSecretKey: 'sbsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEF' }

/**
 * What the published @statebacked/token 0.2.0, with the jose 4.15.9 that `npm install`
 * gives it, did with each `expires.in`: a number is `exp - iat` of the token it signed,
 * a string is the message it threw. Recorded once from the real packages with a pinned clock.
 */
const RECORDED: ReadonlyArray<readonly [string, number | string]> = [
  ['7d', 604800], ['7 days', 604800], ['7days', 604800], ['7 D', 604800], ['7 DAYS', 604800], ['1.5h', 5400], ['0s', 0],
  ['10 yrs', 315576000], ['1 yr', 31557600], ['1y', 31557600], ['2 weeks', 1209600], ['3w', 1814400], ['30 mins', 1800],
  ['1 min', 60], ['45 secs', 45], ['1 sec', 1], ['90 seconds', 90], ['1 hr', 3600], ['1.0000001s', 1], ['007m', 420],
  ['-1h', 'Invalid time period format'], ['+2h', 'Invalid time period format'], ['- 1h', 'Invalid time period format'],
  ['1h from now', 'Invalid time period format'], ['2 hours ago', 'Invalid time period format'], [' 7d', 'Invalid time period format'],
  ['7d ', 'Invalid time period format'], ['7d\n', 'Invalid time period format'], ['7  d', 'Invalid time period format'],
  ['.5h', 'Invalid time period format'], ['1.h', 'Invalid time period format'], ['1e3s', 'Invalid time period format'],
  ['7', 'Invalid time period format'], ['', 'Invalid time period format'], ['soon', 'Invalid time period format'],
  ['\u0663d', 'Invalid time period format'], ['1 fortnight', 'Invalid time period format'], ['1ms', 'Invalid time period format'],
  ['1 month', 'Invalid time period format'], ['1,5h', 'Invalid time period format'], ['1_000s', 'Invalid time period format'],
  ['1d2h', 'Invalid time period format'], ['7\td', 'Invalid time period format'],
]

const expOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number; iat: number }

describe("expires.in: exactly the periods signToken accepts, with signToken's error otherwise", () => {
  it.each(RECORDED)('%j -> %j', async (span, outcome) => {
    const check = checkStateBackedPeriod(span)
    if (typeof outcome === 'number') {
      expect(check).toEqual({ ok: true, seconds: outcome })
      const payload = expOf(await signStateBackedToken(KEY, { sub: 'u' }, { expires: { in: span } }, NOW))
      expect(payload.exp - payload.iat).toBe(outcome)
    } else {
      expect(outcome).toBe(STATE_BACKED_PERIOD_ERROR)
      expect(check.ok).toBe(false)
      expect(!check.ok && check.message.startsWith(`${STATE_BACKED_PERIOD_ERROR}: `)).toBe(true)
      await expect(signStateBackedToken(KEY, { sub: 'u' }, { expires: { in: span } }, NOW)).rejects.toMatchObject({
        name: 'TokenError',
        code: 'TOKEN_TIME_SPAN_INVALID',
        message: expect.stringMatching(/^Invalid time period format: /),
      })
    }
  })

  it.each([
    ['+2h', 'Invalid time period format: signToken takes no sign and no "from now"; write "2h"'],
    ['+ 90 mins', 'Invalid time period format: signToken takes no sign and no "from now"; write "90 mins"'],
    ['1h from now', 'Invalid time period format: signToken takes no sign and no "from now"; write "1h"'],
    ['-1h', 'Invalid time period format: signToken takes no sign and no "ago"; for a token that is already expired, choose "expires at" and pick a past instant'],
    ['2 hours ago', 'Invalid time period format: signToken takes no sign and no "ago"; for a token that is already expired, choose "expires at" and pick a past instant'],
    [' 7d', 'Invalid time period format: remove the spaces around "7d"; signToken reads the text exactly as typed'],
    ['', 'Invalid time period format: signToken always sets exp, so type a number and a unit, e.g. "7d"'],
    ['+soon', 'Invalid time period format: signToken reads a number and a unit, such as "30m", "24h", "7d" or "1.5 hours"'],
    ['7  d', 'Invalid time period format: signToken reads a number and a unit, such as "30m", "24h", "7d" or "1.5 hours"'],
  ])('says how to fix %j', (span, message) => {
    expect(checkStateBackedPeriod(span)).toEqual({ ok: false, message })
  })

  it('refuses a period too large to be a number, which signToken would sign as "exp": null', () => {
    const check = checkStateBackedPeriod(`${'9'.repeat(400)}s`)
    expect(check).toEqual({ ok: false, message: expect.stringMatching(/too large for an expiry: signToken would sign "exp": null$/) })
  })

  it("is narrower than today's jose spans, which the generic profile keeps", () => {
    for (const span of ['-1h', '+2h', '1h from now', '2 hours ago']) {
      expect(() => parseTimeSpan(span)).not.toThrow()
      expect(checkStateBackedPeriod(span).ok).toBe(false)
    }
  })
})
