/**
 * Pure formatting of decision traces for the trace panel (and /traces later):
 * one-line summaries, durations, labelled step inputs. No React here.
 */
import type { DecisionView, StepView } from '@/lib/api/decide'
import type { Agreement, ServerAnswer } from './compare'

/** Where a decision came from, beyond the decision itself. */
export interface TraceMeta {
  readonly component?: string
  readonly action?: string
  readonly persona?: string
  /** The caller's session id (set when authenticated); with no persona it is a caller no persona matches. */
  readonly sessionId?: string
  /** The action payload as the log stored it (not when it was truncated). */
  readonly payloadJson?: string
  /** Short label of the connection that caused it, e.g. '#1'. */
  readonly connection?: string
}

export interface TraceEntry {
  /** Stable key for lists. */
  readonly key: string
  readonly at: number
  readonly decision: DecisionView
  readonly meta: TraceMeta
  /** External servers: the decision is the studio's prediction, shown next to what the server answered. */
  readonly comparison?: { readonly answer: ServerAnswer; readonly agreement: Agreement; readonly source?: 'saved' | 'draft' }
}

/** The wire message each kind of decision answers, as the design's example prints it. */
const KIND_MESSAGE: Readonly<Record<string, string>> = {
  auth: 'AUTH',
  mount: 'COMPONENT_MOUNT',
  action: 'CALL_ACTION',
  property: 'PROPERTY_UPDATE',
  room: 'ROOM_JOIN',
}

export function kindMessage(kind: string): string {
  return KIND_MESSAGE[kind] ?? kind.toUpperCase()
}

/** 410 -> '0.41 ms', 12 -> '12 µs', 2_500_000 -> '2.50 s'. */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '—'
  if (us < 100) return `${Math.round(us)} µs`
  if (us < 1_000_000) return `${(us / 1000).toFixed(2)} ms`
  return `${(us / 1_000_000).toFixed(2)} s`
}

/** 'ModerationPanel.banUser', 'AdminPanel', or '' for an AUTH. */
export function targetOf(meta: TraceMeta): string {
  if (meta.component === undefined) return meta.action ?? ''
  return meta.action !== undefined && meta.action !== '' ? `${meta.component}.${meta.action}` : meta.component
}

export interface TraceSummary {
  readonly verdict: 'ALLOW' | 'DENY'
  readonly message: string
  readonly target: string
  /** Layer id that decided a denial; undefined for an allow (no single layer decides it). */
  readonly layer: string | undefined
  readonly reason: string
  readonly duration: string
}

/** The one-line summary: verdict, kind, target, deciding layer, reason, duration. */
export function summarizeTrace(decision: DecisionView, meta: TraceMeta): TraceSummary {
  const deny = decision.verdict === 'deny'
  const layer = deny ? (decision.decidedBy ?? decision.trace.find((s) => s.outcome === 'deny' || s.outcome === 'error')?.layer) : undefined
  const reason = deny ? (decision.reason ?? 'denied (no reason given)') : allowReason(decision)
  return {
    verdict: deny ? 'DENY' : 'ALLOW',
    message: kindMessage(decision.kind),
    target: targetOf(meta),
    layer,
    reason,
    duration: formatDurationUs(decision.durationUs),
  }
}

function allowReason(decision: DecisionView): string {
  const passed = decision.trace.filter((s) => s.outcome === 'pass').length
  if (passed === 0) return 'allowed: no layer applied'
  return `allowed: ${passed} of ${decision.trace.length} layers passed`
}

/** Plain-text line, e.g. for copying or a screen reader: like the design's example header. */
export function summaryLine(summary: TraceSummary, meta: TraceMeta, profile: string): string {
  const parts = [summary.message, summary.target, meta.persona ? `persona=${meta.persona}` : '', `profile=${profile}`, `-> ${summary.verdict}`, summary.duration]
  return parts.filter((p) => p !== '').join('  ')
}

export interface InputRow {
  readonly key: string
  readonly label: string
  readonly value: string
  /** Rows that explain a denial (missing permissions...) are highlighted. */
  readonly emphasis: boolean
}

/** Keys shown first, in this order: what was required, what was held, what is missing. */
const ORDER = ['required', 'held', 'matched', 'missing', 'raw', 'rawType', 'result', 'thrown']
const LABELS: Readonly<Record<string, string>> = {
  required: 'required',
  held: 'held',
  matched: 'matched',
  missing: 'missing',
  raw: 'raw result',
  rawType: 'result type',
  thrown: 'thrown',
  publicActions: 'publicActions',
  rolesClaim: 'roles claim',
  permissionsClaim: 'permissions claim',
}

/** Compact text of a JSON input value: `[admin, moderator]`, `none`, `true`. */
export function formatInputValue(value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}]`
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** A step's inputs as labelled rows, the interesting ones first. */
export function inputRows(step: StepView): InputRow[] {
  const keys = Object.keys(step.inputs)
  const rank = (k: string) => {
    const i = ORDER.indexOf(k)
    return i === -1 ? ORDER.length : i
  }
  return [...keys].sort((a, b) => rank(a) - rank(b)).map((key) => {
    const value = step.inputs[key]
    const emphasis = (key === 'missing' && Array.isArray(value) && value.length > 0) || (key === 'held' && step.outcome === 'deny')
    return { key, label: LABELS[key] ?? key, value: formatInputValue(value), emphasis }
  })
}

/** Counts per outcome, e.g. for a compact "3 pass · 1 deny · 4 skip" line. */
export function outcomeCounts(trace: readonly StepView[]): Record<StepView['outcome'], number> {
  const counts = { pass: 0, deny: 0, skip: 0, error: 0 }
  for (const step of trace) counts[step.outcome]++
  return counts
}
