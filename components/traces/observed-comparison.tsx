import { VerdictBadge } from '@/components/trace/outcome-badge'
import { Notice } from '@/components/ui/notice'
import { cn } from '@/lib/utils'
import type { Observed } from './detail-record'

const AGREEMENT: Record<Observed['agreement'], { text: string; tone: 'allow' | 'deny' | 'warn'; look: string }> = {
  agree: { text: 'agree', tone: 'allow', look: 'border-allow/40 bg-allow/10 text-green-800 dark:text-allow' },
  disagree: { text: 'mismatch', tone: 'deny', look: 'border-deny/50 bg-deny/10 text-red-800 dark:text-deny' },
  inconclusive: { text: 'inconclusive', tone: 'warn', look: 'border-warn/50 bg-warn/10 text-amber-800 dark:text-warn' },
}

const box = 'min-w-0 rounded-md border border-line bg-surface p-3'
const label = 'text-xs font-semibold uppercase tracking-wide text-muted'

/** What the upstream's client received, in words. */
export function upstreamText(answer: Observed['answer']): string {
  if (!answer.ok) return answer.error
  return answer.inferred ? 'success (no error came back; the studio infers it was allowed)' : 'success'
}

/**
 * An observed decision: what the upstream answered and what the workspace predicts
 * for the same request and session, side by side, with the agreement in words.
 * The row's verdict is the upstream's; `failed` marks an upstream error that is no denial.
 */
export function ObservedComparison({ source, observed, verdict, workspaceVersion }: {
  source: string
  observed: Observed
  /** The row's verdict: the upstream's. */
  verdict: 'allow' | 'deny'
  workspaceVersion: number | undefined
}) {
  const { answer, predicted, agreement, note } = observed
  const look = AGREEMENT[agreement]
  const failed = !answer.ok && verdict === 'allow'
  return (
    <section aria-labelledby="observed-title" className="space-y-2" data-testid="observed-comparison" data-agreement={agreement}>
      <h3 id="observed-title" className={cn(label, 'flex flex-wrap items-center gap-2')}>
        Upstream and workspace
        <span className={cn('rounded border px-1.5 py-0.5 font-mono text-[11px] font-bold normal-case tracking-normal', look.look)} data-testid="agreement">{look.text}</span>
      </h3>
      <div className="grid gap-2 sm:grid-cols-2">
        <div className={box} data-testid="upstream-answer">
          <p className={label}>Upstream <span className="font-mono normal-case tracking-normal text-ink">{source}</span> answered</p>
          <p className="mt-1.5 flex items-center gap-2">
            {failed ? (
              <span className="inline-flex w-14 justify-center rounded border border-warn/50 bg-warn/10 px-1 py-0.5 font-mono text-xs font-bold text-amber-800 dark:text-warn">ERROR</span>
            ) : (
              <VerdictBadge verdict={answer.ok ? 'ALLOW' : 'DENY'} />
            )}
          </p>
          <p className="mt-1.5 break-words font-mono text-sm">{upstreamText(answer)}</p>
        </div>
        <div className={box} data-testid="workspace-prediction">
          <p className={label}>Workspace predicts{workspaceVersion !== undefined ? <span className="normal-case tracking-normal"> (v{workspaceVersion})</span> : null}</p>
          <p className="mt-1.5 flex flex-wrap items-center gap-2">
            <VerdictBadge verdict={predicted.verdict === 'allow' ? 'ALLOW' : 'DENY'} />
            {predicted.decidedBy && <span className="font-mono text-xs text-accent">{predicted.decidedBy}</span>}
          </p>
          <p className="mt-1.5 break-words font-mono text-sm">{predicted.verdict === 'allow' ? 'success' : (predicted.wireText ?? predicted.reason ?? 'denied')}</p>
          {predicted.reason && predicted.wireText && predicted.wireText !== predicted.reason && !predicted.wireText.endsWith(predicted.reason) && (
            <p className="mt-1 break-words text-xs text-muted">reason: {predicted.reason}</p>
          )}
        </div>
      </div>
      <Notice tone={look.tone} data-testid="agreement-note">{note}</Notice>
    </section>
  )
}
