import { describe, expect, it } from 'vitest'
import { FORGET_AFTER_MS, MAX_WAIT_MS, SignInThrottle, clientKey, formatWait, waitAfter } from '@/lib/server/sign-in-throttle'

describe('waitAfter: 5 free tries, then 1 s doubling up to 15 min', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [7, 4_000],
    [14, 512_000],
    [15, MAX_WAIT_MS],
    [300, MAX_WAIT_MS],
    [5000, MAX_WAIT_MS],
  ])('after %i wrong tries: %i ms', (failures, ms) => {
    expect(waitAfter(failures)).toBe(ms)
  })
})

describe('formatWait', () => {
  it.each([
    [1, '1 s'],
    [1_000, '1 s'],
    [1_001, '2 s'],
    [59_000, '59 s'],
    [60_000, '1 min'],
    [128_000, '2 min 8 s'],
    [MAX_WAIT_MS, '15 min'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatWait(ms)).toBe(text)
  })
})

describe('clientKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:192.168.1.9', '192.168.1.9'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::ffff', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s -> %s', (address, key) => {
    expect(clientKey(address)).toBe(key)
  })
})

describe('SignInThrottle', () => {
  const T0 = 1_800_000_000_000

  it('lets 5 wrong tries through, then makes each wait twice as long', () => {
    const throttle = new SignInThrottle()
    const waits = Array.from({ length: 8 }, (_, i) => {
      const now = T0 + i * 3_600_000 // far apart: never blocked when trying
      expect(throttle.retryAfterMs('a', now)).toBe(0)
      return throttle.recordFailure('a', now)
    })
    expect(waits).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000])
  })

  it('blocks for the wait after the last wrong try, per client', () => {
    const throttle = new SignInThrottle()
    for (let i = 0; i < 6; i++) throttle.recordFailure('a', T0)
    expect(throttle.retryAfterMs('a', T0)).toBe(2_000)
    expect(throttle.retryAfterMs('a', T0 + 1_500)).toBe(500)
    expect(throttle.retryAfterMs('a', T0 + 2_000)).toBe(0)
    expect(throttle.retryAfterMs('b', T0)).toBe(0)
  })

  it('300 wrong tries in 8.4 s: 8 are tried (5 free, then after 1, 2 and 4 s), the rest wait', () => {
    const throttle = new SignInThrottle()
    let allowed = 0
    for (let i = 0; i < 300; i++) {
      const now = T0 + i * 28 // 300 tries in 8.4 s
      if (throttle.retryAfterMs('a', now) > 0) continue
      allowed++
      throttle.recordFailure('a', now)
    }
    expect(allowed).toBe(8)
    expect(throttle.retryAfterMs('a', T0 + 8_400)).toBeGreaterThan(0)
  })

  it('a right token clears the address; a day without wrong tries forgets it', () => {
    const throttle = new SignInThrottle()
    for (let i = 0; i < 10; i++) throttle.recordFailure('a', T0)
    throttle.recordSuccess('a')
    expect(throttle.retryAfterMs('a', T0)).toBe(0)
    for (let i = 0; i < 20; i++) throttle.recordFailure('b', T0)
    expect(throttle.retryAfterMs('b', T0 + MAX_WAIT_MS - 1)).toBe(1)
    expect(throttle.recordFailure('b', T0 + FORGET_AFTER_MS + 1)).toBe(0)
  })

  it('tracks a bounded number of addresses, dropping the one idle longest', () => {
    const throttle = new SignInThrottle(3)
    for (const client of ['a', 'b', 'c', 'd']) for (let i = 0; i < 6; i++) throttle.recordFailure(client, T0)
    expect(throttle.trackedCount).toBe(3)
    expect(throttle.retryAfterMs('a', T0)).toBe(0)
    expect(throttle.retryAfterMs('d', T0)).toBe(2_000)
  })
})
