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
 * upstream's refusal as a refusal. After both handshakes the proxy splices the
 * two TCP sockets (./splice): frames, fragments, pings, pongs and close frames
 * pass byte for byte, and taps read them for the log off the forwarding path.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { ConnectionCounter } from '../server/connection-caps'
import type { LiveContext } from '../server/live-context'
import { checkLiveUpgrade } from '../server/upgrade-policy'
import { refuseUpgrade } from '../server/upgrade-refusal'
import { MAX_OBSERVED_FRAME_CHARS } from './observer'
import { ProxyStats, type UpstreamFigures } from './proxy-stats'
import { ConnectionRecorder } from './recorder'
import { splice, type Spliced } from './splice'
import { acceptFor, dialUpstream } from './upstream-handshake'
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
  /** Largest client message (the live socket's 4 MiB); the upstream's messages pass whatever their size. */
  readonly maxPayload: number
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
/** Messages up to this many bytes are copied for the observer (it reads at most MAX_OBSERVED_FRAME_CHARS characters). */
const OBSERVE_BYTES = 4 * MAX_OBSERVED_FRAME_CHARS
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
  private readonly recorders = new Set<ConnectionRecorder>()
  private readonly pairs = new Set<Spliced>()
  private readonly sweeper: NodeJS.Timeout
  /** Upstream handshakes in progress (aborted on close: their clients are told the studio is stopping). */
  private readonly connecting = new Set<(status?: number, reason?: string) => void>()

  constructor(private readonly options: LiveProxyOptions) {
    this.sweeper = setInterval(() => {
      for (const r of this.recorders) r.sweep()
    }, 1000)
    this.sweeper.unref()
  }

  /** Proxied client sockets open right now, all upstreams. */
  /** Client handshakes waiting for their upstream to accept, right now. */
  get connectingCount(): number {
    return this.connecting.size
  }

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

    const dial = dialUpstream({
      name,
      url: upstream.url,
      ...(upstream.origin ? { origin: upstream.origin } : {}),
      headers: { ...forwardedHeaders(req), [HOP_HEADER]: '1' },
      protocols: subprotocols(req),
      timeoutMs: this.options.connectTimeoutMs ?? 10_000,
    })
    this.connecting.add(dial.abort)
    // The client gave up while the upstream was connecting.
    const clientGone = () => dial.abort()
    socket.once('close', clientGone)
    void dial.result.then((r) => {
      this.connecting.delete(dial.abort)
      socket.off('close', clientGone)
      if (!r.ok) {
        if (r.aborted && socket.destroyed) return uncount()
        if (!r.aborted) figures.failedConnects++
        // The reason names the failure, not the upstream's address (the proxy is reachable without the admin token).
        if (r.detail !== undefined) this.options.log?.(`Recording proxy: upstream '${name}' failed: ${r.detail}`)
        uncount()
        return refuseUpgrade(socket, r.status, r.reason)
      }
      if (socket.destroyed) {
        r.socket.destroy()
        return uncount()
      }
      const key = String(req.headers['sec-websocket-key']).trim()
      socket.write([
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${acceptFor(key)}`,
        ...(r.protocol !== undefined ? [`Sec-WebSocket-Protocol: ${r.protocol}`] : []),
        '\r\n',
      ].join('\r\n'))
      this.connected(socket as Socket, head, r.socket, r.head, name, address)
    })
  }

  private connected(client: Socket, clientHead: Buffer, up: Socket, upHead: Buffer, name: string, address: string): void {
    client.setNoDelay(true)
    client.setTimeout(0)
    const figures = this.stats.of(name)
    figures.open++
    figures.connections++
    const ctx = this.options.context
    const id = randomUUID()
    // Predictions run workspace rules: their sandbox time is this connection's, as for a studio connection.
    // Anonymous until an AUTH the workspace accepts, as a studio connection.
    const lane = ctx?.budget.open({ id, address, authenticated: false })
    const admit = (authenticated: boolean) => ctx?.budget.admit({ id, address, authenticated }) ?? { ok: true }
    const recorder = ctx ? new ConnectionRecorder({ ctx, sink: ctx.sink, source: name, connectionId: id, stats: this.stats, admit, ...(lane ? { lane } : {}) }) : undefined
    if (recorder) this.recorders.add(recorder)
    const pair = splice(client, clientHead, up, upHead, recorder ?? {
      fromClient: () => { figures.framesIn++ },
      fromUpstream: () => { figures.framesOut++ },
      binary: (_direction, size) => { figures.binaryFrames++; figures.binaryBytes += size },
      oversized: () => { figures.unobserved++ },
      closed: () => undefined,
    }, { maxClientMessageBytes: this.options.maxPayload, observeBytes: OBSERVE_BYTES })
    this.pairs.add(pair)
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
    for (const abort of this.connecting) abort(503, 'The studio is shutting down')
    for (const pair of this.pairs) pair.close(1001, 'The studio is shutting down')
  }
}
