/**
 * Live sockets per client address across instances, for the per-address cap.
 * Each instance tells the others how many sockets it holds per address when
 * that changes (coalesced to one message per tick) and keeps what the others
 * told it, so the check at the handshake stays synchronous and costs no round
 * trip. A new or reconnected instance asks for everyone's snapshot (`sync`).
 * While Redis is away the others' counts are dropped: each instance counts its
 * own sockets only (the status says so), and nobody is refused for counts it
 * can no longer confirm.
 */
import type { SharedConnectionCounts } from '../live/server/connection-caps'
import type { ClusterBus } from './bus'

export class ConnectionShare implements SharedConnectionCounts {
  private readonly others = new Map<string, Map<string, number>>()
  private readonly dirty = new Map<string, number>()
  private scheduled = false
  private readonly offs: (() => void)[] = []

  /** `snapshot` reads this instance's own counts (ConnectionCounter.snapshot). */
  constructor(private readonly bus: ClusterBus, private readonly snapshot: () => Record<string, number>) {
    this.offs.push(
      bus.on('connections', (m) => {
        let view = this.others.get(m.origin)
        if (!view || m.full) this.others.set(m.origin, (view = new Map()))
        for (const [address, n] of Object.entries(m.counts)) {
          if (n > 0) view.set(address, n)
          else view.delete(address)
        }
      }),
      bus.on('sync', () => this.sendFull()),
      bus.onReconnect(() => this.sendFull()),
      bus.onInstanceGone((id) => this.others.delete(id)),
    )
  }

  remoteCount(address: string): number {
    if (this.bus.status().state === 'down') return 0
    let n = 0
    for (const view of this.others.values()) n += view.get(address) ?? 0
    return n
  }

  /** Sockets per address on the other instances (for the status). */
  remoteTotal(): number {
    if (this.bus.status().state === 'down') return 0
    let n = 0
    for (const view of this.others.values()) for (const c of view.values()) n += c
    return n
  }

  changed(address: string, count: number): void {
    this.dirty.set(address, count)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      const counts = Object.fromEntries(this.dirty)
      this.dirty.clear()
      this.bus.publish({ kind: 'connections', full: false, counts })
    })
  }

  private sendFull(): void {
    this.bus.publish({ kind: 'connections', full: true, counts: this.snapshot() })
  }

  close(): void {
    for (const off of this.offs) off()
  }
}
