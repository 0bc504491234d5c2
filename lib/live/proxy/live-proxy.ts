/**
 * The recording proxy: `/api/live/proxy/<name>` connects a client through to
 * the configured upstream live server `<name>`, one upstream socket per client
 * socket, and logs what the upstream decides next to what the workspace
 * predicts. Only configured upstreams are reachable: the client names one, never
 * a host (no query, header or path of the request picks or changes the URL).
 * The client side gets the live socket's policies: no token in the URL, allowed
 * Origins only, the same frame size and the same connection caps.
 *
 * The upstream is connected first; the client's handshake completes only once
 * it is open, with the subprotocol the upstream chose, so a client sees the
 * upstream's refusal as a refusal. Pings and pongs are relayed, never answered
 * by the proxy (autoPong off on both sides).
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import WebSocket, { WebSocketServer } from 'ws'
import type { ConnectionCounter } from '../server/connection-caps'
import type { LiveContext } from '../server/live-context'
import { checkLiveUpgrade } from '../server/upgrade-policy'
import { refuseUpgrade } from '../server/upgrade-refusal'
import { pipe } from './pipe'
import { ProxyStats, type UpstreamFigures } from './proxy-stats'
import { ConnectionRecorder } from './recorder'
import { PROXY_PREFIX, type Upstream } from './upstreams'

export { PROXY_PREFIX }

export interface LiveProxyOptions {
  /** Origins allowed besides the studio's own (STUDIO_LIVE_ORIGINS, as for the live socket). */
  readonly allowedOrigins: readonly string[]
  /** The configured upstreams (read on every upgrade: a change in Settings applies to the next connection). */
  readonly upstreams: () => readonly Upstream[]
  /** Shared with the live socket: proxied connections count toward the same caps. */
  readonly connections: ConnectionCounter
  /** The live server's runtime: workspace, store, log and budgets (no runtime: frames pass, nothing is observed). */
  readonly context?: LiveContext
  /** Largest frame either way (the live socket's 4 MiB). */
  readonly maxPayload: number
  /** Unsent bytes toward one side past which the pair is closed with 1013. */
  readonly maxBufferedBytes: number
  /** How long the upstream may take to accept (default 10 s). */
  readonly connectTimeoutMs?: number
  readonly log?: (line: string) => void
}

/**
 * Request headers passed on to the upstream: what identifies the client to its app. Never `Authorization` (it may
 * carry the studio's admin token; FluxStack Live clients authenticate with an AUTH message) nor the studio's cookies.
 */
const FORWARDED = ['user-agent', 'accept-language'] as const
const STUDIO_COOKIE = /^studio[_-]/i
/** Marks the proxy's own upstream connections: an upstream that points back at a studio proxy is a loop. */
export const HOP_HEADER = 'x-live-auth-studio-proxy'
/** Frames from a configured upstream may be larger than the client side's limit (the app's own server is trusted that far). */
const MAX_UPSTREAM_FRAME_BYTES = 64 * 1024 * 1024
const WS_KEY = /^[+/0-9A-Za-z]{22}==$/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** The checks `ws` makes of a client handshake, made before the upstream is contacted; undefined when it is sound. */
function badHandshake(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET') return 'A WebSocket handshake is a GET request.'
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return 'The Upgrade header must be websocket.'
  const key = req.headers['sec-websocket-key']
  if (typeof key !== 'string' || !WS_KEY.test(key.trim())) return 'Missing or invalid Sec-WebSocket-Key.'
  const version = req.headers['sec-websocket-version']
  if (version !== '8' && version !== '13') return 'Unsupported Sec-WebSocket-Version (13 expected).'
  const offered = req.headers['sec-websocket-protocol']
  if (offered !== undefined) {
    const list = subprotocols(req)
    if (list.length === 0 || list.some((p) => !TOKEN.test(p)) || new Set(list).size !== list.length) return 'Invalid Sec-WebSocket-Protocol header.'
  }
  return undefined
}

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of FORWARDED) {
    const value = req.headers[name]
    if (typeof value === 'string') out[name] = value
  }
  const cookie = req.headers.cookie
  if (typeof cookie === 'string') {
    const kept = cookie.split(';').map((c) => c.trim()).filter((c) => c !== '' && !STUDIO_COOKIE.test(c))
    if (kept.length > 0) out.cookie = kept.join('; ')
  }
  return out
}

function subprotocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol']
  if (typeof raw !== 'string') return []
  return raw.split(',').map((p) => p.trim()).filter((p) => p !== '')
}

/** The name in `/api/live/proxy/<name>`, or undefined when the path has more or less than one segment. */
export function proxyName(pathname: string): string | undefined {
  if (!pathname.startsWith(PROXY_PREFIX)) return undefined
  const rest = pathname.slice(PROXY_PREFIX.length)
  if (rest === '' || rest.includes('/')) return undefined
  try {
    return decodeURIComponent(rest)
  } catch {
    return undefined
  }
}

export class LiveProxy {
  readonly stats = new ProxyStats()
  private readonly wss: WebSocketServer
  /** The subprotocol each pending client handshake must answer with (the upstream's choice). */
  private readonly chosen = new WeakMap<IncomingMessage, string | false>()
  private readonly recorders = new Set<ConnectionRecorder>()
  private readonly pairs = new Set<{ client: WebSocket; upstream: WebSocket }>()
  private readonly sweeper: NodeJS.Timeout
  /** Upstream sockets still in their handshake (aborted on close). */
  private readonly connecting = new Set<WebSocket>()

  constructor(private readonly options: LiveProxyOptions) {
    this.wss = new WebSocketServer({
      noServer: true, clientTracking: false, perMessageDeflate: false, autoPong: false, maxPayload: options.maxPayload,
      handleProtocols: (_offered, req) => this.chosen.get(req) ?? false,
    })
    this.sweeper = setInterval(() => {
      for (const r of this.recorders) r.sweep()
    }, 1000)
    this.sweeper.unref()
  }

  /** Proxied client sockets open right now, all upstreams. */
  get openCount(): number {
    return this.pairs.size
  }

