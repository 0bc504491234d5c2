/**
 * One tester connection, outside React: a LiveClient, the view its events
 * reduce to (connection-model.ts), its own decision traces and the
 * "Open in live tester" steps run on it. It lives in the studio shell's
 * registry, so it survives moving between pages; React reads it with
 * useSyncExternalStore (live-provider.tsx).
 */
import type { LiveClient } from '@/lib/live/client'
import type { TraceEntry } from '@/components/trace/trace-format'
import { runAutopilot, type AutopilotDeps } from './autopilot'
import { retryStep, retryView, startView, withStep, type AutopilotView, type LiveOpenRequest, type StepId } from './autopilot-model'
import { explainClose } from './close-codes'
import { connectionReducer, initialView, type ActivityTone, type ConnectionView, type ViewAction } from './connection-model'
import { sessionActions, type AskedRequest, type LiveConnectionActions } from './session-actions'

/** Decisions kept per connection, newest first. */
export const MAX_TRACES = 300

export interface SessionSnapshot {
  readonly view: ConnectionView
  readonly traces: readonly TraceEntry[]
  /** The URL of the current or last socket; null before the first connect. */
  readonly url: string | null
  /** The current or last socket goes to a server other than the studio's own. */
  readonly external: boolean
  /** The persona last authenticated as, and the component last mounted: the forms start with them. */
  readonly lastPersona: string | undefined
  readonly lastComponent: string | undefined
  /** Workspace version current when each mounted component (by id) appeared. */
  readonly mountedVersions: Readonly<Record<string, number>>
  readonly autopilot: AutopilotView | null
  readonly predictionError: string | null
}

export interface SessionDeps {
  readonly createClient: () => LiveClient
  readonly isBuiltIn: (url: string) => boolean
  /** The connection's id from CONNECTION_ESTABLISHED (decisions on the inspector stream carry it). */
  readonly onConnectionId: (session: LiveSession, connectionId: string) => void
  /** Every answered request on an external server, for the studio's prediction. */
  readonly onExternalAnswer: (session: LiveSession, asked: AskedRequest) => void
  readonly workspaceVersion: () => Promise<number | undefined>
  readonly autopilot: AutopilotDeps
}

export class LiveSession {
  private readonly client: LiveClient
  /** What the panel does on this connection. */
  readonly actions: LiveConnectionActions
  private snapshot: SessionSnapshot = {
    view: initialView,
    traces: [],
    url: null,
    external: false,
    lastPersona: undefined,
    lastComponent: undefined,
    mountedVersions: {},
    autopilot: null,
    predictionError: null,
  }
  private readonly listeners = new Set<() => void>()
  private readonly offs: Array<() => void>
  private readonly versionAsked = new Set<string>()
  private removed = false

  constructor(
    readonly key: number,
    readonly label: string,
    private readonly deps: SessionDeps,
  ) {
    const client = deps.createClient()
    this.client = client
    this.actions = sessionActions({
      client,
      connecting: (url) => this.update({ url, external: !deps.isBuiltIn(url), predictionError: null }),
      note: (tone, text) => this.note(tone, text),
      dispatch: (action) => this.dispatch(action),
      remember: (what, name) => this.update(what === 'persona' ? { lastPersona: name } : { lastComponent: name }),
      sync: () => this.sync(),
      answered: (asked) => {
        if (this.snapshot.external) deps.onExternalAnswer(this, asked)
      },
      clearTraces: () => this.update({ traces: [] }),
    })
    this.offs = [
      client.on('status', (e) => this.dispatch({ type: 'status', status: e.status, ...(e.code !== undefined && { code: e.code }), ...(e.reason !== undefined && { reason: e.reason }) })),
      client.on('established', ({ connectionId }) => {
        this.dispatch({ type: 'established', connectionId })
        deps.onConnectionId(this, connectionId)
      }),
      client.on('frame', (entry) => this.dispatch({ type: 'frame', entry })),
      client.on('auth', (auth) => this.dispatch({ type: 'auth', auth })),
      client.on('state', () => this.sync()),
      client.on('unmounted', () => this.sync()),
      client.on('remount', (e) => {
        this.dispatch({ type: 'remount', handle: e.handle, phase: e.phase })
        if (e.phase === 'succeeded') this.note('allow', `${e.component} re-mounted automatically after login`)
        if (e.phase === 'failed') this.note('deny', `${e.component} re-mount after login failed: ${e.error ?? 'unknown error'}`)
        this.sync()
      }),
      client.on('error', (e) => this.note('deny', `${e.componentId ? `${e.componentId}: ` : ''}${e.error}`)),
      client.on('room-event', (m) => this.note('info', `Room ${m.roomId}: event “${m.event}”`)),
    ]
  }

