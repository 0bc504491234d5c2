import type { WebSocket } from 'ws'
import { anonymousContext, type AuthSnapshot, type LiveAuthContext } from '../../auth'
import type { ComponentInstance, SandboxComponent } from '../../sandbox'
import type { HostedVersion } from '../../server/workspace-host'
import { encodeFrame, type ServerMessage } from '../protocol'
import { TokenBucket, type RateLimitOptions } from './rate-limit'

/** A component mounted by one connection, bound to the workspace version it was mounted from. */
export interface MountedComponent {
  readonly id: string
  readonly name: string
  readonly spec: SandboxComponent
  readonly instance: ComponentInstance
  readonly hosted: HostedVersion
  /** `$auth` fixed at mount (no token). */
  readonly auth: AuthSnapshot
  readonly room?: string
  readonly release: () => void
}

/** Close code when a client cannot keep up with what it is sent (RFC 6455: try again later). */
export const CLOSE_SLOW_CLIENT = 1013
export const CLOSE_POLICY = 1008

/**
 * One live socket's state. Sends check `bufferedAmount` first: a client that
 * stops reading is closed instead of growing server memory.
 */
export class LiveConnection {
  auth: LiveAuthContext = anonymousContext()
  /** Persona whose `sub` matched the session, for the decision log. */
  persona: string | undefined
  readonly components = new Map<string, MountedComponent>()
  readonly rooms = new Set<string>()
  readonly bucket: TokenBucket
  alive = true
  closed = false
  /** Messages are handled one after another, in arrival order. */
  queue: Promise<void> = Promise.resolve()
  queued = 0

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    rateLimit: RateLimitOptions,
    private readonly maxBufferedBytes: number,
    now: number,
  ) {
    this.bucket = new TokenBucket(rateLimit, now)
  }

  /** Sends one message or a batch; false when the socket is gone or was closed for backpressure. */
  send(messages: ServerMessage | readonly ServerMessage[]): boolean {
    const list = Array.isArray(messages) ? (messages as readonly ServerMessage[]) : [messages as ServerMessage]
    if (list.length === 0 || this.closed || this.socket.readyState !== this.socket.OPEN) return false
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.close(CLOSE_SLOW_CLIENT, 'Client is not reading its messages; closed to protect the server')
      return false
    }
    this.socket.send(encodeFrame(list))
    return true
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    try {
      this.socket.close(code, reason)
    } catch {
      this.socket.terminate()
    }
    // A peer that never completes the closing handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2000).unref()
  }
}
