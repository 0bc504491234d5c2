/**
 * What each field of a /traces row says (pure, no React): its text and, where
 * the cell may cut it, the full text for the tooltip.
 */
import { formatDurationUs, kindMessage, targetOf } from '@/components/trace/trace-format'
import type { DecisionSummaryView } from '@/lib/api/decisions'
import { withArticle } from '@/lib/utils'
import type { RowField } from './columns'
import { clockTime, foldLabel } from './log-model'

export const OVERFLOW_REASON = 'various decisions (listed in the detail)'

export interface Caller {
  /** persona: the session's claims match a persona; session: they match none; anonymous: no session at all. */
  readonly kind: 'persona' | 'session' | 'anonymous'
  readonly text: string
  readonly title: string
}

/** Who made a decision: the persona, else the session id (an authenticated caller no persona matches), else anonymous. */
export function callerOf(row: Pick<DecisionSummaryView, 'persona' | 'sessionId'>): Caller {
  if (row.persona !== undefined && row.persona !== '') {
    return { kind: 'persona', text: row.persona, title: row.sessionId ? `persona ${row.persona} (session ${row.sessionId})` : `persona ${row.persona}` }
  }
  if (row.sessionId !== undefined && row.sessionId !== '') {
    return { kind: 'session', text: row.sessionId, title: `session ${row.sessionId} (authenticated; its claims match no persona)` }
  }
  return { kind: 'anonymous', text: 'anonymous', title: 'anonymous (no session)' }
}

export interface FieldText {
  readonly text: string
  /** The tooltip: the full text, or more than the cell says. */
  readonly title?: string
}

/** Where a decision was made: the studio's own live server, or the upstream the recording proxy observed it on. */
export function sourceOf(row: Pick<DecisionSummaryView, 'source' | 'mismatch'>): FieldText {
  if (row.source === undefined || row.source === '') return { text: 'studio', title: "the studio's own live server" }
  const mismatch = row.mismatch ? "; the workspace predicts a different answer (open it to compare)" : ''
  return { text: row.source, title: `observed on upstream ${row.source} through the recording proxy${mismatch}` }
}

/** The text of every field but the verdict (a badge); an empty text renders nothing. */
export function rowFields(row: DecisionSummaryView): Record<Exclude<RowField, 'verdict'>, FieldText> {
  const target = targetOf({ ...(row.component ? { component: row.component } : {}), ...(row.action ? { action: row.action } : {}) })
  const reason = row.overflow ? OVERFLOW_REASON : (row.reason ?? (row.verdict === 'allow' ? 'allowed' : 'denied (no reason given)'))
  const fold = foldLabel(row) ?? ''
  const caller = callerOf(row)
  const kind = kindMessage(row.kind)
  return {
    time: { text: clockTime(row.at), title: new Date(row.at).toISOString() },
    kind: { text: row.kind, title: `${withArticle(row.kind)} decision (${kind})` },
    source: sourceOf(row),
    target: { text: target || '—', title: target || 'no component (an AUTH decision)' },
    layer: row.decidedBy ? { text: row.decidedBy, title: `decided by ${row.decidedBy}` } : { text: '—', title: 'no single layer decided it' },
    reason: { text: reason, title: reason },
    fold: fold ? { text: fold, title: row.overflow ? `${fold}: the detail lists them` : `${fold}: identical decisions folded into this row` } : { text: '' },
    caller: { text: caller.text, title: caller.title },
    duration: { text: formatDurationUs(row.durationUs), title: `decided in ${formatDurationUs(row.durationUs)}` },
  }
}
