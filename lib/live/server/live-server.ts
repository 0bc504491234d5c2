import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { StudioStore } from '../../store/contract'
import { taggedContext } from '../../auth'
import { sandboxPool } from '../../sandbox'
import type { LiveHost } from './live-host'
import { ComponentRegistry } from './component-registry'
import { LiveConnection, type MountedComponent } from './connection'
import type { DecisionSink } from './decision-recorder'
import { handleFrame, MAX_MESSAGE_SIZE } from './dispatch'
import { DEFAULT_LIVE_LIMITS, type LiveContext, type LiveLimits } from './live-context'
import { unmount } from './mount-handler'
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit'
import type { RoomFanout } from './room-fanout'
import { RoomManager } from './room-manager'
import { connectionCapsFromEnv, ConnectionCounter, type ConnectionCaps } from './connection-caps'
import { DEFAULT_MEMORY_LIMITS, InstanceMemory, type MemoryLimits } from './instance-memory'
import { DEFAULT_LOOP_BUDGET } from './loop-budget'
import { defaultSandboxBudget, SandboxBudget, type SandboxBudgetOptions } from './sandbox-budget'
import { DEFAULT_RENEW_INTERVAL_MS } from './signature-renewer'
import { StateSigner } from './state-signature'
import { checkLiveUpgrade } from './upgrade-policy'
import { refuseUpgrade } from './upgrade-refusal'
import { UploadManager } from './uploads/upload-manager'

export const LIVE_PATH = '/api/live/ws'
/** The library's MAX_MESSAGE_SIZE (4 MiB); a larger frame is closed by ws with 1009. */
export const MAX_FRAME_BYTES = MAX_MESSAGE_SIZE
const HEARTBEAT_MS = 30_000
/** Past this many unsent bytes a client is closed with 1013 (security.md: ws never limits it). */
export const MAX_BUFFERED_BYTES = 1024 * 1024
/** StudioStore meta key of the secret that signs component state (when LIVE_STATE_SECRET is not set). */
export const STATE_SECRET_META = 'live_state_secret'

/** What the server needs to host components; without it the socket only greets. */
export interface LiveRuntime {
  readonly host: LiveHost
  readonly store: StudioStore
  readonly sink: DecisionSink
}

export interface LiveServerOptions {
  readonly allowedOrigins?: readonly string[]
  readonly heartbeatMs?: number
  readonly runtime?: LiveRuntime
  readonly rateLimit?: Partial<RateLimitOptions>
  readonly limits?: Partial<LiveLimits>
  readonly maxBufferedBytes?: number
  /** Epoch ms clock (tokens, log timestamps, signed state); default Date.now. */
  readonly now?: () => number
  /** Signs component state; default LIVE_STATE_SECRET, else a random one (the studio passes keptStateSecret's). */
  readonly stateSecret?: string
  /** STATE_SIGNATURE renewal interval (the library's 1000 ms); 0 turns it off. */
  readonly signatureRenewMs?: number
  /** Sandbox time budgets (defaults: sandbox-budget.ts, sized from the sandbox's workers). */
  readonly sandboxBudget?: Partial<SandboxBudgetOptions>
  /** The studio thread's time budgets (defaults: loop-budget.ts). */
  readonly loopBudget?: Partial<SandboxBudgetOptions>
  /** Memory per component, connection and engine (defaults: instance-memory.ts). */
  readonly memoryLimits?: Partial<MemoryLimits>
  /** Live sockets in all and per address (defaults: STUDIO_MAX_LIVE_CONNECTIONS / _PER_ADDRESS, connection-caps.ts). */
  readonly connectionCaps?: Partial<ConnectionCaps>
  /** Rooms that span instances (STUDIO_REDIS_URL); without it rooms live in this process. */
  readonly roomFanout?: RoomFanout
}

const NO_RUNTIME = 'This live server hosts no workspace'

/** What GET /api/status reports about the sandbox and the live server's refusals. */
export interface ProtectionFigures {
  readonly workers: number
  readonly replacements: number
  readonly restarts: number
  readonly refusedInstances: number
  readonly budgetRefusals: number
  readonly refusedConnections: number
  readonly componentBytes: number
}

export interface LiveCounts {
  readonly open: number
  readonly authenticated: number
  readonly anonymous: number
  readonly mountedComponents: number
}

