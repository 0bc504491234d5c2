import type { StepView } from '@/lib/api/decide'
import { cn } from '@/lib/utils'
import { OutcomeBadge } from './outcome-badge'
import { formatDurationUs, inputRows } from './trace-format'

/** The layer-by-layer steps of one decision, with their reasons and inputs. */
export function StepList({ steps }: { steps: readonly StepView[] }) {
  return (
    <ol className="space-y-1.5" aria-label="Layers, in the order they ran">
      {steps.map((step, index) => {
        const rows = inputRows(step)
        return (
          <li key={`${step.layer}-${index}`} className={cn('rounded-md border px-2.5 py-1.5', step.outcome === 'deny' ? 'border-deny/40 bg-deny/5' : step.outcome === 'error' ? 'border-warn/50 bg-warn/5' : 'border-line')}>
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className="w-5 text-right font-mono text-xs text-muted" aria-hidden="true">{index + 1}</span>
              <span className="min-w-[11rem] font-mono text-sm font-medium">{step.layer}</span>
              <OutcomeBadge outcome={step.outcome} />
              <span className={cn('min-w-0 flex-1 text-sm', step.outcome === 'skip' ? 'text-muted' : '')}>{step.reason}</span>
              {step.durationUs > 0 && <span className="font-mono text-xs text-muted">{formatDurationUs(step.durationUs)}</span>}
            </div>
            {rows.length > 0 && (
              <dl className="ml-8 mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
                {rows.map((row) => (
                  <div key={row.key} className="contents">
                    <dt className="text-muted">{row.label}</dt>
                    <dd className={cn('break-all font-mono', row.emphasis ? 'font-semibold text-deny' : '')}>{row.value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        )
      })}
    </ol>
  )
}
