/**
 * The recording proxy's upstreams on every instance. Each instance keeps the list
 * in memory (an upgrade is answered without awaiting the store); a change saved on
 * one instance is announced, and the others read the list from the shared store
 * again, so a client may connect through any instance a second later. After a
 * Redis outage each instance re-reads it (a change made meanwhile was not heard).
 */
import type { ClusterBus } from './bus'

/** What the sync needs of lib/live/proxy/upstreams.ts's UpstreamList. */
export interface SharedUpstreams {
  refresh(): Promise<unknown>
}

export class UpstreamSync {
  private readonly offs: (() => void)[]
  /** Re-reads that failed (the store was unreachable); the next change or reconnect tries again. */
  failedRefreshes = 0

  constructor(private readonly bus: ClusterBus, upstreams: SharedUpstreams, log: (line: string) => void = () => {}) {
    const refresh = () => {
      upstreams.refresh().catch((error: unknown) => {
        this.failedRefreshes++
        log(`Reading the proxy's upstreams after a change on another instance failed: ${error instanceof Error ? error.message : String(error)}`)
      })
    }
    this.offs = [bus.on('upstreams', refresh), bus.onReconnect(refresh)]
  }

  /** The list was saved here: tell the others. */
  changed(): void {
    this.bus.publish({ kind: 'upstreams' })
  }

  close(): void {
    for (const off of this.offs) off()
  }
}
