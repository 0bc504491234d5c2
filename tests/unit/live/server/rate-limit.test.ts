import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_LIMIT, RATE_LIMIT_EXCEEDED, SANDBOX_MS_PER_TOKEN, TokenBucket } from '@/lib/live/server/rate-limit'

const opts = { perSecond: 10, burst: 5, closeAfterDropped: 3 }

describe('TokenBucket', () => {
  it('allows a burst, then drops, then closes on sustained abuse', () => {
    const b = new TokenBucket(opts, 0)
    for (let i = 0; i < 5; i++) expect(b.take(0)).toBe('ok')
    expect(b.take(0)).toBe('drop')
    expect(b.take(0)).toBe('drop')
    expect(b.take(0)).toBe('close')
  })
  it('refills continuously at perSecond', () => {
    const b = new TokenBucket(opts, 0)
    for (let i = 0; i < 5; i++) b.take(0)
    expect(b.take(0)).toBe('drop')
    expect(b.take(100)).toBe('ok') // 0.1 s x 10/s = one token
    expect(b.dropped).toBe(0)
  })
  it('charges sandbox time: a client hitting a slow rule is slowed down, a fast one is not', () => {
    const slow = new TokenBucket(opts, 0)
    expect(slow.take(0)).toBe('ok')
    slow.charge(50) // 50 ms of workspace code = 25 messages' worth: into debt, floored at -burst
    expect(slow.take(0)).toBe('drop')
    // The debt (-5) takes 0.6 s of refill before the next message: ~100 ms of sandbox per second sustained.
    expect(slow.take(500)).toBe('drop')
    expect(slow.take(700)).toBe('ok')

    // At its sustained rate, a client whose calls take 0.1 ms each is never dropped.
    const fast = new TokenBucket(opts, 0)
    for (let i = 0; i < 50; i++) {
      expect(fast.take(i * 100)).toBe('ok')
      fast.charge(0.1)
    }
    expect(SANDBOX_MS_PER_TOKEN).toBe(2)
  })
  it('ignores nonsense charges', () => {
    const b = new TokenBucket(opts, 0)
    b.charge(Number.NaN)
    b.charge(-5)
    for (let i = 0; i < 5; i++) expect(b.take(0)).toBe('ok')
  })
  it("answers with the library's text and defaults (100 tokens, 50 per second)", () => {
    expect(RATE_LIMIT_EXCEEDED).toBe('Rate limit exceeded')
    expect([DEFAULT_RATE_LIMIT.burst, DEFAULT_RATE_LIMIT.perSecond]).toEqual([100, 50])
  })
})
