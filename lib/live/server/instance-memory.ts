/**
 * Memory held by mounted components, accounted per instance, per connection
 * and per workspace version (one engine), from the JSON size of each
 * instance's state and `$private` as the sandbox reports it after every
 * operation. A component whose state runs away hits its own limit (or its
 * connection's, or its fair share of a full engine) long before the engine
 * runs out of memory: that instance is refused and unmounted with a clear
 * error; every other component keeps working.
 */
import type { LoadedWorkspace } from '../../sandbox'

const KiB = 1024
const MiB = 1024 * KiB

export interface MemoryLimits {
  /** JSON characters one instance may hold (state + $private). */
  readonly instanceBytes: number
  /** Summed over an authenticated connection's components. */
  readonly connectionBytes: number
  /** Summed over an anonymous connection's components. */
  readonly anonymousConnectionBytes: number
  /** Summed over every component of one workspace version, as a fraction of its engine's memory. */
  readonly engineShare: number
}

export const DEFAULT_MEMORY_LIMITS: MemoryLimits = {
  instanceBytes: 512 * KiB,
  connectionBytes: 1 * MiB,
  anonymousConnectionBytes: 128 * KiB,
  // JSON text becomes several times its size as guest objects; an eighth leaves room for that and for the code.
  engineShare: 1 / 8,
}

/** What the accounting needs from a mounted component. */
export interface Accounted {
  readonly id: string
  readonly name: string
  readonly instance: { readonly bytes: number }
  readonly hosted: { readonly loaded: LoadedWorkspace }
  readonly owner: { readonly id: string; readonly authenticated: boolean }
}

const fmt = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / KiB)} KiB`)

export class InstanceMemory {
  private readonly known = new Map<string, number>()
  private readonly byEngine = new Map<LoadedWorkspace, { bytes: number; connections: Map<string, number> }>()
  private readonly byConnection = new Map<string, number>()
  /** Instances refused since start (for the Overview and the attack bench). */
  refused = 0

  constructor(readonly limits: MemoryLimits = DEFAULT_MEMORY_LIMITS) {}

  /** Records the instance's size after an operation. */
  track(mounted: Accounted): void {
    const bytes = mounted.instance.bytes
    const before = this.known.get(mounted.id) ?? 0
    this.known.set(mounted.id, bytes)
    this.add(mounted, bytes - before)
  }

  forget(mounted: Accounted): void {
    const before = this.known.get(mounted.id)
    if (before === undefined) return
    this.known.delete(mounted.id)
    this.add(mounted, -before)
  }

  private add(mounted: Accounted, delta: number): void {
    if (delta === 0) return
    const conn = mounted.owner.id
    const connTotal = (this.byConnection.get(conn) ?? 0) + delta
    if (connTotal <= 0) this.byConnection.delete(conn)
    else this.byConnection.set(conn, connTotal)
    const engine = mounted.hosted.loaded
    let entry = this.byEngine.get(engine)
    if (!entry) this.byEngine.set(engine, (entry = { bytes: 0, connections: new Map() }))
    entry.bytes += delta
    const share = (entry.connections.get(conn) ?? 0) + delta
    if (share <= 0) entry.connections.delete(conn)
    else entry.connections.set(conn, share)
    if (entry.bytes <= 0 && entry.connections.size === 0) this.byEngine.delete(engine)
  }

  /** Why this instance must be refused now, or undefined. Call after `track`. */
  check(mounted: Accounted): string | undefined {
    const { limits } = this
    const bytes = mounted.instance.bytes
    const unmounted = `Component '${mounted.name}' was unmounted`
    if (bytes > limits.instanceBytes) {
      return `${unmounted}: its state and $private hold ${fmt(bytes)}, over the studio's limit of ${fmt(limits.instanceBytes)} per component`
    }
    const conn = this.byConnection.get(mounted.owner.id) ?? 0
    const connLimit = mounted.owner.authenticated ? limits.connectionBytes : limits.anonymousConnectionBytes
    if (conn > connLimit) {
      return `${unmounted}: this connection's components hold ${fmt(conn)}, over the studio's limit of ${fmt(connLimit)} per ${mounted.owner.authenticated ? 'authenticated' : 'anonymous'} connection`
    }
    const engine = this.byEngine.get(mounted.hosted.loaded)
    const engineLimit = mounted.hosted.loaded.memoryBytes * limits.engineShare
    if (engine && engineLimit > 0 && engine.bytes > engineLimit) {
      // The engine is full: connections holding more than an equal share give way first.
      const fair = engineLimit / Math.max(1, engine.connections.size)
      const mine = engine.connections.get(mounted.owner.id) ?? 0
      if (mine > fair) {
        return `${unmounted}: the workspace's components hold ${fmt(engine.bytes)} of the ${fmt(engineLimit)} its sandbox engine allows, and this connection's share (${fmt(mine)}) is above an equal share (${fmt(fair)})`
      }
    }
    return undefined
  }

  /** Tracked bytes for the Overview. */
  totals(): { instances: number; bytes: number } {
    let bytes = 0
    for (const b of this.known.values()) bytes += b
    return { instances: this.known.size, bytes }
  }
}
