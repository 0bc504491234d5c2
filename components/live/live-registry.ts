/**
 * Every live tester connection of this browser tab, owned by the studio shell
 * (live-provider.tsx) rather than by the /live page, so connections, their
 * frames and their traces survive moving between pages. Closing one stays
 * explicit. Also routes the inspector stream's decisions to the connection
 * that caused them, and asks for the studio's prediction of an external
 * server's answers. No React here.
 */
import type { Agreement } from '@/components/trace/compare'
import { compareAnswer } from '@/components/trace/compare'
import { parseInspectorData } from '@/components/trace/trace-record'
import type { TraceEntry } from '@/components/trace/trace-format'
import type { DecideRequest, DecideResponse } from '@/lib/api/decide'
import type { ApiResult } from '@/lib/api/call'
import type { AutopilotDeps } from './autopilot'
import type { LiveOpenRequest } from './autopilot-model'
import { InspectorFeed, type EventSourceLike, type StreamState } from './inspector-feed'
import { parsePrefill } from './live-url'
import { LiveSession, type SessionDeps } from './live-session'
import type { AskedRequest } from './session-actions'
import type { PredictWith } from './prediction-source'

export interface RegistryDeps extends Omit<SessionDeps, 'onConnectionId' | 'onExternalAnswer' | 'autopilot'> {
  readonly autopilot: Omit<AutopilotDeps, 'streamReady'>
  readonly openStream: () => EventSourceLike | undefined
  readonly predict: (request: DecideRequest, draftFiles?: Readonly<Record<string, string>>) => Promise<ApiResult<DecideResponse>>
  /** The unsaved draft in Rules, when there is one. */
  readonly draftFiles: () => Promise<Readonly<Record<string, string>> | undefined>
  readonly now?: () => number
}

export interface RegistrySnapshot {
  readonly sessions: readonly LiveSession[]
  /** Connections whose socket is open, and those opening. */
  readonly open: number
  readonly connecting: number
  readonly stream: StreamState
  readonly predictWith: PredictWith
  /** Predicted-vs-observed results over every connection's trace. */
  readonly agreements: readonly Agreement['status'][]
  /** A session the page should scroll to and focus (opened from a link), until it says it did. */
  readonly focus: number | null
}

/** Decisions whose connection is not known yet wait this long for its CONNECTION_ESTABLISHED. */
const UNROUTED_MS = 5000
const UNROUTED_MAX = 50

export class LiveRegistry {
  private readonly deps: RegistryDeps
  private readonly byConnection = new Map<string, LiveSession>()
  private readonly unrouted: Array<{ readonly at: number; readonly connectionId: string; readonly entry: TraceEntry }> = []
  private readonly listeners = new Set<() => void>()
  private readonly feed: InspectorFeed
  private readonly sessionOffs = new Map<LiveSession, () => void>()
  private nextKey = 1
  private pages = 0
  private lastLink: string | null = null
  private snapshot: RegistrySnapshot = { sessions: [], open: 0, connecting: 0, stream: 'off', predictWith: 'saved', agreements: [], focus: null }

