/**
 * Counters of the recording proxy, per upstream: what GET /api/status and the
 * Overview show (connections, frames and bytes each way, binary frames, what
 * was observed and how much of it the workspace predicts differently).
 */
export interface UpstreamFigures {
  readonly name: string
  /** Client sockets connected through right now. */
  readonly open: number
  /** Client sockets connected through since start. */
  readonly connections: number
  /** Upgrades that could not be completed (upstream unreachable, refused, timed out). */
  readonly failedConnects: number
  readonly framesIn: number
  readonly framesOut: number
  readonly bytesIn: number
  readonly bytesOut: number
  /** Binary frames either way (upload chunks, msgpack...), passed untouched and counted by size. */
  readonly binaryFrames: number
  readonly binaryBytes: number
  /** Binary frames decoded as the library's upload chunks. */
  readonly uploadChunks: number
  /** Requests observed (each becomes one logged decision). */
  readonly requests: number
  readonly decisions: number
  readonly denied: number
  readonly mismatches: number
  /** Requests the upstream refused before deciding (its rate limit): counted, not logged as decisions. */
  readonly refusedBeforeDecision: number
  /** Observed requests not predicted (the connection's sandbox budget, a flood of predictions, a failure): counted, not logged. */
  readonly unpredicted: number
  /** Client frames passed on without being observed (over 64 KiB, or nested past 32). */
  readonly unobserved: number
  /** Requests that never got an answer (closed first, or too many waiting): counted, not logged. */
  readonly unanswered: number
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export class ProxyStats {
  private readonly byName = new Map<string, Mutable<UpstreamFigures>>()

  of(name: string): Mutable<UpstreamFigures> {
    let f = this.byName.get(name)
    if (!f) {
      f = {
        name, open: 0, connections: 0, failedConnects: 0, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, binaryFrames: 0, binaryBytes: 0,
        uploadChunks: 0, requests: 0, decisions: 0, denied: 0, mismatches: 0, refusedBeforeDecision: 0, unpredicted: 0, unobserved: 0, unanswered: 0,
      }
      this.byName.set(name, f)
    }
    return f
  }

  /** Every upstream that has had traffic, in name order. */
  all(): UpstreamFigures[] {
    return [...this.byName.values()].map((f) => ({ ...f })).sort((a, b) => a.name.localeCompare(b.name))
  }
}