  figures(): UpstreamFigures[] {
    const configured = this.options.upstreams().map((u) => u.name)
    for (const name of configured) this.stats.of(name)
    return this.stats.all()
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, name: string): void {
    if (req.headers[HOP_HEADER] !== undefined) {
      return refuseUpgrade(socket, 508, `The upstream '${name}' points back at a studio's recording proxy: a loop. Point it at the app's own live server.`)
    }
    const bad = badHandshake(req)
    if (bad !== undefined) return refuseUpgrade(socket, 400, bad)
    const verdict = checkLiveUpgrade(req, this.options.allowedOrigins)
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    const upstream = this.options.upstreams().find((u) => u.name === name)
    if (!upstream) {
      return refuseUpgrade(socket, 404, `No upstream named '${name}' is configured. Add it under Settings > Upstreams; only configured upstreams are reachable.`)
    }
    const address = req.socket.remoteAddress ?? 'unknown'
    const { connections } = this.options
    const capped = connections.refusal(address)
    if (capped !== undefined) return refuseUpgrade(socket, 503, capped, connections.caps.retryAfterSeconds)
    connections.add(address)
    let counted = true
    const uncount = () => {
      if (counted) connections.remove(address)
      counted = false
    }
    socket.once('close', uncount)
    const figures = this.stats.of(name)

    let up: WebSocket
    try {
      up = new WebSocket(upstream.url, subprotocols(req), {
        ...(upstream.origin ? { origin: upstream.origin } : {}),
        headers: { ...forwardedHeaders(req), [HOP_HEADER]: '1' },
        perMessageDeflate: false,
        autoPong: false,
        followRedirects: false,
        maxPayload: MAX_UPSTREAM_FRAME_BYTES,
        // The mask protects intermediaries from a browser's crafted bytes (RFC 6455 10.3); this client is the
        // studio talking to a configured server, so an all-zero mask spares a copy and an XOR of every frame.
        generateMask: (mask: Buffer) => mask.fill(0),
        handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
      })
    } catch {
      uncount()
      return refuseUpgrade(socket, 400, 'The handshake could not be passed on to the upstream.')
    }
    this.connecting.add(up)
    up.once('close', () => this.connecting.delete(up))
    let settled = false
    const fail = (status: number, reason: string) => {
      if (settled) return
      settled = true
      figures.failedConnects++
      up.removeAllListeners()
      up.on('error', () => undefined)
      up.terminate()
      uncount()
      refuseUpgrade(socket, status, reason)
    }
    // The client gave up while the upstream was connecting.
    const clientGone = () => fail(499, 'client closed')
    socket.once('close', clientGone)
    up.once('unexpected-response', (_req, res) => {
      fail(502, `The upstream '${name}' refused the connection: HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim())
      res.resume()
    })
    up.once('error', (error: Error & { code?: string }) => {
      const timedOut = /timed out|timeout/i.test(error.message)
      // The reason names the failure, not the upstream's address (the proxy is reachable without the admin token).
      this.options.log?.(`Recording proxy: upstream '${name}' failed: ${error.message}`)
      fail(timedOut ? 504 : 502, timedOut
        ? `The upstream '${name}' did not accept the connection in time`
        : `The upstream '${name}' could not be reached${error.code ? ` (${error.code})` : ''}`)
    })
    up.once('open', () => {
      this.connecting.delete(up)
      if (settled) return
      socket.off('close', clientGone)
      if (socket.destroyed) return fail(499, 'client closed')
      settled = true
      up.removeAllListeners('error')
      // Until the pipe listens (and if the client's handshake is aborted), an upstream error must not go unheard.
      up.on('error', () => undefined)
      let accepted = false
      socket.once('close', () => {
        if (!accepted) up.terminate()
      })
      this.chosen.set(req, up.protocol === '' ? false : up.protocol)
      this.wss.handleUpgrade(req, socket, head, (client) => {
        accepted = true
        client.once('close', uncount)
        this.connected(client, up, name, address)
      })
    })
  }

  private connected(client: WebSocket, up: WebSocket, name: string, address: string): void {
    const figures = this.stats.of(name)
    figures.open++
    figures.connections++
    const pair = { client, upstream: up }
    this.pairs.add(pair)
    const ctx = this.options.context
    const id = randomUUID()
    // Predictions run workspace rules: their sandbox time is this connection's, as for a studio connection.
    // Anonymous until an AUTH the workspace accepts, as a studio connection.
    const lane = ctx?.budget.open({ id, address, authenticated: false })
    const admit = (authenticated: boolean) => ctx?.budget.admit({ id, address, authenticated }) ?? { ok: true }
    const recorder = ctx ? new ConnectionRecorder({ ctx, sink: ctx.sink, source: name, connectionId: id, stats: this.stats, admit, ...(lane ? { lane } : {}) }) : undefined
    if (recorder) this.recorders.add(recorder)
    pipe(client, up, recorder ?? {
      fromClient: () => { figures.framesIn++ },
      fromUpstream: () => { figures.framesOut++ },
      binary: () => { figures.binaryFrames++ },
      closed: () => undefined,
    }, { maxBufferedBytes: this.options.maxBufferedBytes })
    let ended = false
    const end = () => {
      if (ended) return
      ended = true
      figures.open--
      this.pairs.delete(pair)
      if (recorder) this.recorders.delete(recorder)
      ctx?.budget.close(id)
    }
    client.once('close', end)
    up.once('close', end)
  }

  /** Closes every proxied pair (server shutdown: 1001 to the clients, as the live socket does). */
  close(): void {
    clearInterval(this.sweeper)
    for (const up of this.connecting) up.terminate()
    for (const { client, upstream } of this.pairs) {
      client.close(1001, 'The studio is shutting down')
      upstream.close(1001)
    }
    this.wss.close()
  }
}
