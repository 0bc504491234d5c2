/**
 * What the Postgres writer stores for one decision, as a line of COPY text: the payload's canonical
 * JSON and sha256 digest, secrets redacted from payload, trace and observed answer, the payload cut
 * at MAX_STORED_PAYLOAD_CHARS. The same rules as the SQLite writer thread (decision-writer-source.ts).
 * Walking a trace for secrets costs about 30 µs, so a trace the redaction fast path clears is stored
 * as reported. `createRowPreparer` uses nothing but its arguments and language built-ins: its source
 * text is what row-preparer-thread.ts runs when rows are prepared on a thread.
 */
import type { WireFold } from '../decision-folds'
import type { RedactionContext, RedactionResult } from '../redaction'

/** The columns a prepared line holds, in order (the writer adds `id` before and `reason_id` after). */
export const PREPARED_COLUMNS: readonly (readonly [string, string])[] = [
  ['at', 'bigint'], ['kind', 'text'], ['verdict', 'text'], ['decided_by', 'text'], ['reason', 'text'], ['component', 'text'],
  ['action', 'text'], ['session_id', 'text'], ['persona', 'text'], ['connection_id', 'text'], ['workspace_id', 'text'],
  ['workspace_version', 'integer'], ['profile', 'text'], ['duration_us', 'double precision'], ['trace', 'text'], ['warnings', 'text'],
  ['auth', 'text'], ['payload_digest', 'text'], ['payload', 'text'], ['payload_truncated', 'boolean'], ['repeat_count', 'integer'],
  ['last_at', 'bigint'], ['folded_variants', 'text'], ['source', 'text'], ['observed', 'text'], ['mismatch', 'boolean'],
]

export interface RowPreparerDeps {
  readonly redactValue: (value: unknown, context?: RedactionContext) => RedactionResult
  readonly redactPayload: (payload: unknown, action?: string | null) => RedactionResult
  /** redaction.ts mayRedactJsonValues: false when the values-only rules cannot change this JSON text. */
  readonly mayRedactJsonValues: (json: string) => boolean
  readonly sha256: (text: string) => string
  readonly maxPayloadChars: number
}

/** One decision ready for COPY, with what its announcement needs. */
export interface PreparedRow {
  /** COPY text of PREPARED_COLUMNS, tab-separated, no newline. */
  readonly line: string
  readonly reason: string | null
  readonly digest: string | null
  readonly payload: string | null
  readonly truncated: boolean
  /** The stored trace JSON when redaction changed it; null when the reported trace was stored. */
  readonly redactedTrace: string | null
}

/** The decision as the live server reported it (JSON-safe). */
type Input = Record<string, unknown> & { at: number; trace?: unknown; payload?: unknown; action?: string; observed?: unknown }

export function createRowPreparer(deps: RowPreparerDeps): { prepare(input: Input, fold?: WireFold | null): PreparedRow } {
  /** JSON with object keys sorted at every level (must equal lib/store/model/decision.ts canonicalJson). */
  function canonicalJson(value: unknown): string {
    const seen = new WeakSet<object>()
    const walk = (v: unknown): unknown => {
      if (v === null || typeof v !== 'object') return v
      if (seen.has(v)) return '[Circular]'
      seen.add(v)
      if (Array.isArray(v)) return v.map(walk)
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, walk((v as Record<string, unknown>)[k])]))
    }
    return JSON.stringify(walk(value)) ?? 'null'
  }

  /** COPY text format: \N for NULL; backslash, tab, newline, CR escaped; NUL (invalid in text) becomes U+FFFD. */
  function cell(value: unknown): string {
    if (value === null || value === undefined) return '\\N'
    if (typeof value === 'boolean') return value ? 't' : 'f'
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N'
    return String(value).replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\uFFFD'))
  }

  const text = (v: unknown) => (typeof v === 'string' ? v : null)

  function prepare(p: Input, fold?: WireFold | null): PreparedRow {
    let digest: string | null = null
    let payload: string | null = null
    let truncated = false
    if (p.payload !== undefined) {
      const original = canonicalJson(p.payload)
      digest = deps.sha256(original)
      const safe = deps.redactPayload(JSON.parse(original), text(p.action))
      const json = safe.redacted ? canonicalJson(safe.value) : original
      // A redacted or cut payload is not the original: it is marked so and never replayed.
      truncated = json.length > deps.maxPayloadChars || safe.redacted
      payload = json.length > deps.maxPayloadChars ? json.slice(0, deps.maxPayloadChars) : json
    }
    // Walking a trace costs ~30 µs; a trace with nothing shaped like a secret is stored as is.
    const reported = JSON.stringify(p.trace ?? [])
    const trace = deps.mayRedactJsonValues(reported) ? deps.redactValue(p.trace ?? [], { valuesOnly: true }) : { value: p.trace, redacted: false }
    const traceJson = trace.redacted ? JSON.stringify(trace.value) : reported
    // An upstream's answer can quote anything its client sent: redacted like a trace.
    const observed = p.observed === undefined ? null : JSON.stringify(deps.redactValue(p.observed, { valuesOnly: true }).value)
    // A fold into this row within its own batch (decision-folds.ts FOLD_SQL's rules).
    let component = text(p.component)
    let action = text(p.action)
    if (fold?.overflow) {
      component = fold.component ?? null
      action = fold.action ?? null
    }
    const cells = [
      p.at, p.kind, p.verdict, text(p.decidedBy), text(p.reason), component, action, text(p.sessionId), text(p.persona),
      text(p.connectionId), text(p.workspaceId), typeof p.workspaceVersion === 'number' ? p.workspaceVersion : null, p.profile,
      p.durationUs, traceJson, JSON.stringify(p.warnings ?? []), JSON.stringify(p.auth ?? null), digest, payload, truncated,
      1 + (fold ? fold.add : 0), fold ? Math.max(p.at, fold.lastAt) : null, fold?.variants ?? null, text(p.source), observed, p.mismatch === true,
    ]
    return { line: cells.map(cell).join('\t'), reason: text(p.reason), digest, payload, truncated, redactedTrace: trace.redacted ? traceJson : null }
  }

  return { prepare }
}
