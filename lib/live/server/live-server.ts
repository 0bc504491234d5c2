import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Store } from '../../store/store'
import type { WorkspaceHost } from '../../server/workspace-host'
import { connectionEstablished, protocolError } from '../protocol'
import { LiveConnection } from './connection'
import type { DecisionSink } from './decision-recorder'
import { handleFrame } from './dispatch'
import { DEFAULT_LIVE_LIMITS, type LiveContext, type LiveLimits } from './live-context'
import { unmount } from './mount-handlers'
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit'
import { RoomRegistry } from './rooms'
import { checkLiveUpgrade } from './upgrade-policy'
import { refuseUpgrade } from './upgrade-refusal'

export const LIVE_PATH = '/api/live/ws'
export const MAX_FRAME_BYTES = 64 * 1024
const HEARTBEAT_MS = 30_000
/** Past this many unsent bytes a client is closed with 1013 (security.md: ws never limits it). */
export const MAX_BUFFERED_BYTES = 1024 * 1024

/** What the server needs to host components; without it the socket only greets. */
export interface LiveRuntime {
  readonly host: WorkspaceHost
  readonly store: Store
  readonly sink: DecisionSink
}

export interface LiveServerOptions {
  readonly allowedOrigins?: readonly string[]
  readonly heartbeatMs?: number
  readonly runtime?: LiveRuntime
  readonly rateLimit?: Partial<RateLimitOptions>
  readonly limits?: Partial<LiveLimits>
  readonly maxBufferedBytes?: number
  /** Epoch ms clock (tokens, log timestamps); default Date.now. */
  readonly now?: () => number
}

const NO_RUNTIME = 'This live server hosts no workspace'

/**
 * The studio's live endpoint. Runs in `noServer` mode: the HTTP server's
 * single upgrade listener hands it the sockets for LIVE_PATH.
 */
export interface LiveCounts {
  readonly open: number
  readonly authenticated: number
  readonly anonymous: number
  readonly mountedComponents: number
}

export class LiveServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false })
  private readonly peers = new Map<string, LiveConnection>()
  private readonly heartbeat: NodeJS.Timeout
  private readonly rate: RateLimitOptions
  private readonly context: LiveContext | undefined
  readonly rooms = new RoomRegistry()

  constructor(private readonly options: LiveServerOptions = {}) {
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs ?? HEARTBEAT_MS)
    this.heartbeat.unref()
    this.rate = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit }
    const runtime = options.runtime
    const now = options.now ?? Date.now
    this.context = runtime && {
      host: runtime.host,
      store: runtime.store,
      sink: runtime.sink,
      rooms: this.rooms,
      limits: { ...DEFAULT_LIVE_LIMITS, ...options.limits },
      nowMs: now,
      clock: () => performance.now(),
    }
  }

  get connectionCount(): number {
    return this.peers.size
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

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkLiveUpgrade(req, this.options.allowedOrigins ?? [])
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws))
  }

  private accept(socket: WebSocket): void {
    const peer = new LiveConnection(randomUUID(), socket, this.rate, this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES, performance.now())
    this.peers.set(peer.id, peer)
    socket.on('pong', () => {
      peer.alive = true
    })
    socket.on('message', (data: RawData, isBinary: boolean) => this.receive(peer, data, isBinary))
    socket.on('close', () => this.drop(peer))
    socket.on('error', () => socket.terminate())
    peer.send(connectionEstablished(peer.id))
  }

  private receive(peer: LiveConnection, data: RawData, isBinary: boolean): void {
    // Binary frames (deltas, msgpack rooms, uploads) are out of scope: ignored.
    if (isBinary || peer.closed) return
    if (!this.context) return void peer.send(protocolError(NO_RUNTIME))
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8')
    try {
      handleFrame(this.context, peer, text, this.rate)
    } catch {
      peer.send(protocolError('Internal error while reading the frame'))
    }
  }

  /** Frees everything a closed connection held: components, rooms, workspace versions. */
  private drop(peer: LiveConnection): void {
    peer.closed = true
    this.peers.delete(peer.id)
    if (!this.context) return
    for (const mounted of [...peer.components.values()]) {
      try {
        unmount(this.context, peer, mounted)
      } catch {
        // Disposal of one instance must not keep the others alive.
      }
    }
    this.rooms.leaveAll(peer)
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
    this.wss.close()
  }
}
