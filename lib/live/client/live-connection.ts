/**
 * The socket layer of the live client: connect/close, status events, frame
 * parsing (single or batched), request correlation, heartbeat and the masked
 * frame log. Protocol semantics live in LiveClient, which extends this.
 */
import { parseServerFrame, type OutgoingClientMessage, type ServerMessage } from '../protocol'
import { TypedEmitter } from './emitter'
import { LiveClientError } from './errors'
import { maskFrameText } from './mask'
import { PendingRequests } from './pending-requests'
import {
  SOCKET_OPEN,
  type ConnectionStatus,
  type FrameLogEntry,
  type LiveClientEvents,
  type LiveClientOptions,
  type LiveResult,
  type RequestOutcome,
  type SocketConstructor,
  type SocketLike,
} from './types'

/** Error text of requests made or cut off while no socket is open. */
export const NOT_CONNECTED_ERROR = 'Not connected'
/** How many sent tokens are remembered for exact-match masking. */
const REMEMBERED_SECRETS = 8

type CloseLike = { code?: unknown; reason?: unknown }

export abstract class LiveConnection extends TypedEmitter<LiveClientEvents> {
  protected readonly pending = new PendingRequests()
  protected readonly requestTimeoutMs: number
  private readonly socketClass: SocketConstructor | undefined
  private readonly heartbeatMs: number
  private readonly now: () => number
  private readonly onFrame: ((entry: FrameLogEntry) => void) | undefined
  private readonly idPrefix: string
  private socket: SocketLike | null = null
  private heartbeat: ReturnType<typeof setInterval> | null = null
  private currentStatus: ConnectionStatus = 'idle'
  private currentConnectionId: string | null = null
  private sequence = 0
  private readonly secrets: string[] = []

  constructor(options: LiveClientOptions = {}) {
    super()
    const globalSocket = (globalThis as { WebSocket?: SocketConstructor }).WebSocket
    this.socketClass = options.WebSocket ?? globalSocket
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000
    this.heartbeatMs = options.heartbeatMs ?? 30_000
    this.now = options.now ?? Date.now
    this.onFrame = options.onFrame
    this.idPrefix = options.requestIdPrefix ?? Math.random().toString(36).slice(2, 10)
  }

  get status(): ConnectionStatus {
    return this.currentStatus
  }

  /** The id from CONNECTION_ESTABLISHED, once received. */
  get connectionId(): string | null {
    return this.currentConnectionId
  }

  /**
   * Open a socket to `url`; resolves once it is open or has failed.
   * @throws LiveClientError `ERR_ALREADY_CONNECTED` while a socket is open or opening.
   */
  connect(url: string): Promise<LiveResult<void>> {
    const SocketClass = this.socketClass
    if (SocketClass === undefined) throw new LiveClientError('ERR_NO_WEBSOCKET', 'No WebSocket implementation')
    if (this.socket !== null) throw new LiveClientError('ERR_ALREADY_CONNECTED', 'Already connected or connecting')
    this.resetSession()
    this.setStatus({ status: 'connecting' })
    const socket = new SocketClass(url)
    socket.binaryType = 'arraybuffer'
    this.socket = socket
    return new Promise((resolve) => {
      socket.onopen = () => {
        this.setStatus({ status: 'open' })
        this.startHeartbeat()
        resolve({ ok: true, value: undefined })
      }
      socket.onmessage = (event: { data: unknown }) => this.receive(event.data)
      socket.onclose = (event: CloseLike) => {
        const code = typeof event.code === 'number' ? event.code : 1006
        const reason = typeof event.reason === 'string' ? event.reason : ''
        this.handleClosed(socket, code, reason)
        resolve({ ok: false, code: 'CLOSED', error: `Connection closed (${code}${reason ? `: ${reason}` : ''})` })
      }
      // An error is always followed by close, which reports it.
      socket.onerror = () => undefined
    })
  }

  /** Close the socket (no-op when none is open). */
  close(code = 1000, reason = ''): void {
    this.socket?.close(code, reason)
  }

