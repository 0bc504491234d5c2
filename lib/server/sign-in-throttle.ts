/**
 * Throttling of wrong admin tokens per client address, with exponential
 * backoff: a few free tries, then each wrong try doubles the wait before the
 * next one, up to a ceiling. A right token clears the address. Pure and
 * in-memory; the clock is passed in.
 */

/** Wrong tries an address gets before it has to wait. */
export const FREE_TRIES = 5
/** The wait after the last free try; it doubles with each further wrong try. */
export const FIRST_WAIT_MS = 1_000
export const MAX_WAIT_MS = 15 * 60_000
/** An address without a wrong try for this long starts afresh. */
export const FORGET_AFTER_MS = 24 * 60 * 60_000
/** Addresses tracked at most; the one idle longest is dropped first. */
export const MAX_TRACKED = 10_000

/**
 * How long to wait before the next try after `failures` wrong tries in a row.
 * @example [waitAfter(4), waitAfter(5), waitAfter(6), waitAfter(30)] // [0, 1000, 2000, 900000]
 */
export function waitAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_TRIES))
}

/** "1 s", "2 min 8 s", "15 min": a wait for a message, rounded up to the second. */
export function formatWait(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 1000))
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  if (minutes === 0) return `${seconds} s`
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`
}

function ipv6Groups(address: string): string[] | undefined {
  const halves = (address.split('%')[0] ?? '').split('::')
  if (halves.length > 2) return undefined
  // An embedded IPv4 address (`64:ff9b::1.2.3.4`) fills two groups.
  const groups = (half: string | undefined) => (half ? half.split(':').flatMap((g) => (g.includes('.') ? ['v4', 'v4'] : [g])) : [])
  const head = groups(halves[0])
  const tail = groups(halves[1])
  const missing = 8 - head.length - tail.length
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined
  return [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
}

/**
 * The throttling key of a socket's remote address: IPv4 as is (also when
 * IPv4-mapped), IPv6 by its /64, since one client usually holds a whole /64.
 * @example clientKey('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown'
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped?.[1]) return mapped[1]
  if (!address.includes(':')) return address
  const groups = ipv6Groups(address)
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address
}

interface Entry {
  readonly failures: number
  readonly lastFailureMs: number
}

/** Wrong-token counts per client key. */
export class SignInThrottle {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly maxTracked = MAX_TRACKED) {}

  /** Milliseconds `client` must still wait before its next try; 0 when it may try now. */
  retryAfterMs(client: string, nowMs: number): number {
    const entry = this.current(client, nowMs)
    return entry ? Math.max(0, entry.lastFailureMs + waitAfter(entry.failures) - nowMs) : 0
  }

  /** Records a wrong try; returns the wait it imposes before the next one. */
  recordFailure(client: string, nowMs: number): number {
    const failures = (this.current(client, nowMs)?.failures ?? 0) + 1
    // Re-inserted so the Map's order is least recently failed first.
    this.entries.delete(client)
    this.entries.set(client, { failures, lastFailureMs: nowMs })
    if (this.entries.size > this.maxTracked) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    return waitAfter(failures)
  }

  /** A right token: the address starts afresh. */
  recordSuccess(client: string): void {
    this.entries.delete(client)
  }

  get trackedCount(): number {
    return this.entries.size
  }

  private current(client: string, nowMs: number): Entry | undefined {
    const entry = this.entries.get(client)
    if (entry && nowMs - entry.lastFailureMs > FORGET_AFTER_MS) {
      this.entries.delete(client)
      return undefined
    }
    return entry
  }
}
