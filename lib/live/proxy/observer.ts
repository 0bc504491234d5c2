/**
 * Rebuilds, from the frames of one proxied connection, each request the client
 * made that an upstream FluxStack Live server decides (AUTH, mount,
 * re-hydration, action, property update, room join / emit / state write) and
 * the answer it got. Answers are matched by `requestId`; a request the library
 * answers only on failure (an action without `expectResponse`, a room emit or
 * state write) counts as allowed when no failure arrives within the window.
 * Pure bookkeeping: the caller turns each finished exchange into a decision.
 */
import { MAX_JSON_DEPTH, textDeeperThan } from '../../json/text-depth'

export type ObservedRequest =
  | { readonly kind: 'auth'; readonly credentials: Readonly<Record<string, unknown>> }
  | { readonly kind: 'mount'; readonly component: string; readonly props?: unknown; readonly room?: string }
  | { readonly kind: 'rehydrate'; readonly component: string; readonly room?: string }
  | { readonly kind: 'action'; readonly componentId: string; readonly component?: string; readonly action: string; readonly payload?: unknown }
  | { readonly kind: 'property'; readonly componentId: string; readonly component?: string; readonly property: string; readonly value: unknown }
  | { readonly kind: 'room'; readonly op: 'join' | 'emit' | 'state'; readonly componentId: string; readonly component?: string; readonly roomId: string; readonly payload?: unknown }

export type ObservedReply =
  | { readonly ok: true; readonly inferred?: true }
  | { readonly ok: false; readonly error: string }

export interface Exchange {
  readonly request: ObservedRequest
  readonly reply: ObservedReply
  /** Epoch ms of the request. */
  readonly at: number
  /** What `onRequest` returned when the request was seen (the session it was made in, say). */
  readonly tag: unknown
}

interface Pending {
  readonly request: ObservedRequest
  readonly at: number
  readonly tag: unknown
  /** Allowed unless a failure arrives (the library answers these only on failure). */
  readonly silentOk: boolean
  readonly requestId: string | undefined
}

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

export interface ObserverOptions {
  readonly emit: (exchange: Exchange) => void
  readonly onRequest?: (request: ObservedRequest) => unknown
  readonly onLeave?: (componentId: string, roomId: string) => void
  /** A mount or re-hydration with `payload.room` succeeded: the library joined the new component to that room. */
  readonly onJoin?: (componentId: string, roomId: string) => void
  /** A component was unmounted by the client (its room memberships end). */
  readonly onUnmount?: (componentId: string) => void
  /** A request was refused before any rule ran (its tag, as onRequest returned it): not a decision. */
  readonly onRefused?: (tag: unknown) => void
  readonly now?: () => number
  /** Requests one connection may have waiting for an answer; past it the oldest is settled as unanswered. */
  readonly maxWaiting?: number
}

/** Requests waiting per connection by default: an app waits for a handful; a flood cannot grow memory. */
export const MAX_WAITING = 256
/** Client frames larger than this are passed on but not observed (their payload would not be logged whole anyway). */
export const MAX_OBSERVED_FRAME_CHARS = 64 * 1024

/** Frames that answer a request sent without requestId (matched to it by componentId). */
const ANSWER_TYPES = new Set(['ACTION_RESPONSE', 'MESSAGE_RESPONSE', 'ERROR', 'ROOM_JOINED'])

/** Answers the library gives before any auth rule runs (fluxstack-live@d8538f75: validation, state signature). */
const BEFORE_DECISION = [
  /^Invalid message/, /^JSON nesting too deep/, /^Invalid state signature/, /^Invalid signature$/, /^State expired$/, /^Component class mismatch/, /^Message too large/,
  /^Unknown message type/, /^Server busy/,
]

/** Milliseconds after which an unanswered request is settled (silent ones as allowed). */
export const ANSWER_WINDOW_MS = 5000

export class ExchangeObserver {
  private readonly pending = new Map<string, Pending>()
  private readonly anonymous: Pending[] = []
  /** componentId -> component name, from mount and re-hydration answers. */
  private readonly components = new Map<string, string>()
  /** Requests refused before any decision (the library's rate limit): not decisions, counted apart. */
  refusedBeforeDecision = 0

  private readonly emit: (exchange: Exchange) => void
  private readonly onRequest: (request: ObservedRequest) => unknown
  private readonly onLeave: (componentId: string, roomId: string) => void
  private readonly onJoin: (componentId: string, roomId: string) => void
  private readonly onUnmount: (componentId: string) => void
  private readonly onRefused: (tag: unknown) => void
  private readonly now: () => number
  private readonly maxWaiting: number
  /** Client frames passed on without being observed (too large, or too deep to be a valid message). */
  unobserved = 0
  /** Requests that never got an answer (the connection closed, or too many were waiting): not decisions. */
  unanswered = 0

