/**
 * The bus of a single process (no STUDIO_REDIS_URL): nothing leaves the
 * process and the studio behaves as it always has. Several endpoints may share
 * one `LocalHub` (the cluster's logic is tested that way without Redis); each
 * message still goes through JSON and the schemas, as it would over Redis.
 */
import { BusDispatcher, type BusHandler, type BusStatus, type ClusterBus, type InstanceInfo } from './bus'
import { decodeBusMessage, encodeBusMessage, type BusBody, type BusKind } from './messages'
import { MemoryRoomStateStore, type RoomStateStore } from './room-state-store'

export class LocalHub {
  readonly endpoints = new Set<LocalBus>()
  readonly rooms = new MemoryRoomStateStore()
  /** Messages sent through the hub (tests read it). */
  sent = 0

  /** Delivers on a later tick, as a network would: never inside the sender's call. */
  send(from: LocalBus, raw: string): void {
    this.sent++
    for (const endpoint of this.endpoints) {
      if (endpoint !== from) queueMicrotask(() => endpoint.receive(raw))
    }
  }
}

export interface LocalBusOptions {
  readonly instanceId: string
  readonly version?: string
  /** Share a hub to run several instances in one process; by default each bus has its own. */
  readonly hub?: LocalHub
  readonly log?: (line: string) => void
  readonly now?: () => number
}

export class LocalBus implements ClusterBus {
  readonly kind = 'local'
  readonly instanceId: string
  private readonly hub: LocalHub
  private readonly dispatcher: BusDispatcher
  private readonly startedAt: number
  private listening = false
  private closed = false

  constructor(private readonly options: LocalBusOptions) {
    this.instanceId = options.instanceId
    this.hub = options.hub ?? new LocalHub()
    this.hub.endpoints.add(this)
    this.dispatcher = new BusDispatcher(options.instanceId, options.log)
    this.startedAt = (options.now ?? Date.now)()
  }

  get rooms(): RoomStateStore {
    return this.hub.rooms
  }

  publish(body: BusBody): void {
    if (this.closed || this.hub.endpoints.size < 2) return
    this.hub.send(this, encodeBusMessage(this.instanceId, body))
  }

  /** A raw message from the hub: checked, then dispatched. */
  receive(raw: string): void {
    if (this.closed) return
    const decoded = decodeBusMessage(raw)
    if (decoded.ok) this.dispatcher.deliver(decoded.message)
    else this.dispatcher.rejected(decoded.error)
  }

  on<K extends BusKind>(kind: K, handler: BusHandler<K>): () => void {
    return this.dispatcher.on(kind, handler)
  }

  onReconnect(handler: () => void): () => void {
    return this.dispatcher.onReconnect(handler)
  }

  onInstanceGone(handler: (instanceId: string) => void): () => void {
    return this.dispatcher.onInstanceGone(handler)
  }

  instances(): readonly InstanceInfo[] {
    const now = (this.options.now ?? Date.now)()
    return [...this.hub.endpoints].map((e) => e.info(now))
  }

  info(now: number): InstanceInfo {
    return { id: this.instanceId, startedAt: this.startedAt, version: this.options.version ?? '', seenAt: now, listening: this.listening }
  }

  setListening(listening: boolean): void {
    if (listening === this.listening) return
    this.listening = listening
    this.publish({ kind: 'inspector', listening })
  }

  status(): BusStatus {
    return { kind: 'local', instanceId: this.instanceId, state: 'local', since: this.startedAt, invalidMessages: this.dispatcher.invalid }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    this.hub.endpoints.delete(this)
    for (const other of this.hub.endpoints) other.dispatcher.gone(this.instanceId)
    return Promise.resolve()
  }
}
