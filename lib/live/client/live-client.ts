/**
 * Framework-free browser client for the FluxStack Live protocol: auth,
 * components, actions, property writes, rooms, state tracking and the
 * seed's automatic re-mount of AUTH_DENIED mounts after a login.
 */
import { errorTextOf, isAuthDenied, isComponentError, mountResultSchema, type AuthPayload, type ServerMessage } from '../protocol'
import { expectAnswer } from './answers'
import { ComponentTracker } from './component-tracker'
import { LiveConnection } from './live-connection'
import type {
  AuthOutcome,
  ClientAuthState,
  DeniedMount,
  LiveClientOptions,
  LiveResult,
  MountedComponent,
  MountRequest,
  RemountEvent,
} from './types'

const ANONYMOUS: ClientAuthState = { authenticated: false, session: null }

/** A mount's result plus the client-local handle that re-mounts keep. */
export type MountOutcome = LiveResult<MountedComponent> & { readonly handle: string }

/**
 * @example
 * const client = new LiveClient()
 * await client.connect('ws://localhost:3000/api/live/ws')
 * const panel = await client.mount('AdminPanel')   // AUTH_DENIED: ...
 * await client.authenticate({ token })             // AdminPanel re-mounts
 */
export class LiveClient extends LiveConnection {
  private readonly tracker = new ComponentTracker()
  private readonly autoRemount: boolean
  private authState: ClientAuthState = ANONYMOUS
  private handles = 0

  constructor(options: LiveClientOptions = {}) {
    super(options)
    this.autoRemount = options.autoRemount ?? true
  }

  /** The connection's auth as last reported by AUTH_RESPONSE. */
  get auth(): ClientAuthState {
    return this.authState
  }

  components(): MountedComponent[] {
    return this.tracker.list()
  }

  component(componentId: string): MountedComponent | undefined {
    return this.tracker.get(componentId)
  }

  /** Mounts refused with AUTH_DENIED that will be retried after a login. */
  deniedMounts(): DeniedMount[] {
    return this.tracker.deniedList()
  }

  /** Send AUTH with credentials; the answer says whether the connection is now authenticated. */
  async authenticate(credentials: AuthPayload): Promise<LiveResult<AuthOutcome>> {
    const answer = expectAnswer(await this.request({ type: 'AUTH', payload: credentials }), 'AUTH_RESPONSE')
    if (!answer.ok) return answer
    const { authenticated, session } = authOf(answer.value)
    const error = answer.value.payload?.error
    return { ok: true, value: { authenticated, session, ...(error !== undefined && { error }) } }
  }

  /** AUTH without a token: the server replaces the context with anonymous. */
  logout(): Promise<LiveResult<AuthOutcome>> {
    return this.authenticate({})
  }

  /** Mount `component`; an AUTH_DENIED refusal is remembered for re-mount. */
  mount(component: string, props?: Readonly<Record<string, unknown>>, room?: string): Promise<MountOutcome> {
    const handle = `m${++this.handles}`
    return this.mountRequest({ handle, component, ...(props && { props }), ...(room !== undefined && { room }) })
  }

  async unmount(componentId: string): Promise<LiveResult<ServerMessage>> {
    this.tracker.remove(componentId)
    this.emit('unmounted', { componentId })
    return expectAnswer(await this.request({ type: 'COMPONENT_UNMOUNT', componentId }), 'MESSAGE_RESPONSE')
  }

  /** Call an action; the value is the action's `result`. */
  async callAction(componentId: string, action: string, payload?: unknown): Promise<LiveResult<unknown>> {
    const message = { type: 'CALL_ACTION' as const, componentId, action, ...(payload !== undefined && { payload }) }
    const answer = expectAnswer(await this.request(message), 'ACTION_RESPONSE')
    return answer.ok ? { ok: true, value: answer.value.result } : answer
  }

  async updateProperty(componentId: string, property: string, value: unknown): Promise<LiveResult<unknown>> {
    const message = { type: 'PROPERTY_UPDATE' as const, componentId, property, payload: { value } }
    const answer = expectAnswer(await this.request(message), 'MESSAGE_RESPONSE')
    return answer.ok ? { ok: true, value: answer.value.result } : answer
  }

  async joinRoom(componentId: string, roomId: string, initialState?: Record<string, unknown>): Promise<LiveResult<unknown>> {
    const payload = { roomId, ...(initialState && { initialState }) }
    const answer = expectAnswer(await this.request({ type: 'ROOM_JOIN', componentId, roomId, payload }), 'ROOM_JOINED')
    return answer.ok ? { ok: true, value: answer.value.payload.state } : answer
  }

