/**
 * A `decisions` row as either store returns it, turned into the contract's records and summaries.
 * The columns are the same in both; SQLite reports its flags as 0/1, Postgres as booleans.
 */
import type { FoldedVariants } from '../decision-folds'
import type { DecisionRecord, ObservedAnswer } from './decision'
import type { DecisionSummary } from './decision-query'

/** A flag column: 0/1 from SQLite, a boolean from Postgres. */
type Flag = boolean | number

/** Summary queries leave the big columns (trace, auth, payload) out. */
export interface DecisionRow {
  id: number; at: number; kind: string; verdict: 'allow' | 'deny'; decided_by: string | null; reason: string | null
  component: string | null; action: string | null; session_id: string | null; persona: string | null
  connection_id: string | null; workspace_id?: string | null; workspace_version: number | null; profile: string
  duration_us: number; trace?: string; warnings?: string; auth?: string; payload_digest?: string | null
  payload?: string | null; payload_truncated?: Flag; repeat_count: number; last_at: number | null
  folded_variants?: string | null; overflow?: Flag
  source?: string | null; observed?: string | null; mismatch?: Flag
}

/** What a page reads: everything but the trace, auth snapshot and payload. */
export const SUMMARY_COLUMNS = `d.id, d.at, d.kind, d.verdict, d.decided_by, d.reason, d.component, d.action, d.session_id,
  d.persona, d.connection_id, d.workspace_version, d.profile, d.duration_us, d.repeat_count, d.last_at,
  d.folded_variants IS NOT NULL AS overflow, d.source, d.mismatch`

const isSet = (flag: Flag | undefined): boolean => flag === true || flag === 1

/** Optional columns become absent keys, as the log reports them. */
function present<T extends object>(entries: Record<string, unknown>): Partial<T> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(entries)) if (v !== null && v !== undefined) out[k] = v
  return out as Partial<T>
}

export function toSummary(r: DecisionRow): DecisionSummary {
  return {
    id: r.id, at: r.at, kind: r.kind, verdict: r.verdict, profile: r.profile, durationUs: r.duration_us, repeatCount: r.repeat_count,
    ...present<DecisionSummary>({
      decidedBy: r.decided_by, reason: r.reason, component: r.component, action: r.action, sessionId: r.session_id,
      persona: r.persona, connectionId: r.connection_id, workspaceVersion: r.workspace_version, lastAt: r.last_at,
      overflow: isSet(r.overflow) ? true : undefined, source: r.source, mismatch: isSet(r.mismatch) ? true : undefined,
    }),
  }
}

/** A full row as a record. */
export function toRecord(r: DecisionRow): DecisionRecord {
  const { overflow: _overflow, ...summary } = toSummary(r)
  return {
    ...summary,
    ...present<DecisionRecord>({ workspaceId: r.workspace_id }),
    ...(r.folded_variants ? { foldedVariants: JSON.parse(r.folded_variants) as FoldedVariants } : {}),
    ...(r.observed ? { observed: JSON.parse(r.observed) as ObservedAnswer } : {}),
    trace: JSON.parse(r.trace ?? '[]') as unknown,
    warnings: JSON.parse(r.warnings ?? '[]') as string[],
    auth: JSON.parse(r.auth ?? 'null') as unknown,
    payloadDigest: r.payload_digest ?? null,
    payloadJson: r.payload ?? null,
    payloadTruncated: isSet(r.payload_truncated),
  }
}
