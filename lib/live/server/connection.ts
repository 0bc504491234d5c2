import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import { anonymousContext, snapshotOf, type AuthSnapshot, type LiveAuthContext } from '../../auth'
import type { ActionCaller, ComponentInstance, SandboxComponent, SandboxLane } from '../../sandbox'
import type { HostedVersion } from './live-host'
import { TokenBucket, type RateLimitOptions } from './rate-limit'
import { SendQueue, type Outgoing } from './send-queue'

/** A component mounted by one connection, bound to the workspace version it was mounted from. */
export interface MountedComponent {
  readonly id: string
  /** The class's registered name (`static componentName`, else the class name). */
  readonly name: string
  /** The name the client asked for (signed into the state, checked on re-hydration). */
  readonly requestedName: string
  readonly spec: SandboxComponent
  readonly instance: ComponentInstance
  readonly hosted: HostedVersion
  /** `$auth` fixed at mount (no token). */
  readonly auth: AuthSnapshot
  /** The connection that mounted it (where its emits go). */
  readonly owner: LiveConnection
  /** `payload.room` of the mount: the component is a member from the start. */
  readonly room?: string
  /** The authenticated session id at mount (the library's `this.userId`). */
  readonly userId?: string
  /** Built by COMPONENT_REHYDRATE: the library leaves its broadcast() unwired. */
  readonly rehydrated?: true
  readonly release: () => void
}

/** Close code when a client cannot keep up with what it is sent (RFC 6455: try again later). */
export const CLOSE_SLOW_CLIENT = 1013
export const CLOSE_POLICY = 1008

/**
 * One live socket's state. Frames go through a send queue batched like the
 * library's; writes check `bufferedAmount` first, so a client that stops
 * reading is closed instead of growing server memory.
 */
export class LiveConnection {
  auth: LiveAuthContext = anonymousContext()
  /** Persona whose `sub` matched the session, for the decision log. */
  persona: string | undefined
  /** Components this connection mounted (the library's `ws.data.components`): ownership. */
  readonly components = new Map<string, MountedComponent>()
  /** Rooms joined with ROOM_JOIN (the library's `ws.data.rooms`, capped per connection). */
  readonly rooms = new Set<string>()
  readonly bucket: TokenBucket
  alive = true
  closed = false
  /** Messages are handled one after another, in arrival order. */
  queueTail: Promise<void> = Promise.resolve()
  queued = 0
  /** Characters of every frame sent so far (the loop budget charges a segment the bytes it sent). */
  sentBytes = 0
  /** Where this connection's sandbox calls are queued and charged (set by the server when it opens the account). */
  lane: SandboxLane | undefined
  private readonly out: SendQueue
  private corked = false
  private callerCache: { auth: LiveAuthContext; caller: ActionCaller } | undefined

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    rateLimit: RateLimitOptions,
    private readonly maxBufferedBytes: number,
    now: number,
    onOverflow: (conn: LiveConnection) => void = () => {},
    /** The client's address (the socket's remote address), for per-address caps and budgets. */
    readonly address = 'unknown',
  ) {
    this.bucket = new TokenBucket(rateLimit, now)
    const isOpen = () => this.open
    const sink = { get open() { return isOpen() }, sendText: (text: string) => this.sendText(text) }
    this.out = new SendQueue(sink, () => onOverflow(this))
  }

  /** For the sandbox budget: anonymous connections get a smaller share. */
  get authenticated(): boolean {
    return this.auth.authenticated
  }

  get open(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN
  }

  /** Queued for the next flush (emits, room frames). */
  queue(message: Outgoing): void {
    this.out.push(message)
  }

  /** The queue first, then `message` alone in its own frame (answers). */
  immediate(message: Outgoing): void {
    this.out.immediate(message)
  }

  /** Ends a batch now: what is queued goes out as one frame. */
  flush(): void {
    this.out.flush()
  }

  /** The second argument of an action method: the same object until the connection's auth changes. */
  caller(): ActionCaller {
    if (this.callerCache?.auth !== this.auth) {
      this.callerCache = { auth: this.auth, caller: Object.freeze({ connectionId: this.id, auth: Object.freeze(snapshotOf(this.auth)) }) }
    }
    return this.callerCache.caller
  }

  /** The current context as data (no token), for the decision log: the same frozen object until the auth changes. */
  authSnapshot(): AuthSnapshot {
    return this.caller().auth
  }

  private sendText(text: string): void {
    if (!this.open) return
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.close(CLOSE_SLOW_CLIENT, 'Client is not reading its messages; closed to protect the server')
      return
    }
    // Frames sent in one turn (a batch, then its answer) leave in one write, not one system call each.
    const raw = (this.socket as unknown as { _socket?: Socket })._socket
    if (raw && !this.corked && typeof raw.cork === 'function') {
      this.corked = true
      raw.cork()
      process.nextTick(() => {
        this.corked = false
        raw.uncork()
      })
    }
    this.sentBytes += text.length
    this.socket.send(text)
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
