/** The simulator's answer: verdict, reason, the derived authContext and the trace steps. */
import { OutcomeBadge, VerdictBadge } from '@/components/trace/outcome-badge'
import type { SimResponse } from '@/lib/api/workspace'
import { cn } from '@/lib/utils'

const STEP_LABEL: Record<string, string> = {
  authContext: 'token -> authContext',
  authorizer: 'authorizer call',
  result: 'returned value',
  coercion: 'boolean check',
}

const json = (value: unknown): string => JSON.stringify(value, null, 2)

export function SimResult({ result, title }: { result: SimResponse; title: string }) {
  return (
    <div className="space-y-3" data-testid="sim-result" data-verdict={result.verdict}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <VerdictBadge verdict={result.verdict === 'allow' ? 'ALLOW' : 'DENY'} />
        <span className="font-mono font-medium">{title}</span>
      </div>
      <p className="text-sm" data-testid="sim-reason">{result.reason}</p>
      <div className="space-y-3">
        <section aria-labelledby="sim-authcontext" className="min-w-0">
          <h4 id="sim-authcontext" className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">authContext</h4>
          {result.authContext === null ? (
            <p className="text-sm text-deny">None: the token has no act claim and no sub.</p>
          ) : (
            <pre className="overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs" data-testid="sim-authcontext">{json(result.authContext)}</pre>
          )}
        </section>
        <section aria-labelledby="sim-trace" className="min-w-0">
          <h4 id="sim-trace" className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">Trace</h4>
          <ol className="space-y-1.5" aria-label="Steps, in the order they ran">
            {result.trace.map((step, index) => (
              <li
                key={`${step.step}-${index}`}
                className={cn('rounded-md border px-2.5 py-1.5', step.outcome === 'deny' ? 'border-deny/40 bg-deny/5' : step.outcome === 'error' ? 'border-warn/50 bg-warn/5' : 'border-line')}
              >
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="w-5 text-right font-mono text-xs text-muted" aria-hidden="true">{index + 1}</span>
                  <span className="min-w-[10rem] font-mono text-sm font-medium">{STEP_LABEL[step.step] ?? step.step}</span>
                  <OutcomeBadge outcome={step.outcome} />
                  <span className="min-w-0 flex-1 text-sm">{step.detail}</span>
                </div>
                {step.inputs !== undefined && step.step !== 'authContext' && (
                  <details className="ml-8 mt-1">
                    <summary className="cursor-pointer text-xs text-muted">inputs</summary>
                    <pre className="mt-1 max-h-48 overflow-auto rounded bg-surface p-2 font-mono text-xs">{json(step.inputs)}</pre>
                  </details>
                )}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  )
}
