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
  return {
    at: nowMs,
    kind: decision.kind,
    verdict: decision.verdict,
    profile: decision.profile,
    durationUs: decision.durationUs,
    trace: decision.trace,
    warnings: decision.warnings,
    auth: meta.auth,
    connectionId: connection.id,
    ...(decision.decidedBy !== undefined ? { decidedBy: decision.decidedBy } : {}),
    ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
    ...(meta.component !== undefined ? { component: meta.component } : {}),
    ...(meta.action !== undefined ? { action: meta.action } : {}),
    ...(typeof sessionId === 'string' ? { sessionId } : {}),
    ...(connection.persona !== undefined ? { persona: connection.persona } : {}),
    ...(hosted !== undefined ? { workspaceId: hosted.workspaceId, workspaceVersion: hosted.version } : {}),
    ...(meta.payload !== undefined ? { payload: meta.payload } : {}),
  }
}
