import { LOG_BUDGET } from '@/lib/store/decision-budget'
import type { FoldedVariants } from '@/lib/store/decision-folds'
import { clockTime } from './log-model'

export interface FoldedRecord {
  readonly at: number
  readonly repeatCount: number
  readonly lastAt?: number
  readonly foldedVariants?: FoldedVariants
  readonly connectionId?: string
}

const BUDGET = `${LOG_BUDGET.perSecond} rows/s, bursts of ${LOG_BUDGET.burst}`
const n = (v: number) => v.toLocaleString('en-US')

/** What a row stands for besides itself: identical decisions folded into it, or an overflow row's distinct ones. */
export function FoldedDecisions({ record }: { record: FoldedRecord }) {
  const { repeatCount, foldedVariants: folded } = record
  if (repeatCount <= 1 && !folded) return null
  const span = record.lastAt !== undefined && record.lastAt > record.at ? ` between ${clockTime(record.at)} and ${clockTime(record.lastAt)}` : ''
  return (
    <section aria-labelledby="folded-title" className="mb-3 rounded-md border border-warn/50 bg-warn/10 px-3 py-2 text-sm" data-testid="folded-decisions">
      <h3 id="folded-title" className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">Folded decisions</h3>
      {folded ? (
        <>
          <p>
            This row counts {n(repeatCount)} different {repeatCount === 1 ? 'decision' : 'decisions'} made{span} while connection{' '}
            <span className="font-mono">{record.connectionId ?? '?'}</span> was over its logging budget ({BUDGET}) with no row left to fold
            them into. Their kind, verdict, deciding layer and session are this row&apos;s; their traces and payloads were not stored.
          </p>
          <table className="mt-2 w-full text-xs">
            <thead><tr className="text-left text-muted"><th className="pr-2 font-medium">Target</th><th className="pr-2 font-medium">Reason</th><th className="text-right font-medium">Decisions</th></tr></thead>
            <tbody>
              {folded.variants.map((v, i) => (
                <tr key={i}>
                  <td className="pr-2 font-mono">{[v.component, v.action].filter(Boolean).join('.') || '—'}</td>
                  <td className="pr-2">{v.reason ?? '—'}</td>
                  <td className="text-right font-mono">{n(v.count)}</td>
                </tr>
              ))}
              {folded.others > 0 && <tr><td className="pr-2 text-muted" colSpan={2}>others (not listed)</td><td className="text-right font-mono">{n(folded.others)}</td></tr>}
            </tbody>
          </table>
        </>
      ) : (
        <p>
          This row stands for {n(repeatCount)} decisions: itself and {repeatCount === 2 ? 'one identical decision' : `${n(repeatCount - 1)} identical ones`} (same connection, kind, verdict,
          deciding layer, reason, component, action, profile, workspace version and session) made{span}, folded into it because the
          connection was over its logging budget ({BUDGET}). Only this one&apos;s trace and payload were stored.
        </p>
      )}
    </section>
  )
}
