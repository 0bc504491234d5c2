/** Public types of the browser live client. */
import type {
  AuthPayload,
  BroadcastMessage,
  RoomEventMessage,
  ServerMessage,
} from '../protocol'
import type { ComponentState } from './state-merge'

/**
 * The part of the WebSocket API the client uses. Both the browser's
 * `WebSocket` and the `ws` package's class fit. Handlers take `never` so
 * either implementation's event type is accepted; the client reads only
 * `data`, `code` and `reason` from events.
 */
export interface SocketLike {
  readonly readyState: number
  binaryType: string
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
}

export type SocketConstructor = new (url: string) => SocketLike

/** WebSocket.OPEN in both implementations. */
export const SOCKET_OPEN = 1

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'closed'

export interface StatusEvent {
  readonly status: ConnectionStatus
  /** Close code and reason, on `closed`. */
  readonly code?: number
  readonly reason?: string
}

/** One frame in either direction, already masked. */
export interface FrameLogEntry {
  readonly direction: 'in' | 'out'
  readonly at: number
  /** The frame text with tokens masked; binary frames get a placeholder. */
  readonly text: string
  readonly binary: boolean
}

export interface ClientAuthState {
  readonly authenticated: boolean
  readonly session: Readonly<Record<string, unknown>> | null
}

/** Why a request produced no usable answer. */
export type FailureCode = 'REJECTED' | 'TIMEOUT' | 'CLOSED' | 'UNEXPECTED_ANSWER'

/** Expected outcomes of client operations are values, never throws. */
export type LiveResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: FailureCode; readonly error: string }

/** A correlated answer or why none came. */
export type RequestOutcome = LiveResult<ServerMessage>

export interface AuthOutcome extends ClientAuthState {
  /** The server's error text when not authenticated (e.g. `Authentication failed`). */
  readonly error?: string
}

/** What `mount` asked for; kept so a denied mount can be retried. */
export interface MountRequest {
  /** Client-local handle, stable across re-mounts of the same request. */
  readonly handle: string
  readonly component: string
  readonly props?: Readonly<Record<string, unknown>>
  readonly room?: string
}

export interface MountedComponent extends MountRequest {
  readonly componentId: string
  readonly state: ComponentState
}

/** A mount that failed with AUTH_DENIED and waits for a login. */
export interface DeniedMount extends MountRequest {
  readonly error: string
}

export interface RemountEvent {
  readonly phase: 'started' | 'succeeded' | 'failed'
  readonly handle: string
  readonly component: string
  readonly componentId?: string
  readonly error?: string
}

export interface StateEvent {
  readonly componentId: string
  readonly state: ComponentState
  readonly cause: 'mount' | 'update' | 'delta'
}

/** Unsolicited errors: uncorrelated ERROR frames and frames the client could not parse. */
export interface ClientErrorEvent {
  readonly error: string
  readonly componentId?: string
  readonly action?: string
  readonly requestId?: string
}

export interface LiveClientEvents {
  status: StatusEvent
  established: { readonly connectionId: string }
  frame: FrameLogEntry
  message: ServerMessage
  auth: ClientAuthState
  state: StateEvent
  unmounted: { readonly componentId: string }
  remount: RemountEvent
  error: ClientErrorEvent
  'room-event': RoomEventMessage
  broadcast: BroadcastMessage
}

export interface LiveClientOptions {
  /** WebSocket implementation; defaults to `globalThis.WebSocket`. */
  readonly WebSocket?: SocketConstructor
  /** Time to wait for a correlated answer. Default 10 000 ms. */
  readonly requestTimeoutMs?: number
  /** PING interval; 0 disables. Default 30 000 ms. */
  readonly heartbeatMs?: number
  /** Re-mount AUTH_DENIED mounts after a successful AUTH. Default true. */
  readonly autoRemount?: boolean
  /** Called with every frame (masked), in addition to the `frame` event. */
  readonly onFrame?: (entry: FrameLogEntry) => void
  /** Clock for frame log timestamps. Default `Date.now`. */
  readonly now?: () => number
  /** Prefix of generated request ids. Default: random. */
  readonly requestIdPrefix?: string
}

export type { AuthPayload }
