'use client'

import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react'
import type { DecideAuth, DecideRequest } from '@/lib/api/decide'
import { LiveClient, type LiveResult } from '@/lib/live/client'
import type { ServerAnswer } from '@/components/trace/compare'
import { connectionReducer, initialView, type ActivityTone } from './connection-model'

/** A request the tester made, for the studio's prediction (external servers). */
export interface AskedRequest {
  readonly request: Omit<DecideRequest, 'auth'> & { readonly auth: DecideAuth }
  readonly answer: ServerAnswer
}

export interface LiveConnectionHooks {
  /** Called with every connection id this panel receives (for trace filtering). */
  readonly onConnectionId?: (connectionId: string) => void
  /** Called after each answered request (used for predictions of external servers). */
  readonly onAnswered?: (asked: AskedRequest) => void
}

const verb = (r: LiveResult<unknown>) => (r.ok ? 'allow' : 'deny') as ActivityTone

/** Server answers only: timeouts and closed sockets are not something auth decided. */
function answerOf(result: LiveResult<unknown>): ServerAnswer | undefined {
  if (result.ok) return { ok: true }
  return result.code === 'REJECTED' ? { ok: false, error: result.error } : undefined
}

/** One tester connection: a LiveClient plus the reducer that mirrors it for React. */
export function useLiveConnection(hooks: LiveConnectionHooks) {
  const [view, dispatch] = useReducer(connectionReducer, initialView)
  const hooksRef = useRef(hooks)
  useEffect(() => {
    hooksRef.current = hooks
  })
  const client = useMemo(() => new LiveClient({ requestTimeoutMs: 8000 }), [])

  const sync = useCallback(() => {
    dispatch({ type: 'components', components: client.components(), denied: client.deniedMounts() })
  }, [client])
  const note = useCallback((tone: ActivityTone, text: string) => dispatch({ type: 'activity', at: Date.now(), tone, text }), [])

  useEffect(() => {
    const offs = [
      client.on('status', (e) => {
        dispatch({ type: 'status', status: e.status, ...(e.code !== undefined && { code: e.code }), ...(e.reason !== undefined && { reason: e.reason }) })
      }),
      client.on('established', ({ connectionId }) => {
        dispatch({ type: 'established', connectionId })
        hooksRef.current.onConnectionId?.(connectionId)
      }),
      client.on('frame', (entry) => dispatch({ type: 'frame', entry })),
      client.on('auth', (auth) => dispatch({ type: 'auth', auth })),
      client.on('state', sync),
      client.on('unmounted', sync),
      client.on('remount', (e) => {
        dispatch({ type: 'remount', handle: e.handle, phase: e.phase })
        if (e.phase === 'succeeded') note('allow', `${e.component} re-mounted automatically after login`)
        if (e.phase === 'failed') note('deny', `${e.component} re-mount after login failed: ${e.error ?? 'unknown error'}`)
        sync()
      }),
      client.on('error', (e) => note('deny', `${e.componentId ? `${e.componentId}: ` : ''}${e.error}`)),
      client.on('room-event', (m) => note('info', `Room ${m.roomId}: event “${m.event}”`)),
    ]
    return () => {
      offs.forEach((off) => off())
      client.close(1000, 'Tester closed')
    }
  }, [client, sync, note])

  const decideAuth = useCallback((): DecideAuth => {
    const session = client.auth.session
    return client.auth.authenticated && session && typeof session.id === 'string' ? { type: 'session', session: { ...session } } : { type: 'anonymous' }
  }, [client])

  const report = useCallback((request: Omit<AskedRequest['request'], 'auth'>, result: LiveResult<unknown>, auth: DecideAuth) => {
    const answer = answerOf(result)
    if (answer) hooksRef.current.onAnswered?.({ request: { ...request, auth }, answer })
  }, [])

  const actions = useMemo(() => ({
    async connect(url: string) {
      const result = await client.connect(url)
      if (!result.ok) note('deny', `Could not connect to ${url}`)
      return result
    },
    disconnect: () => client.close(1000, 'Closed by the tester'),
    async authenticate(token: string | undefined, source: string) {
      const result = token === undefined ? await client.logout() : await client.authenticate({ token })
      if (!result.ok) {
        note('deny', `AUTH failed: ${result.error}`)
        return result
      }
      dispatch({ type: 'auth', auth: result.value, source: result.value.authenticated ? source : null })
      if (token === undefined) note('info', 'Logged out: the connection is anonymous')
      else if (result.value.authenticated) note('allow', `Authenticated as ${String(result.value.session?.id ?? '?')} (${source})`)
      else note('deny', `AUTH answered: ${result.value.error ?? 'Authentication failed'} (the connection is anonymous)`)
      return result
    },
    async mount(component: string, props?: Record<string, unknown>, room?: string) {
      const auth = decideAuth()
      const result = await client.mount(component, props, room)
      sync()
      note(verb(result), result.ok ? `Mounted ${component} as ${result.value.componentId}` : `Mount ${component}: ${result.error}`)
      report({ component, kind: 'mount' }, result, auth)
      return result
    },
    async unmount(componentId: string) {
      const result = await client.unmount(componentId)
      sync()
      return result
    },
    async callAction(componentId: string, component: string, action: string, payload: unknown) {
      const auth = decideAuth()
      const result = await client.callAction(componentId, action, payload)
      note(verb(result), result.ok ? `${component}.${action} → ${JSON.stringify(result.value) ?? 'no result'}` : `${component}.${action}: ${result.error}`)
      report({ component, kind: 'action', action, ...(payload !== undefined && { payload }) }, result, auth)
      return result
    },
    async updateProperty(componentId: string, component: string, property: string, value: unknown) {
      const auth = decideAuth()
      const result = await client.updateProperty(componentId, property, value)
      note(verb(result), result.ok ? `${component}.${property} updated` : `PROPERTY_UPDATE ${property}: ${result.error}`)
      report({ component, kind: 'property', property, value }, result, auth)
      return result
    },
    async joinRoom(componentId: string, component: string, roomId: string) {
      const auth = decideAuth()
      const result = await client.joinRoom(componentId, roomId)
      note(verb(result), result.ok ? `Joined room ${roomId}` : `Join ${roomId}: ${result.error}`)
      report({ component, kind: 'room', roomId }, result, auth)
      return result
    },
    async leaveRoom(componentId: string, roomId: string) {
      const result = await client.leaveRoom(componentId, roomId)
      note(verb(result), result.ok ? `Left room ${roomId}` : `Leave ${roomId}: ${result.error}`)
      return result
    },
    emitRoom(componentId: string, roomId: string, event: string, data: unknown) {
      const sent = client.emitRoom(componentId, roomId, event, data)
      note(sent ? 'info' : 'deny', sent ? `Emitted “${event}” in ${roomId}` : 'Not connected')
      return sent
    },
    clearFrames: () => dispatch({ type: 'clear-frames' }),
  }), [client, note, sync, decideAuth, report])

  return { view, actions }
}

export type LiveConnectionActions = ReturnType<typeof useLiveConnection>['actions']
