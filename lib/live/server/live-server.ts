import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { checkLiveUpgrade } from './upgrade-policy'
import { refuseUpgrade } from './upgrade-refusal'

export const LIVE_PATH = '/api/live/ws'
export const MAX_FRAME_BYTES = 64 * 1024
const HEARTBEAT_MS = 30_000

export interface LiveServerOptions {
  readonly allowedOrigins?: readonly string[]
  readonly heartbeatMs?: number
}

interface Peer {
  readonly id: string
  readonly socket: WebSocket
  alive: boolean
}

/**
 * The studio's live endpoint. Runs in `noServer` mode: the HTTP server's
 * single upgrade listener hands it the sockets for LIVE_PATH.
 */
export class LiveServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false })
  private readonly peers = new Map<string, Peer>()
  private readonly heartbeat: NodeJS.Timeout

  constructor(private readonly options: LiveServerOptions = {}) {
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs ?? HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  get connectionCount(): number {
    return this.peers.size
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkLiveUpgrade(req, this.options.allowedOrigins ?? [])
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws))
  }

  private accept(socket: WebSocket): void {
    const peer: Peer = { id: randomUUID(), socket, alive: true }
    this.peers.set(peer.id, peer)
    socket.on('pong', () => {
      peer.alive = true
    })
    socket.on('close', () => this.peers.delete(peer.id))
    socket.on('error', () => socket.terminate())
    socket.send(JSON.stringify({ type: 'CONNECTION_ESTABLISHED', connectionId: peer.id }))
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
