/**
 * What the served workspace decides for a request an upstream server answered:
 * the session from the connection's AUTH token through the workspace's keys and
 * providers (the user imports the app's verification key or JWKS in Keys), then
 * the same cascades the studio's own live server runs. The upstream's answer and
 * the prediction go into the decision log side by side, as one observed decision.
 */
import { anonymousContext, decideAction, decideMount, decideProperty, decideRoomJoin, snapshotOf, taggedContext, type Decision, type LiveAuthContext } from '../../auth'
import type { DecisionInput, ObservedAnswer } from '../../store/model/decision'
import { personasBySub } from '../../store/model/persona'
import { redactValue } from '../../store/redaction'
import type { SandboxLane } from '../../sandbox'
import { compareAnswer, looksDenied, predictedWireText, type Agreement } from '../answer-compare'
import { runAuth } from '../server/auth-flow'
import { workspaceKeys } from '../server/jwt-provider'
import type { LiveContext } from '../server/live-context'
import { resolveComponent } from '../server/mount-handler'
import { ROOM_NAME } from '../server/room-manager'
import type { Exchange, ObservedRequest } from './observer'

type Hosted = Awaited<ReturnType<LiveContext['host']['current']>>

/** The session a request was made in: the context the last AUTH before it produced (in the client's order). */
export interface SessionAtRequest {
  readonly ctx: Promise<LiveAuthContext>
  /** For an AUTH: the decision it made, and the session before it (restored when the upstream refuses it unread). */
  readonly auth?: Promise<Decision>
  readonly before?: Promise<LiveAuthContext>
  /**
   * A request sent while an AUTH was still unanswered: the library handles messages concurrently, so the
   * upstream may have decided it with this session (the one before that AUTH).
   */
  readonly previous?: Promise<LiveAuthContext>
  /** For a room emit or state write: the component was a member of the room when the request was sent. */
  readonly member?: boolean
}

/** Longest text kept per field of an observed row (component names, reasons, notes come from the client or the upstream). */
const MAX_TEXT = 300
function clip(text: string): string {
  const safe = redactValue(text, { valuesOnly: true }).value
  const t = typeof safe === 'string' ? safe : String(safe)
  return t.length <= MAX_TEXT ? t : `${t.slice(0, MAX_TEXT)}… (${t.length} characters)`
}

export interface PredictorOptions {
  readonly ctx: LiveContext
  /** The upstream's name: the decisions' source. */
  readonly source: string
  readonly connectionId: string
  /** Sandbox time of the predictions is charged to the proxied connection. */
  readonly lane?: SandboxLane
}

/** A prediction: the workspace's decision, and the client's text when it is not the usual wire text for that decision. */
interface Predicted {
  readonly decision: Decision
  readonly auth: LiveAuthContext
  readonly wireText?: string
}

const NOT_MEMBER = 'Not a member of this room'

function step(layer: string, outcome: 'pass' | 'deny', reason: string): Decision['trace'][number] {
  return { layer, outcome, reason, inputs: {}, durationUs: 0 }
}

function verdictOnly(kind: Decision['kind'], profile: Decision['profile'], layer: string, verdict: 'allow' | 'deny', reason: string): Decision {
  return {
    kind, verdict, profile, trace: [step(layer, verdict === 'allow' ? 'pass' : 'deny', reason)], durationUs: 0, sessionFieldsRead: [], warnings: [],
    ...(verdict === 'deny' ? { reason, decidedBy: layer } : {}),
  }
}

/** One proxied connection's predictions, in the order its requests were made. */
export class Predictor {
  private session: Promise<LiveAuthContext> = Promise.resolve(anonymousContext())
  /** componentId -> rooms it joined (from the upstream's ROOM_JOINED answers). */
  private readonly rooms = new Map<string, Set<string>>()
  private personas: { workspaceId: string; bySub: Promise<Map<string, string>> } | undefined
  /** AUTHs sent and not yet answered, and the session before the oldest of them. */
  private authsWaiting = 0
  private beforeAuths: Promise<LiveAuthContext> | undefined
  /** The last answered AUTH: the upstream and the workspace disagreed on the session it made. */
  private sessionDiffers = false

  constructor(private readonly options: PredictorOptions) {}

