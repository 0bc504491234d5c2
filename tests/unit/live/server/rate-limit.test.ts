import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_LIMIT, RATE_LIMIT_EXCEEDED, TokenBucket } from '@/lib/live/server/rate-limit'

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
  it("answers with the library's text and defaults (100 tokens, 50 per second)", () => {
    expect(RATE_LIMIT_EXCEEDED).toBe('Rate limit exceeded')
    expect([DEFAULT_RATE_LIMIT.burst, DEFAULT_RATE_LIMIT.perSecond]).toEqual([100, 50])
  })
})
