/**
 * The recording proxy's handshake with an upstream: a plain HTTP upgrade on a
 * TCP (ws://) or TLS (wss://) socket, checked as a WebSocket client checks it,
 * after which the proxy owns the raw socket and splices bytes. No redirects are
 * followed, no extension is offered (frames pass through unchanged, so none may
 * be negotiated), and every failure is a status and a reason for the client that
 * name the upstream, never its address.
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { isIP, type Socket } from 'node:net'

export interface UpstreamDial {
  /** The configured name (for reasons). */
  readonly name: string
  readonly url: string
  readonly origin?: string
  /** Request headers besides the handshake's own (user agent, the app's cookies, the hop marker). */
  readonly headers: Readonly<Record<string, string>>
  /** Subprotocols the client offered, in its order. */
  readonly protocols: readonly string[]
  readonly timeoutMs: number
}

export type DialResult =
  | { readonly ok: true; readonly socket: Socket; readonly head: Buffer; readonly protocol: string | undefined }
  | { readonly ok: false; readonly status: number; readonly reason: string; readonly detail?: string; readonly aborted?: true }

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

/** The Sec-WebSocket-Accept that answers `key` (RFC 6455 4.2.2). */
export function acceptFor(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64')
}

/** Opens the upstream's WebSocket; `abort()` gives up (the client left, the studio stops): the result says so. */
export function dialUpstream(dial: UpstreamDial): { result: Promise<DialResult>; abort(status?: number, reason?: string): void } {
  const url = new URL(dial.url)
  const key = randomBytes(16).toString('base64')
  const secure = url.protocol === 'wss:'
  const headers: Record<string, string> = {
    ...dial.headers,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': key,
  }
  if (dial.origin) headers.Origin = dial.origin
  if (dial.protocols.length > 0) headers['Sec-WebSocket-Protocol'] = dial.protocols.join(',')
  const options: http.RequestOptions & https.RequestOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers,
    agent: false,
    // SNI names a host, never an address (RFC 6066 3).
    ...(secure && isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0 ? { servername: url.hostname } : {}),
  }
  let settled = false
  let resolve!: (r: DialResult) => void
  const result = new Promise<DialResult>((r) => (resolve = r))
  const request = (secure ? https : http).request(options)
  const settle = (r: DialResult) => {
    if (settled) {
      if (r.ok) r.socket.destroy()
      return
    }
    settled = true
    clearTimeout(timer)
    resolve(r)
  }
  const fail = (status: number, reason: string, detail?: string) => {
    settle({ ok: false, status, reason, ...(detail !== undefined ? { detail } : {}) })
    request.destroy()
  }
  const timer = setTimeout(() => fail(504, `The upstream '${dial.name}' did not accept the connection in time`), dial.timeoutMs)
  request.on('upgrade', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const protocol = typeof res.headers['sec-websocket-protocol'] === 'string' ? res.headers['sec-websocket-protocol'] : undefined
    const problem = res.statusCode !== 101 ? `HTTP ${res.statusCode ?? '?'} instead of 101`
      : !/\bupgrade\b/i.test(String(res.headers.connection ?? '')) ? 'a Connection header without Upgrade'
      : res.headers['sec-websocket-accept'] !== acceptFor(key) ? 'an invalid Sec-WebSocket-Accept'
      : (res.headers.upgrade ?? '').toLowerCase() !== 'websocket' ? 'an Upgrade header that is not websocket'
        : protocol !== undefined && !dial.protocols.includes(protocol) ? 'a subprotocol the client did not offer'
          : protocol === undefined && res.headers['sec-websocket-protocol'] !== undefined ? 'an invalid subprotocol'
            : res.headers['sec-websocket-extensions'] !== undefined ? 'an extension nobody offered'
              : undefined
    if (problem !== undefined) {
      socket.destroy()
      return fail(502, `The upstream '${dial.name}' answered the handshake with ${problem}`)
    }
    if (settled) return socket.destroy()
    socket.setNoDelay(true)
    socket.setTimeout(0)
    settle({ ok: true, socket, head, protocol })
  })
  request.on('response', (res: http.IncomingMessage) => {
    res.resume()
    fail(502, `The upstream '${dial.name}' refused the connection: HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim())
  })
  request.on('error', (error: Error & { code?: string }) => {
    fail(502, `The upstream '${dial.name}' could not be reached${error.code ? ` (${error.code})` : ''}`, error.message)
  })
  request.end()
  return {
    result,
    abort: (status = 499, reason = 'client closed') => {
      if (settled) return
      settle({ ok: false, status, reason, aborted: true })
      request.destroy()
    },
  }
}
