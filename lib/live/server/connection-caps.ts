/**
 * How many live sockets the server holds: in all, and per client address. A
 * socket over a cap is refused before the WebSocket handshake (HTTP 503 with
 * Retry-After); sockets are counted from the upgrade request on, so a burst of
 * handshakes cannot slip past. Idle sockets cost a file descriptor each, so an
 * unbounded server can be starved of them by one client.
 */
export interface ConnectionCaps {
  readonly total: number
  readonly perAddress: number
  /** Seconds suggested to a refused client. */
  readonly retryAfterSeconds: number
}

export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { total: 10_000, perAddress: 1_000, retryAfterSeconds: 5 }

function positive(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  return Number.isInteger(n) && n >= 1 ? n : fallback
}

/** `STUDIO_MAX_LIVE_CONNECTIONS` and `STUDIO_MAX_LIVE_PER_ADDRESS`, else the defaults. */
export function connectionCapsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ConnectionCaps {
  return {
    ...DEFAULT_CONNECTION_CAPS,
    total: positive(env.STUDIO_MAX_LIVE_CONNECTIONS, DEFAULT_CONNECTION_CAPS.total),
    perAddress: positive(env.STUDIO_MAX_LIVE_PER_ADDRESS, DEFAULT_CONNECTION_CAPS.perAddress),
  }
}

/** Sockets other studio instances hold (STUDIO_REDIS_URL): the per-address cap counts them too. */
export interface SharedConnectionCounts {
  /** Sockets from `address` on the other instances, as last heard. */
  remoteCount(address: string): number
  /** This instance now holds `count` sockets from `address`. */
  changed(address: string, count: number): void
}

/** Counts sockets per address; says whether one more may come in. */
export class ConnectionCounter {
  private readonly byAddress = new Map<string, number>()
  private count = 0
  /** Refusals since start, for the Overview. */
  refused = 0
  /** Set when instances share one team (lib/cluster/connection-share.ts). */
  shared: SharedConnectionCounts | undefined

  constructor(readonly caps: ConnectionCaps) {}

  get total(): number {
    return this.count
  }

  /** Why a new socket from `address` is refused now, or undefined. */
  refusal(address: string): string | undefined {
    if (this.count >= this.caps.total) {
      this.refused++
      return `The studio holds its maximum of ${this.caps.total} live connections; try again later.`
    }
    if ((this.byAddress.get(address) ?? 0) + (this.shared?.remoteCount(address) ?? 0) >= this.caps.perAddress) {
      this.refused++
      return `Too many live connections from your address (max ${this.caps.perAddress}); close some or try again later.`
    }
    return undefined
  }

  add(address: string): void {
    this.count++
    const n = (this.byAddress.get(address) ?? 0) + 1
    this.byAddress.set(address, n)
    this.shared?.changed(address, n)
  }

  /** Sockets per address on this instance. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.byAddress)
  }

  remove(address: string): void {
    this.count = Math.max(0, this.count - 1)
    const n = (this.byAddress.get(address) ?? 0) - 1
    if (n <= 0) this.byAddress.delete(address)
    else this.byAddress.set(address, n)
    this.shared?.changed(address, Math.max(0, n))
  }
}