  /** Called as each request is seen: an AUTH starts a new session for what follows. */
  onRequest(request: ObservedRequest): SessionAtRequest {
    if (request.kind !== 'auth') {
      const member = request.kind === 'room' && request.op !== 'join' && this.rooms.get(request.componentId)?.has(request.roomId) === true
      return { ctx: this.session, ...(this.authsWaiting > 0 && this.beforeAuths ? { previous: this.beforeAuths } : {}), ...(member ? { member } : {}) }
    }
    if (this.authsWaiting++ === 0) this.beforeAuths = this.session
    const { ctx, lane } = this.options
    const outcome = ctx.host.current().then(async (hosted) => runAuth({
      credentials: request.credentials, hosted, keys: await workspaceKeys(ctx.store, hosted.workspaceId),
      nowMs: ctx.nowMs(), clock: () => ctx.clock(), ...(lane ? { lane } : {}),
    }))
    // Any AUTH replaces the session: a failed or empty one logs out (as the library's connection does).
    const before = this.session
    this.session = outcome.then((o) => (lane ? taggedContext(o.ctx, lane) : o.ctx), () => anonymousContext())
    return { ctx: this.session, auth: outcome.then((o) => o.decision), before }
  }

  /** A request the upstream refused before any rule, or never answered: an AUTH among them changed nothing. */
  refused(tag: unknown): void {
    const t = tag as SessionAtRequest | undefined
    if (!t?.before) return
    this.authAnswered()
    if (this.session === t.ctx) this.session = t.before
  }

  private authAnswered(): void {
    if (this.authsWaiting > 0) this.authsWaiting--
    if (this.authsWaiting === 0) this.beforeAuths = undefined
  }

  /** The current session is authenticated (as far as the workspace can tell): the budget rate to charge predictions at. */
  authenticated = false

  /** An exchange that was not predicted (budget, flood): still keeps room membership right. */
  skipped(exchange: Exchange): void {
    const { request, reply } = exchange
    if (request.kind === 'room' && request.op === 'join' && reply.ok) {
      let joined = this.rooms.get(request.componentId)
      if (!joined) this.rooms.set(request.componentId, (joined = new Set()))
      joined.add(request.roomId)
    }
  }

  /**
   * A mount or re-hydration with `payload.room` succeeded: the library's component joined that room as it
   * was built (ComponentRoomProxy; no authorizeRoom), unless the name is invalid (the join fails silently).
   */
  joinedAtMount(componentId: string, roomId: string): void {
    if (!ROOM_NAME.test(roomId)) return
    let joined = this.rooms.get(componentId)
    if (!joined) this.rooms.set(componentId, (joined = new Set()))
    joined.add(roomId)
  }

  /** The client unmounted a component: it is no longer in any room. */
  unmounted(componentId: string): void {
    this.rooms.delete(componentId)
  }

  /** ROOM_LEAVE from the client: the component is no longer a member. */
  left(componentId: string, roomId: string): void {
    this.rooms.get(componentId)?.delete(roomId)
  }

  /** The observed decision for a finished exchange (every request becomes one, so count in = count logged). */
  async decide(exchange: Exchange): Promise<DecisionInput> {
    const tag = exchange.tag as SessionAtRequest
    if (exchange.request.kind === 'auth') this.authAnswered()
    // Membership changes as the answer arrives, before any prediction awaits (a later emit must see it).
    this.skipped(exchange)
    const hosted = await this.options.ctx.host.current()
    const auth = await tag.ctx
    const predicted = await this.predict(exchange, hosted, auth, tag)
    let agreement = this.agreement(exchange, predicted)
    if (exchange.request.kind === 'auth') {
      this.sessionDiffers = agreement.status === 'disagree'
      this.authenticated = exchange.reply.ok && predicted.decision.verdict === 'allow'
    }
    else if (agreement.status === 'disagree') agreement = await this.explained(exchange, hosted, tag, agreement)
    return this.record(exchange, hosted, predicted, agreement)
  }

  /** A disagreement the session explains rather than a rule: sent during an AUTH, or on a session the two already disagree on. */
  private async explained(exchange: Exchange, hosted: Hosted, tag: SessionAtRequest, agreement: Agreement): Promise<Agreement> {
    if (tag.previous) {
      const before = await tag.previous
      const again = this.agreement(exchange, await this.predict(exchange, hosted, before, tag))
      if (again.status === 'agree') {
        return { status: 'inconclusive', note: `Sent while an AUTH was still being answered: the upstream decided it with the session before that AUTH, as the workspace would. ${agreement.note}` }
      }
    }
    if (this.sessionDiffers) {
      return { status: 'inconclusive', note: `The upstream and the workspace disagree on this connection's session (see its AUTH), so this is not a rule mismatch. ${agreement.note}` }
    }
    return agreement
  }

