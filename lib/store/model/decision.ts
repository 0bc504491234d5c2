import { createHash } from 'node:crypto'
import type { FoldedVariants } from '../decision-folds'

/** Stored payloads are cut at this many characters (the digest covers the whole payload). */
export const MAX_STORED_PAYLOAD_CHARS = 4096

/** One decision as the live server reports it (no token anywhere in it). */
export interface DecisionInput {
  /** Epoch milliseconds. */
  readonly at: number
  readonly kind: string
  readonly verdict: 'allow' | 'deny'
  readonly decidedBy?: string
  readonly reason?: string
  readonly component?: string
  readonly action?: string
  readonly sessionId?: string
  readonly persona?: string
  readonly connectionId?: string
  readonly workspaceId?: string
  readonly workspaceVersion?: number
  readonly profile: string
  readonly durationUs: number
  readonly trace: unknown
  readonly warnings?: readonly string[]
  /** The auth snapshot the decision was made with. */
  readonly auth: unknown
  /** The request's payload; `undefined` when the request had none. */
  readonly payload?: unknown
  /** The upstream (recording proxy) whose decision this is; absent for the studio's own live server. */
  readonly source?: string
  /** For an observed decision: what the upstream answered next to what the workspace predicts. */
  readonly observed?: ObservedAnswer
  /** The upstream's answer and the workspace's prediction disagree. */
  readonly mismatch?: boolean
}

/** What the recording proxy saw an upstream answer, and what the workspace predicts for the same request. */
export interface ObservedAnswer {
  /** The upstream's answer: allowed, or the error text its client received. */
  readonly answer: { readonly ok: true; readonly inferred?: true } | { readonly ok: false; readonly error: string }
  /** The workspace's decision for the same request and session (its trace is the row's trace). */
  readonly predicted: { readonly verdict: 'allow' | 'deny'; readonly reason?: string; readonly decidedBy?: string; readonly wireText?: string }
  readonly agreement: 'agree' | 'disagree' | 'inconclusive'
  readonly note: string
}

/** A decision as stored, with its row id, payload digest and (truncated) payload text. */
export interface DecisionRecord extends Omit<DecisionInput, 'payload'> {
  readonly id: number
  /** Decisions this row stands for: itself plus those folded into it (decision-budget.ts). */
  readonly repeatCount: number
  /** When the last decision folded into this row was made (absent when none was). */
  readonly lastAt?: number
  /** Only on an overflow row: the distinct decisions it counts (it has no reason, trace or payload of its own). */
  readonly foldedVariants?: FoldedVariants
  readonly payloadDigest: string | null
  readonly payloadJson: string | null
  readonly payloadTruncated: boolean
}

/** The simple filter of the log's own `list` / `count` (the /traces page uses DecisionQuery). */
export interface DecisionFilter {
  readonly verdict?: 'allow' | 'deny'
  readonly component?: string
  readonly action?: string
  readonly sessionId?: string
  readonly sinceMs?: number
}

/** The log's running counters (decisions, not rows, except `rows`). */
export interface DecisionLogCounters {
  /** Decisions handed to `append`. */
  readonly received: number
  /** Decisions logged: rows written plus decisions folded into them. */
  readonly written: number
  /** Rows written (a folded decision adds to a row's repeat count instead). */
  readonly rows: number
  /** Decisions the store refused (lost; counted so `received = written + failed + retired`). */
  readonly failed: number
  /** Folded decisions whose row retention had already removed. */
  readonly retired: number
}

/** JSON with object keys sorted at every level, so equal payloads hash equally. */
export function canonicalJson(value: unknown): string {
  const seen = new WeakSet<object>()
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v
    if (seen.has(v)) return '[Circular]'
    seen.add(v)
    if (Array.isArray(v)) return v.map(walk)
    const entries = Object.keys(v).sort().map((k) => [k, walk((v as Record<string, unknown>)[k])] as const)
    // fromEntries defines own properties, so a '__proto__' key stays data.
    return Object.fromEntries(entries)
  }
  return JSON.stringify(walk(value)) ?? 'null'
}

/** sha256 (hex) of the canonical JSON of `value`. */
export function payloadDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