  /**
   * `emit` gets each finished exchange; `onRequest` is told of each request as it is
   * seen, in the client's order, and what it returns travels with the exchange;
   * `onLeave` hears of ROOM_LEAVE (no answer, no decision, but membership changes).
   */
  constructor(options: ObserverOptions) {
    this.emit = options.emit
    this.onRequest = options.onRequest ?? (() => undefined)
    this.onLeave = options.onLeave ?? (() => undefined)
    this.onJoin = options.onJoin ?? (() => undefined)
    this.onUnmount = options.onUnmount ?? (() => undefined)
    this.onRefused = options.onRefused ?? (() => undefined)
    this.now = options.now ?? Date.now
    this.maxWaiting = options.maxWaiting ?? MAX_WAITING
  }

  /** Requests seen so far (each ends as one exchange). */
  requests = 0

  /** A text frame the client sent. */
  fromClient(text: string): void {
    // The library refuses a frame nested too deep before deciding anything (and its payload must not reach the log);
    // a very large one is passed on but not kept in memory while it waits for its answer.
    if (text.length > MAX_OBSERVED_FRAME_CHARS || textDeeperThan(text, MAX_JSON_DEPTH)) {
      this.unobserved++
      return
    }
    let m: unknown
    try {
      m = JSON.parse(text)
    } catch {
      return
    }
    if (!isRecord(m)) return
    if (m.type === 'ROOM_LEAVE' && typeof m.componentId === 'string' && typeof m.roomId === 'string') return this.onLeave(m.componentId, m.roomId)
    if (m.type === 'COMPONENT_UNMOUNT' && typeof m.componentId === 'string') {
      this.components.delete(m.componentId)
      this.onUnmount(m.componentId)
      return
    }
    const request = this.requestOf(m)
    if (!request) return
    this.requests++
    const requestId = str(m.requestId)
    const silentOk = (request.kind === 'action' && m.expectResponse !== true) || (request.kind === 'room' && request.op !== 'join')
    const pending: Pending = { request, at: this.now(), silentOk, requestId, tag: this.onRequest(request) }
    if (requestId !== undefined && !this.pending.has(requestId)) this.pending.set(requestId, pending)
    else this.anonymous.push(pending)
    if (this.waiting > this.maxWaiting) this.evictOldest()
  }

  private requestOf(m: Json): ObservedRequest | undefined {
    const payload = isRecord(m.payload) ? m.payload : undefined
    const componentId = str(m.componentId)
    switch (m.type) {
      case 'AUTH':
        return { kind: 'auth', credentials: payload ?? {} }
      case 'COMPONENT_MOUNT': {
        const component = str(payload?.component)
        if (component === undefined) return undefined
        return { kind: 'mount', component, ...(payload?.props !== undefined ? { props: payload.props } : {}), ...(typeof payload?.room === 'string' ? { room: payload.room } : {}) }
      }
      case 'COMPONENT_REHYDRATE': {
        const component = str(payload?.component)
        return component === undefined ? undefined : { kind: 'rehydrate', component, ...(typeof payload?.room === 'string' ? { room: payload.room } : {}) }
      }
      case 'CALL_ACTION': {
        const action = str(m.action)
        if (componentId === undefined || action === undefined) return undefined
        return { kind: 'action', componentId, action, ...this.named(componentId), ...(m.payload !== undefined ? { payload: m.payload } : {}) }
      }
      case 'PROPERTY_UPDATE': {
        const property = str(m.property)
        if (componentId === undefined || property === undefined) return undefined
        return { kind: 'property', componentId, property, value: payload?.value, ...this.named(componentId) }
      }
      case 'ROOM_JOIN': case 'ROOM_EMIT': case 'ROOM_STATE_SET': {
        const roomId = str(m.roomId)
        if (componentId === undefined || roomId === undefined) return undefined
        const op = m.type === 'ROOM_JOIN' ? 'join' : m.type === 'ROOM_EMIT' ? 'emit' : 'state'
        return { kind: 'room', op, componentId, roomId, ...this.named(componentId), ...(m.payload !== undefined ? { payload: m.payload } : {}) }
      }
      default:
        return undefined
    }
  }

  private named(componentId: string): { component?: string } {
    const name = this.components.get(componentId)
    return name === undefined ? {} : { component: name }
  }

  /** Can this upstream frame (text or its bytes) answer anything waiting? Cheap: no decoding. */
  mayAnswer(frame: string | Buffer): boolean {
    if (this.pending.size === 0 && this.anonymous.length === 0) return false
    return this.anonymous.length > 0 || frame.includes('"requestId"') || frame.includes('Rate limit exceeded')
  }

  /** A text frame the upstream sent (one message, or the library's batch of several). */
  fromUpstream(text: string): void {
    if (!this.mayAnswer(text)) return
    let m: unknown
    try {
      m = JSON.parse(text)
    } catch {
      return
    }
    for (const frame of Array.isArray(m) ? m : [m]) if (isRecord(frame)) this.answer(frame)
  }