  private async predict(exchange: Exchange, hosted: Hosted, auth: LiveAuthContext, tag: SessionAtRequest): Promise<Predicted> {
    const { request } = exchange
    const clock = () => this.options.ctx.clock()
    const profile = hosted.settings.profile
    const providers = hosted.loaded.providers
    switch (request.kind) {
      case 'auth': {
        const decision = tag.auth ? await tag.auth.catch((e: unknown) => verdictOnly('auth', profile, 'auth', 'deny', String(e))) : verdictOnly('auth', profile, 'auth', 'deny', 'no AUTH decision')
        return { decision, auth }
      }
      case 'mount': case 'rehydrate': {
        const spec = resolveComponent(hosted, request.component)
        // The library answers before any auth rule for a component it does not have.
        if (!spec) {
          // The same text from mountComponent and rehydrateComponent (whose signature check, first, is not a decision).
          const text = `Component '${request.component}' not found`
          return { decision: verdictOnly('mount', profile, 'registry', 'deny', text), auth, wireText: text }
        }
        return { decision: await decideMount({ component: spec, auth, profile, clock }), auth }
      }
      case 'action': case 'property': {
        // Not mounted on this connection (as far as the frames tell): the library answers before any rule.
        if (request.component === undefined) {
          const text = `COMPONENT_REHYDRATION_REQUIRED:${request.componentId}`
          return { decision: verdictOnly(request.kind, profile, 'registry', 'deny', text), auth, wireText: text }
        }
        const spec = resolveComponent(hosted, request.component)
        if (!spec) {
          const text = `The workspace has no component '${request.component}'`
          return { decision: verdictOnly(request.kind, profile, 'registry', 'deny', text), auth, wireText: text }
        }
        if (request.kind === 'property') return { decision: await decideProperty({ component: spec, property: request.property, value: request.value, profile, clock }), auth }
        return { decision: await decideAction({ component: spec, action: request.action, payload: request.payload, auth, provider: providers[0], providerCount: providers.length, profile, clock }), auth }
      }
      case 'room': {
        if (request.component === undefined) return { decision: verdictOnly('room', profile, 'registry', 'deny', 'Component not found'), auth, wireText: 'Component not found' }
        if (request.op === 'join') return { decision: await decideRoomJoin({ roomId: request.roomId, auth, provider: providers[0], providerCount: providers.length, profile, clock }), auth }
        const member = tag.member === true || this.rooms.get(request.componentId)?.has(request.roomId) === true
        return member
          ? { decision: verdictOnly('room', profile, 'membership', 'allow', `a member of '${request.roomId}' may ${request.op === 'emit' ? 'emit to' : 'write the state of'} it`), auth }
          : { decision: verdictOnly('room', profile, 'membership', 'deny', NOT_MEMBER), auth }
      }
    }
  }

  private agreement(exchange: Exchange, predicted: Predicted): Agreement {
    const { request, reply } = exchange
    const { decision } = predicted
    if (request.kind === 'auth') {
      const allowed = decision.verdict === 'allow'
      if (reply.ok === allowed) return { status: 'agree', note: allowed ? 'Both authenticate the session.' : 'Both refuse the credentials.' }
      return reply.ok
        ? { status: 'disagree', note: `The upstream accepted the credentials; the workspace refuses them: ${decision.reason ?? 'no provider accepts them'}` }
        : { status: 'disagree', note: 'The upstream refused the credentials; the workspace accepts them.' }
    }
    if (predicted.wireText !== undefined) {
      if (reply.ok) return decision.verdict === 'allow' ? { status: 'agree', note: 'Both allow.' } : { status: 'disagree', note: `The upstream allowed it; the workspace predicts: ${predicted.wireText}` }
      if (decision.verdict === 'allow') return { status: 'inconclusive', note: `The workspace predicts allow; the upstream failed: ${reply.error}` }
      return reply.error === predicted.wireText
        ? { status: 'agree', note: 'Both refuse, with the same answer.' }
        : { status: 'disagree', note: `Both refuse, with different answers. Upstream: "${reply.error}". Workspace: "${predicted.wireText}".` }
    }
    return compareAnswer(reply.ok ? { ok: true } : { ok: false, error: reply.error }, decision)
  }