  /** Send one message without waiting; false when no socket is open. */
  send(message: OutgoingClientMessage): boolean {
    const socket = this.socket
    if (socket === null || socket.readyState !== SOCKET_OPEN) return false
    const text = JSON.stringify(message)
    if (message.type === 'AUTH') this.rememberSecret(message.payload?.token)
    try {
      socket.send(text)
    } catch {
      return false
    }
    this.log('out', text, false)
    return true
  }

  /** Send with a fresh requestId and wait for the answer carrying it. */
  request(message: OutgoingClientMessage, timeoutMs = this.requestTimeoutMs): Promise<RequestOutcome> {
    const requestId = `${this.idPrefix}-${++this.sequence}`
    const answer = this.pending.add(requestId, message.type, timeoutMs)
    if (!this.send({ ...message, requestId, expectResponse: true })) {
      this.pending.fail(requestId, 'CLOSED', NOT_CONNECTED_ERROR)
    }
    return answer
  }

  /** Heartbeat message; servers ignore it. */
  ping(): boolean {
    return this.send({ type: 'PING' })
  }

  /**
   * Protocol handling of one valid server message, after correlation.
   * `correlated` says whether it answered a pending request.
   */
  protected abstract handleMessage(message: ServerMessage, correlated: boolean): void

  /** Per-connection client state to drop when a new socket opens. */
  protected abstract resetSession(): void

  private receive(data: unknown): void {
    if (typeof data !== 'string') {
      // Binary frames (0x01 deltas, 0x02/0x03 room frames, uploads) are out of scope.
      this.log('in', `[binary frame: ${byteLength(data)} bytes]`, true)
      return
    }
    this.log('in', data, false)
    const frame = parseServerFrame(data)
    if (!frame.ok) {
      this.emit('error', { error: frame.error })
      return
    }
    for (const result of frame.messages) {
      if (result.ok) {
        this.dispatch(result.message)
      } else if (result.kind === 'invalid') {
        const settled = result.requestId !== undefined && this.pending.fail(result.requestId, 'UNEXPECTED_ANSWER', result.error)
        if (!settled) this.emit('error', { error: result.error, requestId: result.requestId })
      }
      // Unknown server types (COMPONENT_PONG, ROOM_SYSTEM...) are logged above and skipped.
    }
  }

  private dispatch(message: ServerMessage): void {
    if (message.type === 'CONNECTION_ESTABLISHED') {
      this.currentConnectionId = message.connectionId
      this.emit('established', { connectionId: message.connectionId })
    }
    // Settling only schedules the caller's continuation, so handleMessage's
    // state changes are visible to it.
    const correlated = this.pending.settle(message)
    this.handleMessage(message, correlated)
    this.emit('message', message)
  }

  private handleClosed(socket: SocketLike, code: number, reason: string): void {
    if (this.socket !== socket) return
    this.socket = null
    this.currentConnectionId = null
    this.stopHeartbeat()
    this.pending.failAll('CLOSED', NOT_CONNECTED_ERROR)
    this.setStatus({ status: 'closed', code, reason })
  }

  private setStatus(event: LiveClientEvents['status']): void {
    this.currentStatus = event.status
    this.emit('status', event)
  }

  private startHeartbeat(): void {
    this.stopHeartbeat()
    if (this.heartbeatMs > 0) this.heartbeat = setInterval(() => this.ping(), this.heartbeatMs)
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  private rememberSecret(token: string | undefined): void {
    if (token === undefined || token === '' || this.secrets.includes(token)) return
    this.secrets.push(token)
    if (this.secrets.length > REMEMBERED_SECRETS) this.secrets.shift()
  }

  private log(direction: 'in' | 'out', raw: string, binary: boolean): void {
    const entry: FrameLogEntry = {
      direction,
      at: this.now(),
      text: binary ? raw : maskFrameText(raw, this.secrets),
      binary,
    }
    try {
      this.onFrame?.(entry)
    } catch {
      /* a failing log sink must not break the socket */
    }
    this.emit('frame', entry)
  }
}

function byteLength(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength
  if (ArrayBuffer.isView(data)) return data.byteLength
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size
  return 0
}