  // --- store side (useSyncExternalStore) -------------------------------------------------------

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  readonly getSnapshot = (): SessionSnapshot => this.snapshot

  /** The socket's id from CONNECTION_ESTABLISHED, while open. */
  get connectionId(): string | null {
    return this.snapshot.view.connectionId
  }

  /** A session nobody has used yet: a link can take it over instead of adding another. */
  get untouched(): boolean {
    const s = this.snapshot
    return s.view.status === 'idle' && s.url === null && s.view.frames.length === 0 && s.traces.length === 0 && s.autopilot === null
  }

  addTrace(entry: TraceEntry): void {
    this.update({ traces: [entry, ...this.snapshot.traces].slice(0, MAX_TRACES) })
  }

  setPredictionError(error: string | null): void {
    if (error !== this.snapshot.predictionError) this.update({ predictionError: error })
  }

  /** Closes the socket (code 1000) and stops every run; the session is gone for good. */
  remove(): void {
    this.removed = true
    this.client.close(1000, 'Connection removed in the tester')
    this.offs.forEach((off) => off())
    this.listeners.clear()
  }

  /** Closes the socket, keeping the session, its log and traces. */
  close(reason: string): void {
    this.client.close(1000, reason)
  }

  // --- "Open in live tester" -------------------------------------------------------------------

  /** Connects, authenticates and mounts as `request` asks; each step shows in the snapshot. */
  startAutopilot(request: LiveOpenRequest): Promise<void> {
    return this.runFrom(startView(request, this.snapshot.autopilot?.run ?? 0), 'connect')
  }

  /** Runs again from the step that failed or was denied. */
  retryAutopilot(): Promise<void> {
    const view = this.snapshot.autopilot
    const from = view ? retryStep(view) : undefined
    if (!view || from === undefined) return Promise.resolve()
    return this.runFrom(retryView(view, from), from)
  }

  dismissAutopilot(): void {
    const view = this.snapshot.autopilot
    // A new run number stops a run still going.
    if (view) this.update({ autopilot: null })
  }

  private runFrom(view: AutopilotView, from: StepId): Promise<void> {
    this.update({ autopilot: view })
    const run = view.run
    const stale = () => this.removed || this.snapshot.autopilot?.run !== run
    const target = {
      status: () => this.client.status,
      closeExplanation: () => explainClose(this.snapshot.view.closeCode, this.snapshot.view.closeReason),
      connect: (url: string) => this.actions.connect(url),
      authenticate: (token: string | undefined, source: string, persona?: string) => this.actions.authenticate(token, source, persona),
      mount: (component: string) => this.actions.mount(component),
    }
    return runAutopilot(target, view.request, this.deps.autopilot, (id, status, detail) => {
      const current = this.snapshot.autopilot
      if (current && current.run === run) this.update({ autopilot: withStep(current, id, status, detail) })
    }, stale, from)
  }

  // --- internals --------------------------------------------------------------------------------

  private sync(): void {
    const components = this.client.components()
    this.dispatch({ type: 'components', components, denied: this.client.deniedMounts() })
    for (const { componentId } of components) {
      if (this.versionAsked.has(componentId)) continue
      this.versionAsked.add(componentId)
      // The version current when the component appeared: the card says when a newer one is saved.
      void this.deps.workspaceVersion().then((version) => {
        if (version !== undefined && !this.removed) this.update({ mountedVersions: { ...this.snapshot.mountedVersions, [componentId]: version } })
      })
    }
  }

  private note(tone: ActivityTone, text: string): void {
    this.dispatch({ type: 'activity', at: Date.now(), tone, text })
  }

  private dispatch(action: ViewAction): void {
    this.update({ view: connectionReducer(this.snapshot.view, action) })
  }

  private update(patch: Partial<SessionSnapshot>): void {
    if (this.removed) return
    this.snapshot = { ...this.snapshot, ...patch }
    this.listeners.forEach((listener) => listener())
  }
}

