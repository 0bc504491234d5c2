/**
 * Requests waiting for a worker: urgent ones first (a version being loaded
 * again, requests moved from a stopped worker, in their order), then one
 * request per lane in turn, so a client that queues hundreds of calls delays
 * its own, not everyone's.
 */
export interface Queued {
  readonly lane: string
}

export class FairQueue<T extends Queued> {
  private readonly urgent: T[] = []
  private readonly lanes = new Map<string, T[]>()
  private count = 0

  get size(): number {
    return this.count
  }

  push(item: T): void {
    let list = this.lanes.get(item.lane)
    if (!list) this.lanes.set(item.lane, (list = []))
    list.push(item)
    this.count++
  }

  /** Before everything else, in the given order. */
  pushUrgent(items: readonly T[]): void {
    this.urgent.push(...items)
    this.count += items.length
  }

  /** Up to `max` items: urgent first, then lanes round-robin (a lane served goes to the back). */
  take(max: number): T[] {
    const out = this.urgent.splice(0, max)
    while (out.length < max && this.lanes.size > 0) {
      for (const [lane, list] of this.lanes) {
        const item = list.shift()
        this.lanes.delete(lane)
        if (item !== undefined) out.push(item)
        if (list.length > 0) this.lanes.set(lane, list)
        if (out.length >= max) break
      }
    }
    this.count -= out.length
    return out
  }

  /** Everything, urgent first then lanes in order (used when a worker goes away). */
  drain(): T[] {
    const out = [...this.urgent.splice(0)]
    for (const list of this.lanes.values()) out.push(...list)
    this.lanes.clear()
    this.count = 0
    return out
  }
}
