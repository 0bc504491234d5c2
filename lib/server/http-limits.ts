/**
 * The HTTP server with its limits set explicitly: a cap on open HTTP
 * connections, answered (a raw 503 with Retry-After) rather than dropped, and
 * timeouts for clients that send headers or bodies slowly (slowloris).
 *
 * Node's own `server.maxConnections` closes over-limit sockets without a word
 * and counts upgraded WebSocket connections too, which the live server governs
 * itself; so the cap is kept here, on the 'connection' event, and a socket
 * leaves the count when it is upgraded.
 */
import http from 'node:http'
import type { Socket } from 'node:net'

export interface HttpLimits {
  /** Open HTTP connections at most (STUDIO_MAX_HTTP_CONNECTIONS); more get a 503. */
  readonly maxConnections: number
  /** Open HTTP connections from one client address; default a quarter of `maxConnections` (at least 16). */
  readonly maxConnectionsPerAddress?: number
  /** Time to receive a request's headers (Node answers 408 and closes). */
  readonly headersTimeoutMs: number
  /** Time to receive a whole request, body included (408). */
  readonly requestTimeoutMs: number
  /** Idle keep-alive connections are kept this long (above the usual 60 s of proxies). */
  readonly keepAliveMs: number
}

export const DEFAULT_MAX_HTTP_CONNECTIONS = 512

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: DEFAULT_MAX_HTTP_CONNECTIONS,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveMs: 65_000,
}

/** Seconds a refused client is asked to wait. */
export const OVERLOAD_RETRY_AFTER_S = 5
// A refused socket stays open this long so the client reads the 503 before the close (no reset).
const REFUSED_LINGER_MS = 2_000

const OVERLOAD_BODY = JSON.stringify({ error: 'SERVER_BUSY', message: `The studio has too many open connections. Try again in ${OVERLOAD_RETRY_AFTER_S} s.` })
const OVERLOAD_ANSWER =
  `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${OVERLOAD_RETRY_AFTER_S}\r\nConnection: close\r\n` +
  `Content-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(OVERLOAD_BODY)}\r\n\r\n${OVERLOAD_BODY}`

export interface LimitedServer {
  readonly server: http.Server
  /** HTTP connections open now (upgraded sockets excluded). */
  openConnections(): number
  /** True for a socket that was answered 503: whatever it sends next is ignored. */
  isRefused(socket: Socket): boolean
}

/** Creates the HTTP server with `limits` applied (nothing listens yet). */
export function createLimitedServer(limits: HttpLimits): LimitedServer {
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveMs,
    // Node checks the two timeouts every 30 s by default, so a 10 s limit could take 40 s to bite.
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 2))),
  })
  // Set explicitly as well: these are the values the server runs with.
  server.headersTimeout = limits.headersTimeoutMs
  server.requestTimeout = limits.requestTimeoutMs
  server.keepAliveTimeout = limits.keepAliveMs

  const open = new Set<Socket>()
  const refused = new WeakSet<Socket>()
  // One client holding slow connections must not take every slot: each address gets a share.
  const perAddress = limits.maxConnectionsPerAddress ?? Math.max(16, Math.floor(limits.maxConnections / 4))
  const byAddress = new Map<string, number>()
  const addressOf = new WeakMap<Socket, string>()
  const release = (socket: Socket) => {
    if (!open.delete(socket)) return
    const address = addressOf.get(socket) ?? ''
    const n = (byAddress.get(address) ?? 1) - 1
    if (n <= 0) byAddress.delete(address)
    else byAddress.set(address, n)
  }
  // Before Node's own listener, so an over-limit socket is answered before any parsing.
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    if (open.size >= limits.maxConnections || (byAddress.get(address) ?? 0) >= perAddress) {
      refused.add(socket)
      socket.on('error', () => socket.destroy())
      socket.end(OVERLOAD_ANSWER)
      setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref()
      return
    }
    open.add(socket)
    addressOf.set(socket, address)
    byAddress.set(address, (byAddress.get(address) ?? 0) + 1)
    socket.once('close', () => release(socket))
  })
  // A WebSocket is the live server's to limit; it no longer holds an HTTP slot.
  server.on('upgrade', (req: http.IncomingMessage) => {
    release(req.socket)
  })
  return { server, openConnections: () => open.size, isRefused: (socket) => refused.has(socket) }
}
