/**
 * What one tester connection shows, as a pure reducer over LiveClient events
 * (the connection that feeds it is live-session.ts).
 */
import type { ClientAuthState, ConnectionStatus, DeniedMount, FrameLogEntry, MountedComponent } from '@/lib/live/client'
import { appendFrame, type FrameRow } from './frame-log-model'

export type ActivityTone = 'allow' | 'deny' | 'info'

/** One line of the connection's activity feed (answers, re-mounts, errors). */
export interface Activity {
  readonly id: number
  readonly at: number
  readonly tone: ActivityTone
  readonly text: string
}

export type RemountPhase = 'started' | 'succeeded' | 'failed'

export interface ConnectionView {
  readonly status: ConnectionStatus
  readonly closeCode?: number
  readonly closeReason?: string
  readonly connectionId: string | null
  readonly auth: ClientAuthState
  /** How the current auth was obtained, e.g. 'persona admin', 'pasted token'. */
  readonly authSource: string | null
  readonly components: readonly MountedComponent[]
  readonly denied: readonly DeniedMount[]
  /** Mount handle -> where its automatic re-mount after login is. */
  readonly remounts: Readonly<Record<string, RemountPhase>>
  readonly activity: readonly Activity[]
  readonly frames: readonly FrameRow[]
  readonly seq: number
}

export const MAX_ACTIVITY = 100

export const initialView: ConnectionView = {
  status: 'idle',
  connectionId: null,
  auth: { authenticated: false, session: null },
  authSource: null,
  components: [],
  denied: [],
  remounts: {},
  activity: [],
  frames: [],
  seq: 0,
}

export type ViewAction =
  | { readonly type: 'status'; readonly status: ConnectionStatus; readonly code?: number; readonly reason?: string }
  | { readonly type: 'established'; readonly connectionId: string }
  | { readonly type: 'auth'; readonly auth: ClientAuthState; readonly source?: string | null }
  | { readonly type: 'components'; readonly components: readonly MountedComponent[]; readonly denied: readonly DeniedMount[] }
  | { readonly type: 'remount'; readonly handle: string; readonly phase: RemountPhase }
  | { readonly type: 'activity'; readonly at: number; readonly tone: ActivityTone; readonly text: string }
  | { readonly type: 'frame'; readonly entry: FrameLogEntry }
  | { readonly type: 'clear-frames' }

export function connectionReducer(view: ConnectionView, action: ViewAction): ConnectionView {
  switch (action.type) {
    case 'status': {
      if (action.status === 'connecting') return { ...initialView, frames: view.frames, activity: view.activity, seq: view.seq, status: 'connecting' }
      const { closeCode: _c, closeReason: _r, ...rest } = view
      const closed = action.status === 'closed'
      return {
        ...rest,
        status: action.status,
        ...(closed && action.code !== undefined && { closeCode: action.code }),
        ...(closed && action.reason !== undefined && { closeReason: action.reason }),
        ...(closed && { connectionId: null, components: [], denied: [], auth: initialView.auth, authSource: null }),
      }
    }
    case 'established':
      return { ...view, connectionId: action.connectionId }
    case 'auth':
      return {
        ...view,
        auth: action.auth,
        authSource: !action.auth.authenticated ? null : action.source !== undefined ? action.source : view.authSource,
      }
    case 'components':
      return { ...view, components: action.components, denied: action.denied }
    case 'remount':
      return { ...view, remounts: { ...view.remounts, [action.handle]: action.phase } }
    case 'activity': {
      const seq = view.seq + 1
      const entry: Activity = { id: seq, at: action.at, tone: action.tone, text: action.text }
      return { ...view, seq, activity: [entry, ...view.activity].slice(0, MAX_ACTIVITY) }
    }
    case 'frame': {
      const seq = view.seq + 1
      return { ...view, seq, frames: appendFrame(view.frames, action.entry, seq) }
    }
    case 'clear-frames':
      return { ...view, frames: [] }
  }
}

/** The note a mounted component card shows about its automatic re-mount, if any. */
export function remountNote(phase: RemountPhase | undefined): string | undefined {
  if (phase === 'started') return 'Re-mounting after login…'
  if (phase === 'succeeded') return 'Re-mounted after login'
  if (phase === 'failed') return 'Re-mount after login failed'
  return undefined
}