  private answer(f: Json): void {
    const requestId = str(f.requestId)
    let pending: Pending | undefined
    if (requestId === undefined) {
      // The library's rate-limit refusal carries no requestId: the oldest waiting request was refused.
      if (f.type === 'ERROR' && f.error === 'Rate limit exceeded') {
        const oldest = this.pending.entries().next()
        const refused = !oldest.done ? oldest.value[1] : this.anonymous.shift()
        if (!oldest.done) this.pending.delete(oldest.value[0])
        if (refused) {
          this.refusedBeforeDecision++
          this.onRefused(refused.tag)
        }
        return
      }
      // A request sent without requestId is answered without one: the oldest such request of that component.
      const componentId = str(f.componentId)
      if (componentId === undefined || !ANSWER_TYPES.has(String(f.type))) return
      // The library's component ERROR {payload:{action, error}} comes beside the ACTION_RESPONSE, which is the answer.
      if (f.type === 'ERROR' && isRecord(f.payload) && f.payload.action !== undefined) return
      const i = this.anonymous.findIndex((p) => 'componentId' in p.request && p.request.componentId === componentId)
      if (i < 0) return
      pending = this.anonymous.splice(i, 1)[0]
    } else {
      pending = this.pending.get(requestId)
      if (!pending) return
      this.pending.delete(requestId)
    }
    if (!pending) return
    const { request } = pending
    const ok = f.success === true || f.type === 'ROOM_JOINED'
    const refusal = !ok ? str(f.error) ?? (isRecord(f.payload) ? str(f.payload.error) : undefined) : undefined
    if (refusal !== undefined && BEFORE_DECISION.some((re) => re.test(refusal))) {
      // Refused by validation (or a broken signature) before any auth rule ran: not a decision.
      this.refusedBeforeDecision++
      this.onRefused(pending.tag)
      return
    }
    if (ok && (request.kind === 'mount' || request.kind === 'rehydrate')) {
      const id = isRecord(f.result) ? str(request.kind === 'mount' ? f.result.componentId : f.result.newComponentId) : undefined
      if (id !== undefined) this.components.set(id, request.component)
      if (id !== undefined && request.room !== undefined) this.onJoin(id, request.room)
    }
    if (request.kind === 'auth' && f.type === 'AUTH_RESPONSE' && !ok) {
      this.emit({ request, at: pending.at, tag: pending.tag, reply: { ok: false, error: 'Authentication failed' } })
      return
    }
    const error = str(f.error) ?? (isRecord(f.payload) ? str(f.payload.error) : undefined) ?? 'undefined'
    this.emit({ request, at: pending.at, tag: pending.tag, reply: ok ? { ok: true } : { ok: false, error } })
  }

  /** Settles requests whose answer window has passed; call it every second or so. */
  sweep(): void {
    // Only requests the library answers on failure alone settle by time (as allowed); the others wait for their
    // answer however slow it is (a late mount answer still names its component), up to the waiting cap.
    const cutoff = this.now() - ANSWER_WINDOW_MS
    for (const [id, p] of this.pending) {
      if (!p.silentOk || p.at > cutoff) continue
      this.pending.delete(id)
      this.settle(p)
    }
    if (this.anonymous.some((p) => p.silentOk && p.at <= cutoff)) {
      const keep: Pending[] = []
      for (const p of this.anonymous) {
        if (p.silentOk && p.at <= cutoff) this.settle(p)
        else keep.push(p)
      }
      this.anonymous.splice(0, this.anonymous.length, ...keep)
    }
  }

  /** Too many waiting: the oldest is settled now (allowed if silent, else unanswered). */
  private evictOldest(): void {
    const first = this.pending.entries().next()
    const anon = this.anonymous[0]
    if (!first.done && (anon === undefined || first.value[1].at <= anon.at)) {
      this.pending.delete(first.value[0])
      this.settle(first.value[1])
    } else if (anon !== undefined) {
      this.anonymous.shift()
      this.settle(anon)
    }
  }

  /** The connection ended: silent requests count as allowed; the others were never answered. */
  close(): void {
    for (const p of this.pending.values()) this.settle(p)
    for (const p of this.anonymous) this.settle(p)
    this.pending.clear()
    this.anonymous.length = 0
  }

  private settle(p: Pending): void {
    if (p.silentOk) return this.emit({ request: p.request, at: p.at, tag: p.tag, reply: { ok: true, inferred: true } })
    // Never answered: no verdict to log (an allow would skew the deny rate); counted apart.
    this.unanswered++
    this.onRefused(p.tag)
  }

  /** Requests still waiting for an answer. */
  get waiting(): number {
    return this.pending.size + this.anonymous.length
  }
}
