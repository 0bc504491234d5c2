/**
 * Per-connection message budget: a token bucket refilled continuously, with the
 * library's defaults (100 tokens, 50 per second: DEFAULT_RATE_LIMIT_MAX_TOKENS /
 * _REFILL_RATE). The studio adds one thing the library has not: a sustained
 * flood closes the socket. Sandbox time has its own budget (sandbox-budget.ts).
 */
export interface RateLimitOptions {
  /** Sustained messages per second. */
  readonly perSecond: number
  /** Messages allowed in a burst. */
  readonly burst: number
  /** Messages dropped in a row (no refill in between) before the socket is closed. */
  readonly closeAfterDropped: number
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 100, closeAfterDropped: 200 }

export type Admission = 'ok' | 'drop' | 'close'

/** `now` is monotonic milliseconds, passed in by the caller. */
export class TokenBucket {
  private tokens: number
  private last: number
  /** Messages dropped since the budget was last positive. */
  dropped = 0

  constructor(private readonly options: RateLimitOptions, now: number) {
    this.tokens = options.burst
    this.last = now
  }

  /** Takes one token; says whether the message may proceed, is dropped, or the abuse is sustained. */
  take(now: number): Admission {
    const elapsed = Math.max(0, now - this.last) / 1000
    this.last = now
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.perSecond)
    if (this.tokens >= 1) {
      this.tokens -= 1
      this.dropped = 0
      return 'ok'
    }
    this.dropped++
    return this.dropped >= this.options.closeAfterDropped ? 'close' : 'drop'
  }
}

/** The ERROR text a throttled client gets, the library's (connection/RateLimiter: no requestId, every refused frame). */
export const RATE_LIMIT_EXCEEDED = 'Rate limit exceeded'
