import Link from 'next/link'
import type { StepView } from '@/lib/api/decide'
import { sourceHref, sourceLabel } from '@/components/rules/source-link'
import { cn } from '@/lib/utils'
import { OutcomeBadge } from './outcome-badge'
import { formatDurationUs, inputRows } from './trace-format'

/**
 * The layer-by-layer steps of one decision, with their reasons and inputs; a
 * step that ran developer code (a custom authorize) links to where it is written.
 */
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
              <span className={cn('min-w-0 flex-1 basis-48 text-sm', step.outcome === 'skip' ? 'text-muted' : '')}>
                {step.reason}
                {step.source && (
                  <>
                    {' — '}
                    <Link
                      href={sourceHref(step.source)}
                      prefetch={false}
                      className="whitespace-nowrap font-mono text-xs text-accent underline underline-offset-2 hover:opacity-80"
                      title={`Open ${sourceLabel(step.source)} in the rule editor`}
                      aria-label={`${sourceLabel(step.source)}: open in the rule editor`}
                      data-testid="step-source"
                    >
                      {sourceLabel(step.source)}
                    </Link>
                  </>
                )}
              </span>
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
