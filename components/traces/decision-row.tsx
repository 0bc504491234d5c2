import { VerdictBadge } from '@/components/trace/outcome-badge'
import { formatDurationUs, kindMessage, targetOf } from '@/components/trace/trace-format'
import type { DecisionSummaryView } from '@/lib/api/decisions'
import { cn } from '@/lib/utils'
import { clockTime, foldLabel } from './log-model'

export const ROW_HEIGHT = 44

const OVERFLOW_REASON = 'various decisions (listed in the detail)'

/** One line of the log: time, verdict, message, target, deciding layer, reason (and what was folded into the row), persona. */
export function DecisionRow({ row, selected, onOpen }: { row: DecisionSummaryView; selected: boolean; onOpen: (id: number) => void }) {
  const target = targetOf({ ...(row.component ? { component: row.component } : {}), ...(row.action ? { action: row.action } : {}) })
  const folded = foldLabel(row)
  const reason = row.overflow ? OVERFLOW_REASON : (row.reason ?? (row.verdict === 'allow' ? 'allowed' : ''))
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
      {/* A folded row says so on a second line, so the reason keeps its width. */}
      <span className="flex min-w-0 flex-1 flex-col">
        <span className="truncate" title={row.overflow ? OVERFLOW_REASON : row.reason} data-testid="row-reason">{reason}</span>
        {folded && <span className="truncate text-[11px] font-medium leading-4 text-warn" title={folded} data-testid="row-folded">{folded}</span>}
      </span>
      <span className="hidden w-24 shrink-0 truncate text-xs text-muted sm:inline">{row.persona ?? 'anonymous'}</span>
      <span className="hidden w-16 shrink-0 text-right font-mono text-xs text-muted xl:inline">{formatDurationUs(row.durationUs)}</span>
    </button>
  )
}
