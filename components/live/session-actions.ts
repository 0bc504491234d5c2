/**
 * What the tester does on one connection: connect, AUTH, mount, actions,
 * properties and rooms. Each is noted in the connection's activity and, on
 * an external server, handed on with its answer for the studio's prediction.
 * The connection (live-session.ts) holds the state; no React here.
 */
import type { DecideAuth, DecideRequest } from '@/lib/api/decide'
import type { LiveClient, LiveResult } from '@/lib/live/client'
import type { ServerAnswer } from '@/components/trace/compare'
import type { ActivityTone, ViewAction } from './connection-model'

/** A request the tester made, for the studio's prediction (external servers). */
export interface AskedRequest {
  readonly request: Omit<DecideRequest, 'auth'> & { readonly auth: DecideAuth }
  readonly answer: ServerAnswer
}

/** What the actions need from their connection. */
export interface ActionHost {
  readonly client: LiveClient
  /** The socket is about to open to `url`. */
  connecting(url: string): void
  note(tone: ActivityTone, text: string): void
  dispatch(action: ViewAction): void
  /** The persona last authenticated as, or the component last mounted: the forms start with them. */
  remember(what: 'persona' | 'component', name: string): void
  /** The mounted components may have changed. */
  sync(): void
  /** The server answered a request (an allow, or a refusal it decided). */
  answered(asked: AskedRequest): void
  clearTraces(): void
}

const verb = (r: LiveResult<unknown>) => (r.ok ? 'allow' : 'deny') as ActivityTone

/** Server answers only: timeouts and closed sockets are not something auth decided. */
function answerOf(result: LiveResult<unknown>): ServerAnswer | undefined {
  if (result.ok) return { ok: true }
  return result.code === 'REJECTED' ? { ok: false, error: result.error } : undefined
}

/** The caller as the studio's prediction sees it: the session AUTH returned, or anonymous. */
function decideAuth(client: LiveClient): DecideAuth {
  const session = client.auth.session
  return client.auth.authenticated && session && typeof session.id === 'string' ? { type: 'session', session: { ...session } } : { type: 'anonymous' }
}

/** The connection's actions, bound to `host`. */
export function sessionActions(host: ActionHost) {
  const { client } = host
  const report = (request: Omit<AskedRequest['request'], 'auth'>, result: LiveResult<unknown>, auth: DecideAuth) => {
    const answer = answerOf(result)
    if (answer) host.answered({ request: { ...request, auth }, answer })
  }
  return {
    connect: async (url: string): Promise<LiveResult<void>> => {
      host.connecting(url)
      let result: LiveResult<void>
      try {
        result = await client.connect(url)
      } catch (error) {
        result = { ok: false, code: 'CLOSED', error: error instanceof Error ? error.message : String(error) }
      }
      if (!result.ok) host.note('deny', `Could not connect to ${url}`)
      return result
    },
    disconnect: () => client.close(1000, 'Closed by the tester'),
    /** `token` undefined sends an empty AUTH (log out); `persona` is remembered for the forms. */
    authenticate: async (token: string | undefined, source: string, persona?: string) => {
      const result = token === undefined ? await client.logout() : await client.authenticate({ token })
      if (!result.ok) {
        host.note('deny', `AUTH failed: ${result.error}`)
        return result
      }
      host.dispatch({ type: 'auth', auth: result.value, source: result.value.authenticated ? source : null })
      if (persona !== undefined) host.remember('persona', persona)
      if (token === undefined) host.note('info', 'Logged out: the connection is anonymous')
      else if (result.value.authenticated) host.note('allow', `Authenticated as ${String(result.value.session?.id ?? '?')} (${source})`)
      else host.note('deny', `AUTH answered: ${result.value.error ?? 'Authentication failed'} (the connection is anonymous)`)
      return result
    },
    mount: async (component: string, props?: Record<string, unknown>, room?: string) => {
      const auth = decideAuth(client)
      host.remember('component', component)
      const result = await client.mount(component, props, room)
      host.sync()
      host.note(verb(result), result.ok ? `Mounted ${component} as ${result.value.componentId}` : `Mount ${component}: ${result.error}`)
      report({ component, kind: 'mount' }, result, auth)
      return result
    },
    unmount: async (componentId: string) => {
      const result = await client.unmount(componentId)
      host.sync()
      return result
    },
    callAction: async (componentId: string, component: string, action: string, payload: unknown) => {
      const auth = decideAuth(client)
      const result = await client.callAction(componentId, action, payload)
      host.note(verb(result), result.ok ? `${component}.${action} → ${JSON.stringify(result.value) ?? 'no result'}` : `${component}.${action}: ${result.error}`)
      report({ component, kind: 'action', action, ...(payload !== undefined && { payload }) }, result, auth)
      return result
    },
    updateProperty: async (componentId: string, component: string, property: string, value: unknown) => {
      const auth = decideAuth(client)
      const result = await client.updateProperty(componentId, property, value)
      host.note(verb(result), result.ok ? `${component}.${property} updated` : `PROPERTY_UPDATE ${property}: ${result.error}`)
      report({ component, kind: 'property', property, value }, result, auth)
      return result
    },
    joinRoom: async (componentId: string, component: string, roomId: string) => {
      const auth = decideAuth(client)
      const result = await client.joinRoom(componentId, roomId)
      host.note(verb(result), result.ok ? `Joined room ${roomId}` : `Join ${roomId}: ${result.error}`)
      report({ component, kind: 'room', roomId }, result, auth)
      return result
    },
    leaveRoom: async (componentId: string, roomId: string) => {
      const result = await client.leaveRoom(componentId, roomId)
      host.note(verb(result), result.ok ? `Left room ${roomId}` : `Leave ${roomId}: ${result.error}`)
      return result
    },
    emitRoom: (componentId: string, roomId: string, event: string, data: unknown) => {
      const sent = client.emitRoom(componentId, roomId, event, data)
      host.note(sent ? 'info' : 'deny', sent ? `Emitted “${event}” in ${roomId}` : 'Not connected')
      return sent
    },
    clearFrames: () => host.dispatch({ type: 'clear-frames' }),
    clearTraces: () => host.clearTraces(),
  }
}

export type LiveConnectionActions = ReturnType<typeof sessionActions>