  /** The persona whose claims name this session; the workspace's personas are read once per predictor (a failed read names none). */
  private async personaOf(workspaceId: string, sessionId: string | undefined): Promise<string | undefined> {
    if (sessionId === undefined) return undefined
    if (this.personas?.workspaceId !== workspaceId) {
      const bySub = this.options.ctx.store.personas.list(workspaceId).then(personasBySub, () => new Map<string, string>())
      this.personas = { workspaceId, bySub }
    }
    return (await this.personas.bySub).get(sessionId)
  }

  private async record(exchange: Exchange, hosted: Hosted, predicted: Predicted, agreement: Agreement): Promise<DecisionInput> {
    const { request, reply } = exchange
    const { decision } = predicted
    const wireText = predicted.wireText ?? (request.kind === 'auth' ? undefined : predictedWireText(decision))
    const observed: ObservedAnswer = {
      answer: reply.ok ? (reply.inferred ? { ok: true, inferred: true } : { ok: true }) : { ok: false, error: clip(reply.error) },
      predicted: {
        verdict: decision.verdict,
        ...(decision.reason !== undefined ? { reason: clip(decision.reason) } : {}),
        ...(decision.decidedBy !== undefined ? { decidedBy: decision.decidedBy } : {}),
        ...(wireText !== undefined ? { wireText: clip(wireText) } : {}),
      },
      agreement: agreement.status,
      note: clip(agreement.note),
    }
    // The row's verdict and reason are the upstream's; the trace is the workspace's prediction.
    const refused = !reply.ok &&
      (request.kind === 'auth' || request.kind === 'room' || reply.error === wireText || looksDenied(reply.error, decision))
    const snapshot = snapshotOf(predicted.auth)
    const sessionId = snapshot.session?.id
    const persona = await this.personaOf(hosted.workspaceId, typeof sessionId === 'string' ? sessionId : undefined)
    return {
      at: exchange.at,
      kind: decision.kind,
      verdict: refused ? 'deny' : 'allow',
      ...(reply.ok ? {} : { reason: clip(reply.error) }),
      ...(refused && agreement.status === 'agree' && decision.decidedBy !== undefined ? { decidedBy: decision.decidedBy } : {}),
      ...clipTarget(targetOf(request)),
      ...(typeof sessionId === 'string' ? { sessionId } : {}),
      ...(persona !== undefined ? { persona } : {}),
      connectionId: this.options.connectionId,
      workspaceId: hosted.workspaceId,
      workspaceVersion: hosted.version,
      profile: decision.profile,
      durationUs: decision.durationUs,
      trace: decision.trace,
      warnings: decision.warnings,
      auth: snapshot,
      source: this.options.source,
      observed,
      mismatch: agreement.status === 'disagree',
    }
  }
}

function clipTarget(t: Pick<DecisionInput, 'component' | 'action' | 'payload'>): Pick<DecisionInput, 'component' | 'action' | 'payload'> {
  return { ...t, ...(t.component !== undefined ? { component: clip(t.component) } : {}), ...(t.action !== undefined ? { action: clip(t.action) } : {}) }
}

function targetOf(request: ObservedRequest): Pick<DecisionInput, 'component' | 'action' | 'payload'> {
  switch (request.kind) {
    case 'auth': return {}
    case 'mount': return { component: request.component, ...(request.props !== undefined ? { payload: request.props } : {}) }
    case 'rehydrate': return { component: request.component, action: 'rehydrate' }
    case 'action': return { component: request.component ?? request.componentId, action: request.action, ...(request.payload !== undefined ? { payload: request.payload } : {}) }
    case 'property': return { component: request.component ?? request.componentId, action: `property:${request.property}`, payload: { value: request.value } }
    // A join is logged as the live server logs it (room:<id>, replayable); a member's emit or state write as room-emit: / room-state:.
    case 'room': return { component: request.component ?? request.componentId, action: `${request.op === 'join' ? 'room' : `room-${request.op}`}:${request.roomId}`, ...(request.payload !== undefined ? { payload: request.payload } : {}) }
  }
}
