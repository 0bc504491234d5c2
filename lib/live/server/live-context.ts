import type { Decision } from '../../auth'
import type { Store } from '../../store/store'
import type { WorkspaceHost } from '../../server/workspace-host'
import { toDecisionInput, type DecisionMeta, type DecisionSink } from './decision-recorder'
import type { RoomRegistry } from './rooms'

export interface LiveLimits {
  /** Components one connection may have mounted at once. */
  readonly maxComponents: number
  /** Rooms one connection may be in at once. */
  readonly maxRoomsPerConnection: number
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = { maxComponents: 64, maxRoomsPerConnection: 32 }

/** Everything a message handler needs besides its connection. */
export interface LiveContext {
  readonly host: WorkspaceHost
  readonly store: Store
  readonly rooms: RoomRegistry
  readonly sink: DecisionSink
  readonly limits: LiveLimits
  /** Epoch milliseconds (token checks, record timestamps). */
  nowMs(): number
  /** Monotonic milliseconds (durations). */
  clock(): number
}

/** Sends a decision to the log (a failing sink never breaks the request) and charges its time to the caller's budget. */
export function recordDecision(ctx: LiveContext, decision: Decision, meta: DecisionMeta): void {
  meta.connection.bucket.charge(decision.durationUs / 1000)
  try {
    ctx.sink.append(toDecisionInput(decision, meta, ctx.nowMs()))
  } catch {
    // The decision was already made; losing its log line must not change the answer.
  }
}

export function tooManyComponents(max: number): string {
  return `Too many mounted components on this connection (max ${max}). Unmount one before mounting another.`
}
