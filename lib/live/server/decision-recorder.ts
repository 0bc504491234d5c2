import type { AuthSnapshot, Decision } from '../../auth'
import type { DecisionInput } from '../../store/model/decision'
import type { HostedVersion } from './live-host'
import type { LiveConnection } from './connection'

/** Where decisions go (the DecisionLog in the studio, an array in tests). */
export interface DecisionSink {
  append(input: DecisionInput): void
}

/** What the live server knows about a decision besides the engine's Decision. */
export interface DecisionMeta {
  readonly connection: LiveConnection
  readonly hosted?: HostedVersion
  /** The context the decision was made with (never holds a token). */
  readonly auth: AuthSnapshot
  readonly component?: string
  readonly action?: string
  readonly payload?: unknown
}

/**
 * Turns an engine decision plus its request into a log record. The auth
 * snapshot carries no token by construction (snapshotOf never copies it).
 */
export function toDecisionInput(decision: Decision, meta: DecisionMeta, nowMs: number): DecisionInput {
  const sessionId = meta.auth.session?.id
  const { connection, hosted } = meta
  // One object, filled in place: this runs for every decision (no spread of a temporary per optional field).
  const input: { -readonly [K in keyof DecisionInput]: DecisionInput[K] } = {
    at: nowMs,
    kind: decision.kind,
    verdict: decision.verdict,
    profile: decision.profile,
    durationUs: decision.durationUs,
    trace: decision.trace,
    warnings: decision.warnings,
    auth: meta.auth,
    connectionId: connection.id,
  }
  if (decision.decidedBy !== undefined) input.decidedBy = decision.decidedBy
  if (decision.reason !== undefined) input.reason = decision.reason
  if (meta.component !== undefined) input.component = meta.component
  if (meta.action !== undefined) input.action = meta.action
  if (typeof sessionId === 'string') input.sessionId = sessionId
  if (connection.persona !== undefined) input.persona = connection.persona
  if (hosted !== undefined) {
    input.workspaceId = hosted.workspaceId
    input.workspaceVersion = hosted.version
  }
  if (meta.payload !== undefined) input.payload = meta.payload
  return input
}