/** The option, else LIVE_STATE_SECRET as the library reads it, else a secret for this process only. */
function stateSecret(options: LiveServerOptions): string {
  if (options.stateSecret) return options.stateSecret
  if (process.env.LIVE_STATE_SECRET) return process.env.LIVE_STATE_SECRET
  return randomBytes(32).toString('hex')
}

/**
 * LIVE_STATE_SECRET, else one secret kept in the store (created on first start), so re-hydration
 * survives a restart. Read before the server is built: the constructor does no I/O.
 */
export async function keptStateSecret(store: Pick<StudioStore, 'transaction'>): Promise<string> {
  if (process.env.LIVE_STATE_SECRET) return process.env.LIVE_STATE_SECRET
  // Read and created in one transaction: two instances starting together on a fresh store keep one secret.
  return store.transaction(async (tx) => {
    const kept = await tx.meta.get(STATE_SECRET_META)
    if (kept) return kept
    const fresh = randomBytes(32).toString('hex')
    await tx.meta.set(STATE_SECRET_META, fresh)
    return fresh
  })
}

/**
 * The studio's live endpoint, speaking FluxStack Live's wire as
 * fluxstack-live@d8538f75 does. Runs in `noServer` mode: the HTTP server's
 * single upgrade listener hands it the sockets for LIVE_PATH.
 */