  async leaveRoom(componentId: string, roomId: string): Promise<LiveResult<string>> {
    const answer = expectAnswer(await this.request({ type: 'ROOM_LEAVE', componentId, roomId }), 'ROOM_LEFT')
    return answer.ok ? { ok: true, value: answer.value.payload.roomId } : answer
  }

  async getRoomState(componentId: string, roomId: string): Promise<LiveResult<unknown>> {
    const answer = expectAnswer(await this.request({ type: 'ROOM_STATE_GET', componentId, roomId }), 'ROOM_STATE')
    return answer.ok ? { ok: true, value: answer.value.payload?.state } : answer
  }

  /** Fire-and-forget: servers answer ROOM_EMIT only when refusing it. */
  emitRoom(componentId: string, roomId: string, event: string, data?: unknown): boolean {
    return this.send({ type: 'ROOM_EMIT', componentId, roomId, payload: { event, data } })
  }

  /** Fire-and-forget, like emitRoom. */
  setRoomState(componentId: string, roomId: string, state: Record<string, unknown>): boolean {
    return this.send({ type: 'ROOM_STATE_SET', componentId, roomId, payload: { state } })
  }

  protected resetSession(): void {
    this.tracker.clear()
    this.authState = ANONYMOUS
  }

  protected handleMessage(message: ServerMessage, correlated: boolean): void {
    switch (message.type) {
      case 'AUTH_RESPONSE':
        return this.onAuthResponse(message)
      case 'STATE_UPDATE':
        return this.onState(message.componentId, this.tracker.replace(message.componentId, message.payload.state), 'update')
      case 'STATE_DELTA':
        return this.onState(message.componentId, this.tracker.merge(message.componentId, message.payload.delta), 'delta')
      case 'ROOM_EVENT':
        return this.emit('room-event', message)
      case 'BROADCAST':
        return this.emit('broadcast', message)
      case 'ERROR':
        if (!correlated) this.emit('error', errorEventOf(message))
        return
      default:
        return
    }
  }

  private onAuthResponse(message: Extract<ServerMessage, { type: 'AUTH_RESPONSE' }>): void {
    this.authState = authOf(message)
    this.emit('auth', this.authState)
    if (this.authState.authenticated && this.autoRemount) void this.remountDenied()
  }

  private onState(componentId: string, state: MountedComponent['state'] | undefined, cause: 'update' | 'delta'): void {
    if (state !== undefined) this.emit('state', { componentId, state, cause })
  }

  private async mountRequest(request: MountRequest): Promise<MountOutcome> {
    const message = {
      type: 'COMPONENT_MOUNT' as const,
      payload: { component: request.component, props: request.props, room: request.room },
    }
    const answer = expectAnswer(await this.request(message), 'MESSAGE_RESPONSE')
    if (!answer.ok) {
      if (answer.code === 'REJECTED' && isAuthDenied(answer.error)) this.tracker.deny(request, answer.error)
      return { ...answer, handle: request.handle }
    }
    const result = mountResultSchema.safeParse(answer.value.result)
    if (!result.success) {
      return { ok: false, code: 'UNEXPECTED_ANSWER', error: 'Mount answer without result.componentId', handle: request.handle }
    }
    const mounted = this.tracker.add(request, result.data.componentId, result.data.initialState ?? {})
    this.emit('state', { componentId: mounted.componentId, state: mounted.state, cause: 'mount' })
    return { ok: true, value: mounted, handle: request.handle }
  }

  private async remountDenied(): Promise<void> {
    await Promise.all(
      this.tracker.takeDenied().map(async (denied) => {
        const base = { handle: denied.handle, component: denied.component }
        this.emit('remount', { ...base, phase: 'started' })
        const outcome = await this.mountRequest(denied)
        const done: RemountEvent = outcome.ok
          ? { ...base, phase: 'succeeded', componentId: outcome.value.componentId }
          : { ...base, phase: 'failed', error: outcome.error }
        this.emit('remount', done)
      }),
    )
  }
}

/** `payload.authenticated` when present, else `success` (older servers). */
function authOf(message: Extract<ServerMessage, { type: 'AUTH_RESPONSE' }>): ClientAuthState {
  const authenticated = message.payload?.authenticated ?? message.success
  return { authenticated, session: authenticated ? (message.payload?.session ?? null) : null }
}

function errorEventOf(message: Extract<ServerMessage, { type: 'ERROR' }>) {
  if (isComponentError(message)) {
    return { error: message.payload.error, componentId: message.componentId, action: message.payload.action }
  }
  return { error: errorTextOf(message), componentId: message.componentId, requestId: message.requestId }
}
