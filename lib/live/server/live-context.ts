import type { Decision } from '../../auth'
import type { StudioStore } from '../../store/contract'
import type { LiveHost } from './live-host'
import type { ComponentRegistry } from './component-registry'
import { toDecisionInput, type DecisionMeta, type DecisionSink } from './decision-recorder'
import type { RoomManager } from './room-manager'
import type { InstanceMemory } from './instance-memory'
import type { SandboxBudget } from './sandbox-budget'
import type { StateSigner } from './state-signature'
import type { UploadManager } from './uploads/upload-manager'

export interface LiveLimits {
  /** Components one connection may have mounted at once (the studio's own cap; the library has none). */
  readonly maxComponents: number
  /** Rooms one connection may join with ROOM_JOIN (the library's MAX_ROOMS_PER_CONNECTION). */
  readonly maxRoomsPerConnection: number
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = { maxComponents: 64, maxRoomsPerConnection: 50 }

/** Everything a message handler needs besides its connection. */
export interface LiveContext {
  readonly host: LiveHost
  readonly store: StudioStore
  readonly registry: ComponentRegistry
  readonly rooms: RoomManager
  readonly uploads: UploadManager
  readonly signer: StateSigner
  readonly sink: DecisionSink
  readonly limits: LiveLimits
  /** Sandbox time per connection, address and server. */
  readonly budget: SandboxBudget
  /** The studio thread's time per connection, address and server (loop-budget.ts). */
  readonly loopBudget: SandboxBudget
  /** State + $private size per component, connection and engine. */
  readonly memory: InstanceMemory
  /** Epoch milliseconds (token checks, record timestamps). */
  readonly nowMs: () => number
  /** Monotonic milliseconds (durations); a plain function, passed on as the engine's clock. */
  readonly clock: () => number
}

/** Sends a decision to the log (a failing sink never breaks the request). */
export function recordDecision(ctx: LiveContext, decision: Decision, meta: DecisionMeta): void {
  try {
    ctx.sink.append(toDecisionInput(decision, meta, ctx.nowMs()))
  } catch {
    // The decision was already made; losing its log line must not change the answer.
  }
}

export function tooManyComponents(max: number): string {
  return `Too many mounted components on this connection (max ${max}). Unmount one before mounting another.`
}