export class LiveServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false })
  private readonly peers = new Map<string, LiveConnection>()
  private readonly heartbeat: NodeJS.Timeout
  private readonly rate: RateLimitOptions
  private readonly context: LiveContext | undefined
  private readonly sweeper: NodeJS.Timeout
  readonly connections: ConnectionCounter

  constructor(private readonly options: LiveServerOptions = {}) {
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs ?? HEARTBEAT_MS)
    this.heartbeat.unref()
    this.rate = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit }
    this.connections = new ConnectionCounter({ ...connectionCapsFromEnv(), ...options.connectionCaps })
    const runtime = options.runtime
    const now = options.now ?? Date.now
    const signer = new StateSigner(stateSecret(options), now)
    const uploads = new UploadManager({ now })
    this.sweeper = setInterval(() => uploads.sweepStale(), 60_000)
    this.sweeper.unref()
    this.context = runtime && {
      host: runtime.host,
      store: runtime.store,
      sink: runtime.sink,
      registry: new ComponentRegistry(signer, options.signatureRenewMs ?? DEFAULT_RENEW_INTERVAL_MS),
      rooms: new RoomManager(now, undefined, options.roomFanout),
      uploads,
      signer,
      limits: { ...DEFAULT_LIVE_LIMITS, ...options.limits },
      memory: new InstanceMemory({ ...DEFAULT_MEMORY_LIMITS, ...options.memoryLimits }),
      budget: new SandboxBudget({ ...defaultSandboxBudget(sandboxPool().workerCount), ...options.sandboxBudget }),
      loopBudget: new SandboxBudget({ ...DEFAULT_LOOP_BUDGET, ...options.loopBudget }),
      nowMs: now,
      clock: () => performance.now(),
    }
  }

  get connectionCount(): number {
    return this.peers.size
  }

  /** What the recording proxy shares with this server: the workspace, store, decision sink and sandbox budgets. */
  get runtimeContext(): LiveContext | undefined {
    return this.context
  }

  /** Right now: open connections by auth state and the components mounted on them. */
  liveCounts(): LiveCounts {
    let authenticated = 0
    let mounted = 0
    for (const peer of this.peers.values()) {
      if (peer.auth.authenticated) authenticated++
      mounted += peer.components.size
    }
    return { open: this.peers.size, authenticated, anonymous: this.peers.size - authenticated, mountedComponents: mounted }
  }

  protection(): ProtectionFigures {
    const pool = sandboxPool().stats()
    const ctx = this.context
    const refused = ctx?.budget.refused
    const loopRefused = ctx?.loopBudget.refused
    return {
      workers: pool.workers,
      replacements: pool.replacements,
      restarts: ctx?.host.servedRestarts() ?? 0,
      refusedInstances: ctx?.memory.refused ?? 0,
      budgetRefusals: (refused ? refused.connection + refused.address + refused.server : 0) +
        (loopRefused ? loopRefused.connection + loopRefused.address + loopRefused.server : 0),
      refusedConnections: this.connections.refused,
      componentBytes: ctx?.memory.totals().bytes ?? 0,
    }
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkLiveUpgrade(req, this.options.allowedOrigins ?? [])
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    const address = req.socket.remoteAddress ?? 'unknown'
    const capped = this.connections.refusal(address)
    if (capped !== undefined) return refuseUpgrade(socket, 503, capped, this.connections.caps.retryAfterSeconds)
    // Counted from the handshake on, so a burst of upgrades cannot slip past the cap while they complete.
    this.connections.add(address)
    let counted = true
    const uncount = () => {
      if (counted) this.connections.remove(address)
      counted = false
    }
    socket.once('close', uncount)
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', uncount)
      this.accept(ws, address)
    })
  }

  private accept(socket: WebSocket, address: string): void {
    const ctx = this.context
    const peer = new LiveConnection(randomUUID(), socket, this.rate, this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES, performance.now(),
      (conn) => ctx?.registry.resync(conn), address)
    peer.lane = ctx?.budget.open(peer)
    ctx?.loopBudget.open(peer)
    // Rules run with the connection's context charge their sandbox time to its lane.
    if (peer.lane) peer.auth = taggedContext(peer.auth, peer.lane)
    this.peers.set(peer.id, peer)
    socket.on('pong', () => {
      peer.alive = true
    })
    socket.on('message', (data: RawData, isBinary: boolean) => this.receive(peer, data, isBinary))
    socket.on('close', () => this.drop(peer))
    socket.on('error', () => socket.terminate())
    peer.immediate({ type: 'CONNECTION_ESTABLISHED', connectionId: peer.id })
  }

  private receive(peer: LiveConnection, data: RawData, isBinary: boolean): void {
    if (peer.closed) return
    if (!this.context) return void peer.immediate({ type: 'ERROR', error: NO_RUNTIME })
    const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
    try {
      handleFrame(this.context, peer, isBinary ? buffer : buffer.toString('utf8'), isBinary)
    } catch {
      peer.immediate({ type: 'ERROR', error: 'Internal error while reading the frame' })
    }
  }

  /**
   * A closed connection (LiveServer.handleClose): its components leave their
   * rooms (the others are told), then each is destroyed (onDisconnect first);
   * its uploads are dropped.
   */
  private drop(peer: LiveConnection): void {
    peer.closed = true
    this.peers.delete(peer.id)
    const ctx = this.context
    if (!ctx) return
    ctx.budget.close(peer.id)
    ctx.loopBudget.close(peer.id)
    ctx.uploads.cancelConnection(peer.id)
    this.release(ctx, peer, [...peer.components.values()]).catch((error: unknown) => console.error('[live] cleanup of a closed connection failed:', error))
  }

  /**
   * The library awaits each component's room cleanup (`await
   * roomManager.cleanupComponent(id)`) before the next one and before the
   * components are destroyed, so each component's `$sub:leave`s go out in a
   * send flush of their own, and the mount room's second `$sub:leave` (from
   * destroy) in a later one: a microtask between them does the same here.
   */
  private async release(ctx: LiveContext, peer: LiveConnection, components: readonly MountedComponent[]): Promise<void> {
    for (const mounted of components) {
      ctx.rooms.cleanupComponent(mounted.id)
      await Promise.resolve()
    }
    for (const mounted of components) {
      if (ctx.registry.get(mounted.id) !== mounted) continue
      // Disposal of one instance must not keep the others alive.
      unmount(ctx, mounted, true).catch(() => undefined)
    }
    peer.components.clear()
    ctx.rooms.dropConnection(peer)
  }

  /** Ping every peer; terminate those that did not answer the previous ping. */
  private sweep(): void {
    for (const peer of this.peers.values()) {
      if (!peer.alive) {
        peer.socket.terminate()
        continue
      }
      peer.alive = false
      peer.socket.ping()
    }
  }

  /** Closes every socket with 1001 (going away) and waits for them, at most `timeoutMs`. */
  async close(timeoutMs = 2000): Promise<void> {
    clearInterval(this.heartbeat)
    clearInterval(this.sweeper)
    const closing = [...this.peers.values()].map(
      (peer) =>
        new Promise<void>((resolve) => {
          peer.socket.once('close', () => resolve())
          peer.socket.close(1001, 'Studio server is shutting down')
        }),
    )
    await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, timeoutMs).unref())])
    for (const peer of this.peers.values()) peer.socket.terminate()
    this.peers.clear()
    this.context?.registry.stop()
    this.context?.rooms.dispose()
    this.wss.close()
  }
}
