/**
 * Vocabulary of impact analysis: logged decisions replayed against a draft.
 * Pure data; lib/impact imports nothing from node, react, next or ws.
 */
import type { ComponentSpec, Decision, ProviderSpec, Verdict } from '../auth'

/** The recorded inputs of one logged decision (the decision log's record shape, structurally). */
export interface LoggedDecision {
  readonly id: number
  readonly at: number
  readonly kind: string
  readonly verdict: Verdict
  readonly reason?: string
  readonly decidedBy?: string
  readonly component?: string
  /** Action name; `property:<name>` for PROPERTY_UPDATE and `room:<id>` for room joins. */
  readonly action?: string
  readonly persona?: string
  readonly sessionId?: string
  readonly profile: string
  readonly trace: unknown
  /** The auth snapshot the decision was made with (never a token). */
  readonly auth: unknown
  readonly payloadJson: string | null
  readonly payloadTruncated: boolean
  /** The upstream whose decision the recording proxy observed (absent: the studio's own live server). */
  readonly source?: string
  /** For an observed decision: the upstream's answer next to the workspace's prediction (lib/store ObservedAnswer). */
  readonly observed?: unknown
}

/** The draft's components and providers, as lib/sandbox loadWorkspace gives them. */
export interface DraftEngine {
  readonly components: readonly ComponentSpec[]
  readonly providers: readonly ProviderSpec[]
}

/** DENY->ALLOW widens access; ALLOW->DENY narrows it. */
export type FlipDirection = 'widening' | 'narrowing'

export type ReplayResult =
  | {
      readonly status: 'replayed'
      readonly entry: LoggedDecision
      readonly decision: Decision
      readonly flip: FlipDirection | undefined
      /** Session fields a rule read that the snapshot's session did not carry. */
      readonly missingClaims: readonly string[]
    }
  | { readonly status: 'not-replayable'; readonly entry: LoggedDecision; readonly reason: string }

/** One decision whose verdict changes under the draft, with both traces. */
export interface ImpactFlip {
  readonly id: number
  readonly at: number
  readonly kind: string
  readonly component?: string
  readonly action?: string
  readonly persona?: string
  readonly sessionId?: string
  readonly direction: FlipDirection
  readonly from: Verdict
  readonly to: Verdict
  readonly oldReason?: string
  readonly newReason?: string
  readonly oldTrace: unknown
  readonly newDecision: Decision
}

export interface TargetCount {
  /** 'Component.action', or the component alone for a mount. */
  readonly target: string
  readonly kind: string
  readonly replayed: number
  readonly widening: number
  readonly narrowing: number
}

export interface MissingClaim {
  readonly id: number
  readonly at: number
  readonly target: string
  readonly persona?: string
  readonly fields: readonly string[]
}

export interface ImpactReport {
  /** Decisions in the window. */
  readonly total: number
  readonly replayed: number
  readonly notReplayable: readonly { readonly reason: string; readonly count: number }[]
  readonly widening: number
  readonly narrowing: number
  /** The flips (widenings first), at most `maxFlips`; `flipsTruncated` says when more exist. */
  readonly flips: readonly ImpactFlip[]
  readonly flipsTruncated: boolean
  /** Per component/action, only targets with at least one flip. */
  readonly byTarget: readonly TargetCount[]
  readonly missingClaims: readonly MissingClaim[]
  /** Each missing field with how many decisions read it. */
  readonly missingFields: readonly { readonly field: string; readonly count: number }[]
}
