/**
 * The bus over Redis (ioredis): one connection for publishing and commands,
 * one for the subscription (a subscribed connection can do nothing else), one
 * channel per deployment (`<prefix>:bus`). ioredis reconnects by itself; while
 * Redis is away commands fail at once (no offline queue, so nothing waits or
 * piles up), the status says `down`, and users of the bus fall back to what
 * this instance knows on its own. When Redis is back the instance says so
 * (`sync`) and every part sends its snapshot again.
 */
import Redis from 'ioredis'
import { BusDispatcher, type BusHandler, type BusState, type BusStatus, type ClusterBus, type InstanceInfo } from './bus'
import { redactRedisUrl } from './cluster-config'
import { decodeBusMessage, encodeBusMessage, type BusBody, type BusKind } from './messages'
import { HEARTBEAT_MS, PRESENCE_TTL_MS, readPresence, removePresence, writePresence } from './presence'
import { RedisRoomStateStore } from './redis-room-state'
import type { RoomStateStore } from './room-state-store'

export interface RedisBusOptions {
  readonly url: string
  readonly prefix: string
  readonly instanceId: string
  readonly version: string
  readonly log?: (line: string) => void
  readonly heartbeatMs?: number
  /** How long start waits for Redis before going on without it (it keeps trying). */
  readonly connectWaitMs?: number
}

const retryStrategy = (times: number) => Math.min(100 * times, 2_000)

export class RedisBus implements ClusterBus {
  readonly kind = 'redis'
  readonly instanceId: string
  readonly rooms: RoomStateStore
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly channel: string
  private readonly dispatcher: BusDispatcher
  private readonly log: (line: string) => void
  private readonly startedAt = Date.now()
  private readonly beat: NodeJS.Timeout
  private state: BusState = 'down'
  private since = Date.now()
  private message: string | undefined = 'connecting'
  private listening = false
  private known: InstanceInfo[] = []
  private wasUp = false
  private closed = false
  dropped = 0

  private constructor(private readonly options: RedisBusOptions) {
    this.instanceId = options.instanceId
    this.channel = `${options.prefix}:bus`
    this.log = options.log ?? (() => {})
    this.dispatcher = new BusDispatcher(options.instanceId, this.log)
    const common = { retryStrategy, connectTimeout: 2_000, lazyConnect: true, connectionName: `studio-${options.instanceId}` }
    this.pub = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    // The subscriber queues its SUBSCRIBE until connected and subscribes again after each reconnect.
    this.sub = new Redis(options.url, { ...common, maxRetriesPerRequest: null, autoResubscribe: true })
    this.rooms = new RedisRoomStateStore(this.pub, options.prefix)
    for (const conn of [this.pub, this.sub]) {
      conn.on('error', (error: Error) => this.down(error.message))
      // A close follows the error that says why: it does not replace it.
      conn.on('close', () => this.down(this.state === 'connected' || !this.message ? 'connection closed' : this.message))
      conn.on('ready', () => this.maybeUp())
    }
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return
      const decoded = decodeBusMessage(raw)
      if (decoded.ok) this.dispatcher.deliver(decoded.message)
      else this.dispatcher.rejected(decoded.error)
    })
    this.beat = setInterval(() => void this.heartbeat(), options.heartbeatMs ?? HEARTBEAT_MS)
    this.beat.unref()
  }

  /** Connects (waiting up to `connectWaitMs` for Redis; the studio starts without it and keeps trying). */
  static async start(options: RedisBusOptions): Promise<RedisBus> {
    const bus = new RedisBus(options)
    bus.pub.connect().catch(() => undefined)
    bus.sub.connect().catch(() => undefined)
    bus.sub.subscribe(bus.channel).catch(() => undefined)
    const deadline = Date.now() + (options.connectWaitMs ?? 3_000)
    while (bus.state !== 'connected' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    if (bus.state !== 'connected') bus.log(`Redis at ${redactRedisUrl(options.url)} is not reachable (${bus.message ?? 'no answer'}); running on this instance's own counts until it is`)
    return bus
  }

  private maybeUp(): void {
    if (this.closed || this.pub.status !== 'ready' || this.sub.status !== 'ready') return
    if (this.state === 'connected') return
    this.state = 'connected'
    this.since = Date.now()
    this.message = undefined
    if (this.wasUp) this.log('Redis is reachable again; instances share their figures again')
    this.wasUp = true
    void this.heartbeat()
    // Others may have changed things while we could not hear them (or we are new): ask for their
    // snapshots, and send ours (the parts listening to onReconnect).
    this.publish({ kind: 'sync' })
    this.dispatcher.reconnected()
  }

  private down(reason: string): void {
    if (this.closed) return
    this.message = reason
    if (this.state === 'down') return
    this.state = 'down'
    this.since = Date.now()
    this.log(`Redis unreachable (${reason}); counting on this instance alone until it is back`)
  }

  private async heartbeat(): Promise<void> {
    if (this.closed || this.state !== 'connected') return
    try {
      await writePresence(this.pub, this.options.prefix, this.info(), PRESENCE_TTL_MS)
      const now = await readPresence(this.pub, this.options.prefix)
      const ids = new Set(now.map((i) => i.id))
      for (const before of this.known) if (!ids.has(before.id) && before.id !== this.instanceId) this.dispatcher.gone(before.id)
      this.known = now
    } catch (error) {
      this.down(error instanceof Error ? error.message : String(error))
    }
  }

  private info(): InstanceInfo {
    return { id: this.instanceId, startedAt: this.startedAt, version: this.options.version, seenAt: Date.now(), listening: this.listening }
  }

  publish(body: BusBody): void {
    if (this.closed || this.pub.status !== 'ready') {
      this.dropped++
      return
    }
    this.pub.publish(this.channel, encodeBusMessage(this.instanceId, body)).catch(() => {
      this.dropped++
    })
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
    // While Redis is away nobody else can be seen: this instance alone.
    if (this.state !== 'connected') return [this.info()]
    const self = this.info()
    return this.known.some((i) => i.id === self.id) ? this.known.map((i) => (i.id === self.id ? self : i)) : [...this.known, self]
  }

  setListening(listening: boolean): void {
    if (listening === this.listening) return
    this.listening = listening
    this.publish({ kind: 'inspector', listening })
    void this.heartbeat()
  }

  status(): BusStatus {
    return {
      kind: 'redis', instanceId: this.instanceId, state: this.state, since: this.since,
      ...(this.state === 'down' && this.message ? { message: this.message } : {}),
      invalidMessages: this.dispatcher.invalid,
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    clearInterval(this.beat)
    if (this.pub.status === 'ready') await removePresence(this.pub, this.options.prefix, this.instanceId).catch(() => undefined)
    this.closed = true
    this.sub.disconnect()
    this.pub.disconnect()
  }
}
