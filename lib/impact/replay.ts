/**
 * Replays one logged decision's recorded inputs (kind, component, action,
 * payload, auth snapshot, profile) against a draft with the real engine.
 */
import {
  DEFAULT_PROFILE, contextFromSnapshot, decideAction, decideMount, decideProperty, decideRoomJoin, isProfileId,
  type AuthSnapshot, type Clock, type ComponentSpec, type Decision, type LiveAuthContext, type ProfileId,
} from '../auth'
import type { DraftEngine, FlipDirection, LoggedDecision, ReplayResult } from './types'

export const NOT_REPLAYABLE = {
  auth: 'AUTH decisions verify a token, and the log never keeps tokens',
  truncated: 'the payload was cut at 4 KiB or had secrets redacted when logged, so it cannot be replayed exactly',
  snapshot: 'the auth snapshot is unreadable',
  payload: 'the logged payload is not valid JSON',
  target: 'the record names no component or action',
  unknownKind: (kind: string) => `unknown decision kind '${kind}'`,
  missing: (name: string) => `component '${name}' is not in the draft`,
  observedElse: 'the upstream answered for a reason no auth rule explains (validation, not mounted, a limit, no answer)',
} as const

/** An observed decision (recording proxy) that no auth rule decided: what the upstream answered is not a verdict to compare. */
function observedOutsideRules(entry: LoggedDecision): boolean {
  const observed = entry.observed
  if (observed === undefined || observed === null || typeof observed !== 'object') return false
  const o = observed as { agreement?: unknown; predicted?: { decidedBy?: unknown } }
  return o.agreement === 'inconclusive' || o.predicted?.decidedBy === 'registry'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A snapshot as logged, checked: authenticated flag, and a session with a string id when present. */
export function readSnapshot(value: unknown): AuthSnapshot | undefined {
  if (!isRecord(value) || typeof value.authenticated !== 'boolean') return undefined
  const session = value.session
  if (session !== undefined && !(isRecord(session) && typeof session.id === 'string')) return undefined
  return value as unknown as AuthSnapshot
}

/** DENY->ALLOW is a widening, ALLOW->DENY a narrowing, same verdict none. */
export function classifyFlip(from: 'allow' | 'deny', to: 'allow' | 'deny'): FlipDirection | undefined {
  if (from === to) return undefined
  return to === 'allow' ? 'widening' : 'narrowing'
}

/** Fields a rule read that the snapshot's session did not carry (anonymous contexts read none). */
export function missingClaimsOf(decision: Decision, snapshot: AuthSnapshot): string[] {
  const session = snapshot.session
  if (!snapshot.authenticated || session === undefined) return []
  return decision.sessionFieldsRead.filter((f) => !Object.hasOwn(session, f))
}

export interface ReplayOptions {
  readonly clock?: Clock
  /** Rebuilt contexts, keyed by snapshot JSON: most decisions share a few sessions. */
  readonly contexts?: Map<string, LiveAuthContext>
}

type Parsed = { ok: true; payload: unknown } | { ok: false; reason: string }

function parsePayload(entry: LoggedDecision): Parsed {
  if (entry.payloadTruncated) return { ok: false, reason: NOT_REPLAYABLE.truncated }
  if (entry.payloadJson === null) return { ok: true, payload: undefined }
  try {
    return { ok: true, payload: JSON.parse(entry.payloadJson) as unknown }
  } catch {
    return { ok: false, reason: NOT_REPLAYABLE.payload }
  }
}

function contextFor(snapshot: AuthSnapshot, cache: Map<string, LiveAuthContext> | undefined): LiveAuthContext {
  if (!cache) return contextFromSnapshot(snapshot)
  const key = JSON.stringify(snapshot)
  let ctx = cache.get(key)
  if (!ctx) {
    ctx = contextFromSnapshot(snapshot)
    cache.set(key, ctx)
  }
  return ctx
}

/** Splits 'property:name' / 'room:id'; the live server logs those kinds that way. */
const suffix = (action: string | undefined, prefix: string) =>
  action !== undefined && action.startsWith(prefix) ? action.slice(prefix.length) : undefined

function decide(entry: LoggedDecision, draft: DraftEngine, spec: ComponentSpec | undefined, auth: LiveAuthContext,
  payload: unknown, profile: ProfileId, clock: Clock | undefined): Promise<Decision> | string {
  const provider = draft.providers[0]
  const providers = { ...(provider ? { provider } : {}), providerCount: draft.providers.length }
  const common = { profile, ...(clock ? { clock } : {}) }
  switch (entry.kind) {
    case 'mount':
      return spec ? decideMount({ component: spec, auth, ...common }) : NOT_REPLAYABLE.missing(entry.component ?? '')
    case 'action':
      if (!spec) return NOT_REPLAYABLE.missing(entry.component ?? '')
      if (entry.action === undefined) return NOT_REPLAYABLE.target
      return decideAction({ component: spec, action: entry.action, payload, auth, ...providers, ...common })
    case 'property': {
      const property = suffix(entry.action, 'property:')
      if (!spec) return NOT_REPLAYABLE.missing(entry.component ?? '')
      if (property === undefined) return NOT_REPLAYABLE.target
      const value = isRecord(payload) ? payload.value : undefined
      return decideProperty({ component: spec, property, value, ...common })
    }
    case 'room': {
      const roomId = suffix(entry.action, 'room:')
      if (roomId === undefined) return NOT_REPLAYABLE.target
      return decideRoomJoin({ roomId, auth, ...providers, ...common })
    }
    default:
      return NOT_REPLAYABLE.unknownKind(entry.kind)
  }
}

/**
 * Replays `entry` against `draft`. Inputs that cannot be reproduced exactly
 * (token-based AUTH, truncated payloads) are reported, never guessed.
 * @example await replayDecision(record, { components, providers })
 */
export async function replayDecision(entry: LoggedDecision, draft: DraftEngine, options: ReplayOptions = {}): Promise<ReplayResult> {
  const no = (reason: string): ReplayResult => ({ status: 'not-replayable', entry, reason })
  if (entry.kind === 'auth') return no(NOT_REPLAYABLE.auth)
  if (observedOutsideRules(entry)) return no(NOT_REPLAYABLE.observedElse)
  const snapshot = readSnapshot(entry.auth)
  if (!snapshot) return no(NOT_REPLAYABLE.snapshot)
  const needsPayload = entry.kind === 'action' || entry.kind === 'property'
  const parsed: Parsed = needsPayload ? parsePayload(entry) : { ok: true, payload: undefined }
  if (!parsed.ok) return no(parsed.reason)
  const spec = entry.component === undefined ? undefined : draft.components.find((c) => c.name === entry.component)
  const profile = isProfileId(entry.profile) ? entry.profile : DEFAULT_PROFILE
  const auth = contextFor(snapshot, options.contexts)
  const pending = decide(entry, draft, spec, auth, parsed.payload, profile, options.clock)
  if (typeof pending === 'string') return no(pending)
  const decision = await pending
  return { status: 'replayed', entry, decision, flip: classifyFlip(entry.verdict, decision.verdict), missingClaims: missingClaimsOf(decision, snapshot) }
}