  constructor(deps: RegistryDeps, options: { readonly initialSessions?: number } = {}) {
    this.deps = deps
    this.feed = new InspectorFeed(deps.openStream, (data) => this.onDecision(data), () => this.refresh())
    for (let i = 0; i < (options.initialSessions ?? 1); i++) this.add()
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  readonly getSnapshot = (): RegistrySnapshot => this.snapshot

  session(key: number): LiveSession | undefined {
    return this.snapshot.sessions.find((s) => s.key === key)
  }

  add(): LiveSession {
    const key = this.nextKey++
    const session = new LiveSession(key, `#${key}`, {
      createClient: this.deps.createClient,
      isBuiltIn: this.deps.isBuiltIn,
      workspaceVersion: this.deps.workspaceVersion,
      onConnectionId: (s, id) => this.route(s, id),
      onExternalAnswer: (s, asked) => void this.predictFor(s, asked),
      autopilot: { ...this.deps.autopilot, streamReady: () => this.feed.ready() },
    })
    this.sessionOffs.set(session, session.subscribe(() => this.refresh()))
    this.refresh({ sessions: [...this.snapshot.sessions, session] })
    return session
  }

  /** Closes the connection's socket and forgets it with its log and traces. */
  remove(key: number): void {
    const session = this.session(key)
    if (!session) return
    this.sessionOffs.get(session)?.()
    this.sessionOffs.delete(session)
    for (const [id, s] of this.byConnection) if (s === session) this.byConnection.delete(id)
    session.remove()
    this.refresh({ sessions: this.snapshot.sessions.filter((s) => s !== session), focus: this.snapshot.focus === key ? null : this.snapshot.focus })
  }

  /**
   * "Open in live tester": an untouched connection takes the request (else a
   * new one is added), then connects, authenticates and mounts by itself.
   */
  open(request: LiveOpenRequest): LiveSession {
    const session = this.snapshot.sessions.find((s) => s.untouched) ?? this.add()
    this.refresh({ focus: session.key })
    void session.startAutopilot(request)
    return session
  }

  /**
   * The /live page's query (`?persona&component&action&payload`): opens it
   * once. True when this call opened it (the page then drops the query).
   * The same query twice in a row counts once (React runs effects twice in
   * development); a query-less visit in between resets that.
   */
  openFromQuery(search: string): boolean {
    const prefill = parsePrefill(search)
    if (prefill === undefined) {
      this.lastLink = null
      return false
    }
    if (search === this.lastLink) return false
    this.lastLink = search
    this.open({ ...prefill, origin: 'a link' })
    return true
  }

  /** The page scrolled to the session it was asked to show. */
  focused(key: number): void {
    if (this.snapshot.focus === key) this.refresh({ focus: null })
  }

  setPredictWith(predictWith: PredictWith): void {
    this.refresh({ predictWith })
  }

  /** The /live page keeps the inspector stream open while it is shown. */
  retainPage(): () => void {
    this.pages++
    this.refresh()
    let released = false
    return () => {
      if (released) return
      released = true
      this.pages--
      this.refresh()
    }
  }

  /** Closes every socket (the shell is going away); sessions stay, closed. */
  closeAll(): void {
    for (const s of this.snapshot.sessions) s.close('Studio closed')
    this.feed.want(false)
  }

  // --- internals --------------------------------------------------------------------------------

  private route(session: LiveSession, connectionId: string): void {
    for (const [id, s] of this.byConnection) if (s === session) this.byConnection.delete(id)
    this.byConnection.set(connectionId, session)
    const now = this.now()
    for (let i = this.unrouted.length - 1; i >= 0; i--) {
      const held = this.unrouted[i]
      if (!held) continue
      if (now - held.at > UNROUTED_MS) this.unrouted.splice(i, 1)
      else if (held.connectionId === connectionId) {
        this.unrouted.splice(i, 1)
        session.addTrace({ ...held.entry, meta: { ...held.entry.meta, connection: session.label } })
      }
    }
  }

  private onDecision(data: string): void {
    const parsed = parseInspectorData(data)
    if (!parsed || parsed.connectionId === undefined) return
    const session = this.byConnection.get(parsed.connectionId)
    if (session && !session.getSnapshot().external) {
      session.addTrace({ ...parsed.entry, meta: { ...parsed.entry.meta, connection: session.label } })
      return
    }
    // Possibly one of ours whose CONNECTION_ESTABLISHED is still on its way: held for a moment.
    if (!session) {
      this.unrouted.push({ at: this.now(), connectionId: parsed.connectionId, entry: parsed.entry })
      if (this.unrouted.length > UNROUTED_MAX) this.unrouted.shift()
    }
  }

  private async predictFor(session: LiveSession, asked: AskedRequest): Promise<void> {
    const source = this.snapshot.predictWith
    const draft = source === 'draft' ? await this.deps.draftFiles() : undefined
    const res = await this.deps.predict(asked.request, draft)
    const { request } = asked
    if (!res.ok) return session.setPredictionError(`No prediction for ${request.component}: ${res.error}`)
    session.setPredictionError(null)
    const action = request.action ?? request.property ?? request.roomId
    const at = this.now()
    session.addTrace({
      key: `pred-${at}-${Math.random().toString(36).slice(2, 8)}`,
      at,
      decision: res.value.decision,
      meta: { component: request.component, ...(action !== undefined && { action }), connection: session.label },
      comparison: { answer: asked.answer, agreement: compareAnswer(asked.answer, res.value.decision), source: res.value.source },
    })
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  /** Recomputes what the shell shows; notifies only when something it shows changed. */
  private refresh(patch: Partial<RegistrySnapshot> = {}): void {
    const sessions = patch.sessions ?? this.snapshot.sessions
    const snaps = sessions.map((s) => s.getSnapshot())
    const open = snaps.filter((s) => s.view.status === 'open').length
    const connecting = snaps.filter((s) => s.view.status === 'connecting').length
    const agreements = snaps.flatMap((s) => s.traces.flatMap((t) => (t.comparison ? [t.comparison.agreement.status] : [])))
    const next: RegistrySnapshot = { ...this.snapshot, ...patch, sessions, open, connecting, stream: this.feed.state, agreements }
    const changed = !sameSnapshot(next, this.snapshot)
    if (changed) this.snapshot = next
    // The stream is wanted while the page shows or a connection to the built-in server is in use
    // (opening or closing it comes back here with its new state).
    this.feed.want(this.pages > 0 || snaps.some((s) => !s.external && (s.view.status === 'open' || s.view.status === 'connecting')))
    if (changed) this.listeners.forEach((listener) => listener())
  }
}

function sameSnapshot(a: RegistrySnapshot, b: RegistrySnapshot): boolean {
  return (
    a.sessions === b.sessions &&
    a.open === b.open &&
    a.connecting === b.connecting &&
    a.stream === b.stream &&
    a.predictWith === b.predictWith &&
    a.focus === b.focus &&
    a.agreements.length === b.agreements.length &&
    a.agreements.every((x, i) => x === b.agreements[i])
  )
}
