/**
 * A decision as the Postgres writer stores it: payload canonical JSON and sha256 digest, secrets
 * redacted from payload, trace and observed answer (lib/store/redaction.ts), the payload cut at
 * MAX_STORED_PAYLOAD_CHARS. The same rules as the SQLite writer thread (decision-writer-source.ts),
 * with the same modules; here they run on the host, since the database work is out of process anyway.
 */
import { createHash } from 'node:crypto'
import type { WireFold } from '../decision-folds'
import { canonicalJson, MAX_STORED_PAYLOAD_CHARS, type DecisionInput } from '../model/decision'
import { redactPayload, redactValue } from '../redaction'

/** One row's columns, named as json_to_recordset reads them (decision-writer.ts). */
export interface StoredDecisionRow {
  id: number
  at: number
  kind: string
  verdict: string
  decided_by: string | null
  reason: string | null
  component: string | null
  action: string | null
  session_id: string | null
  persona: string | null
  connection_id: string | null
  workspace_id: string | null
  workspace_version: number | null
  profile: string
  duration_us: number
  trace: string
  warnings: string
  auth: string
  payload_digest: string | null
  payload: string | null
  payload_truncated: boolean
  repeat_count: number
  last_at: number | null
  folded_variants: string | null
  source: string | null
  observed: string | null
  mismatch: boolean
  /** The reason's row in decision_reasons (set by the writer). */
  reason_id: number | null
}

/** The row for `input` (its id assigned later) and whether its trace had to be redacted. */
export function storedRow(input: DecisionInput): { row: StoredDecisionRow; traceRedacted: boolean } {
  const row: StoredDecisionRow = {
    id: 0, at: input.at, kind: input.kind, verdict: input.verdict, decided_by: input.decidedBy ?? null, reason: input.reason ?? null,
    component: input.component ?? null, action: input.action ?? null, session_id: input.sessionId ?? null, persona: input.persona ?? null,
    connection_id: input.connectionId ?? null, workspace_id: input.workspaceId ?? null, workspace_version: input.workspaceVersion ?? null,
    profile: input.profile, duration_us: input.durationUs, trace: '[]', warnings: JSON.stringify(input.warnings ?? []),
    auth: JSON.stringify(input.auth ?? null), payload_digest: null, payload: null, payload_truncated: false,
    repeat_count: 1, last_at: null, folded_variants: null, source: input.source ?? null, mismatch: input.mismatch === true, reason_id: null,
    // An upstream's answer can quote anything its client sent: redacted like a trace.
    observed: input.observed === undefined ? null : JSON.stringify(redactValue(input.observed, { valuesOnly: true }).value),
  }
  if (input.payload !== undefined) {
    const original = canonicalJson(input.payload)
    row.payload_digest = createHash('sha256').update(original).digest('hex')
    const safe = redactPayload(JSON.parse(original) as unknown, input.action)
    const json = safe.redacted ? canonicalJson(safe.value) : original
    // A redacted or cut payload is not the original: it is marked so and never replayed.
    row.payload_truncated = json.length > MAX_STORED_PAYLOAD_CHARS || safe.redacted
    row.payload = json.length > MAX_STORED_PAYLOAD_CHARS ? json.slice(0, MAX_STORED_PAYLOAD_CHARS) : json
  }
  const trace = redactValue(input.trace ?? [], { valuesOnly: true })
  row.trace = JSON.stringify(trace.value)
  return { row, traceRedacted: trace.redacted }
}

/** A fold into a row of the same batch is applied before the insert (FOLD_SQL's rules, decision-folds.ts). */
export function applyFold(row: StoredDecisionRow, fold: WireFold): void {
  row.repeat_count += fold.add
  row.last_at = Math.max(row.last_at ?? row.at, fold.lastAt)
  if (fold.variants !== undefined) row.folded_variants = fold.variants
  if (fold.overflow) {
    row.component = fold.component ?? null
    row.action = fold.action ?? null
  }
}
