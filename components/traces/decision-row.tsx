import { VerdictBadge } from '@/components/trace/outcome-badge'
import { formatDurationUs, kindMessage, targetOf } from '@/components/trace/trace-format'
import type { DecisionSummaryView } from '@/lib/api/decisions'
import { cn } from '@/lib/utils'
import { clockTime } from './log-model'

export const ROW_HEIGHT = 44

/** One line of the log: time, verdict, message, target, deciding layer, reason, persona. */
export function DecisionRow({ row, selected, onOpen }: { row: DecisionSummaryView; selected: boolean; onOpen: (id: number) => void }) {
  const target = targetOf({ ...(row.component ? { component: row.component } : {}), ...(row.action ? { action: row.action } : {}) })
  return (
    <button
      type="button"
      onClick={() => onOpen(row.id)}
      aria-current={selected ? 'true' : undefined}
      data-testid="decision-row"
      data-verdict={row.verdict}
      className={cn('flex h-full w-full items-center gap-3 border-b border-line px-3 text-left text-sm hover:bg-surface', selected && 'bg-accent/10')}
    >
      <span className="w-24 shrink-0 font-mono text-xs text-muted" title={new Date(row.at).toISOString()}>{clockTime(row.at)}</span>
      <span className="w-16 shrink-0"><VerdictBadge verdict={row.verdict === 'allow' ? 'ALLOW' : 'DENY'} /></span>
      <span className="hidden w-32 shrink-0 font-mono text-xs text-muted xl:inline">{kindMessage(row.kind)}</span>
      <span className="w-44 shrink-0 truncate font-mono text-sm font-medium" title={target}>{target || '—'}</span>
      <span className="hidden w-36 shrink-0 truncate font-mono text-xs text-accent lg:inline">{row.decidedBy ?? ''}</span>
      <span className="min-w-0 flex-1 truncate" title={row.reason} data-testid="row-reason">{row.reason ?? (row.verdict === 'allow' ? 'allowed' : '')}</span>
      <span className="hidden w-24 shrink-0 truncate text-xs text-muted sm:inline">{row.persona ?? 'anonymous'}</span>
      <span className="hidden w-16 shrink-0 text-right font-mono text-xs text-muted xl:inline">{formatDurationUs(row.durationUs)}</span>
    </button>
  )
}
