/**
 * The /traces stream across instances: a decision written on one instance is
 * published when some other instance has pages on its stream, and each
 * instance hands the others' decisions to its own inspector hub. The records
 * are the log's rows (ids from the shared store), so a page sees one stream.
 */
import type { DecisionRecord } from '../store/model/decision'
import type { ClusterBus } from './bus'

const CACHE_MS = 500

export class DecisionRelay {
  private readonly listening = new Set<string>()
  private readonly offs: (() => void)[] = []
  /** The heartbeat view, read at most every CACHE_MS (wanted() is asked for every decision written). */
  private seen = { at: -Infinity, listening: false }
  private localCount = 0
  published = 0

  /** `deliver` hands a record written elsewhere to this instance's stream. */
  constructor(private readonly bus: ClusterBus, deliver: (record: DecisionRecord) => void) {
    this.offs.push(
      bus.on('decision', (m) => deliver(m.record as unknown as DecisionRecord)),
      bus.on('inspector', (m) => {
        if (m.listening) this.listening.add(m.origin)
        else this.listening.delete(m.origin)
      }),
      bus.onInstanceGone((id) => this.listening.delete(id)),
      // A new (or reconnected) instance learns at once that pages here are listening.
      bus.on('sync', () => {
        if (this.localCount > 0) bus.publish({ kind: 'inspector', listening: true })
      }),
    )
  }

  /** Some other instance has pages on its decision stream (told at once, or seen in its heartbeat). */
  wanted(nowMs: number = Date.now()): boolean {
    if (this.listening.size > 0) return true
    if (nowMs - this.seen.at > CACHE_MS) {
      this.seen = { at: nowMs, listening: this.bus.instances().some((i) => i.id !== this.bus.instanceId && i.listening) }
    }
    return this.seen.listening
  }

  /** This instance's page count changed: the others learn whether to send their decisions. */
  localListeners(count: number): void {
    this.localCount = count
    this.bus.setListening(count > 0)
  }

  publish(record: DecisionRecord): void {
    if (!this.wanted()) return
    this.published++
    this.bus.publish({ kind: 'decision', record: { ...record } })
  }

  close(): void {
    for (const off of this.offs) off()
  }
}
