/**
 * The cluster bus: how one studio instance tells the others what changed.
 * Handlers only ever see messages from other instances (a sender does not get
 * its own back). Two implementations: `LocalBus` (one process, the default;
 * nothing leaves it) and `RedisBus` (STUDIO_REDIS_URL: pub/sub plus heartbeat
 * keys with a TTL for "instances that are up").
 */
import type { BusBody, BusKind, BusMessage, BusMessageOf } from './messages'
import type { RoomStateStore } from './room-state-store'

/** One instance that is up (its heartbeat key has not expired). */
export interface InstanceInfo {
  readonly id: string
  readonly startedAt: number
  readonly version: string
  /** Epoch ms of its last heartbeat. */
  readonly seenAt: number
  /** It has pages on its decision stream. */
  readonly listening: boolean
}

/** `local`: one process. `connected`: Redis answers. `down`: Redis is unreachable; the instance counts on its own until it is back. */
export type BusState = 'local' | 'connected' | 'down'

export interface BusStatus {
  readonly kind: 'local' | 'redis'
  readonly instanceId: string
  readonly state: BusState
  /** Epoch ms of the last change of state. */
  readonly since: number
  /** Why it is down (no secrets: the URL's password never appears). */
  readonly message?: string
  /** Messages from other instances dropped because they did not parse. */
  readonly invalidMessages: number
}

export type BusHandler<K extends BusKind> = (message: BusMessageOf<K>) => void

export interface ClusterBus {
  readonly kind: 'local' | 'redis'
  readonly instanceId: string
  /** Sends to every other instance; never throws (while Redis is down the message is dropped and counted). */
  publish(body: BusBody): void
  /** Messages of one kind from other instances; returns the unsubscribe function. */
  on<K extends BusKind>(kind: K, handler: BusHandler<K>): () => void
  /** The bus is connected again after being down (resend what others may have missed). */
  onReconnect(handler: () => void): () => void
  /** An instance stopped heartbeating (what it held is gone). */
  onInstanceGone(handler: (instanceId: string) => void): () => void
  /** Instances that are up, this one included (the last heartbeat round's view). */
  instances(): readonly InstanceInfo[]
  /** Changes what this instance's heartbeat says about it. */
  setListening(listening: boolean): void
  status(): BusStatus
  /** Where room state shared by instances is kept. */
  readonly rooms: RoomStateStore
  close(): Promise<void>
}

/** Routes parsed messages to handlers by kind, dropping the instance's own; shared by both buses. */
export class BusDispatcher {
  private readonly handlers = new Map<BusKind, Set<(message: BusMessage) => void>>()
  private readonly reconnectHandlers = new Set<() => void>()
  private readonly goneHandlers = new Set<(id: string) => void>()
  invalid = 0

  constructor(private readonly instanceId: string, private readonly log: (line: string) => void = () => {}) {}

  on<K extends BusKind>(kind: K, handler: BusHandler<K>): () => void {
    let set = this.handlers.get(kind)
    if (!set) this.handlers.set(kind, (set = new Set()))
    const h = handler as (message: BusMessage) => void
    set.add(h)
    return () => set.delete(h)
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler)
    return () => this.reconnectHandlers.delete(handler)
  }

  onInstanceGone(handler: (id: string) => void): () => void {
    this.goneHandlers.add(handler)
    return () => this.goneHandlers.delete(handler)
  }

  /** A checked message: delivered to each handler; one that throws cannot stop the others. */
  deliver(message: BusMessage): void {
    if (message.origin === this.instanceId) return
    for (const handler of this.handlers.get(message.kind) ?? []) {
      try {
        handler(message)
      } catch (error) {
        this.log(`Cluster handler for '${message.kind}' failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  rejected(error: string): void {
    this.invalid++
    // The first few say why; after that only the count grows (status shows it).
    if (this.invalid <= 5) this.log(`Cluster message dropped (${error})`)
  }

  reconnected(): void {
    for (const handler of this.reconnectHandlers) handler()
  }

  gone(id: string): void {
    for (const handler of this.goneHandlers) handler(id)
  }
}
