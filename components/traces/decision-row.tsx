import type { CSSProperties, KeyboardEvent } from 'react'
import { VerdictBadge } from '@/components/trace/outcome-badge'
import type { DecisionSummaryView } from '@/lib/api/decisions'
import { cn } from '@/lib/utils'
import type { ColumnLayout, RowField } from './columns'
import { callerOf, rowFields } from './row-fields'

export const ROW_HEIGHT = 44

/** Each field's look on a cell's first line and on its second (smaller) line. */
const LOOK: Record<Exclude<RowField, 'verdict'>, readonly [string, string]> = {
  time: ['font-mono text-xs text-muted', 'font-mono text-[11px] leading-4 text-muted'],
  kind: ['font-mono text-xs text-muted', 'font-mono text-[11px] leading-4 text-muted'],
  source: ['font-mono text-xs text-muted', 'font-mono text-[11px] leading-4 text-muted'],
  target: ['font-mono text-sm font-medium', 'font-mono text-[11px] leading-4'],
  layer: ['font-mono text-xs text-accent', 'font-mono text-[11px] leading-4 text-accent'],
  reason: ['text-sm', 'text-[11px] leading-4'],
  // The theme's warn colour falls under 4.5:1 on a selected row in the light theme: a darker amber there.
  fold: ['text-xs font-medium text-amber-800 dark:text-warn', 'text-[11px] font-medium leading-4 text-amber-800 dark:text-warn'],
  caller: ['text-xs text-muted', 'text-[11px] leading-4 text-muted'],
  duration: ['font-mono text-xs text-muted', 'font-mono text-[11px] leading-4 text-muted'],
}

const TEST_ID: Partial<Record<RowField, string>> = { reason: 'row-reason', fold: 'row-folded', caller: 'row-caller', target: 'row-target', kind: 'row-kind', time: 'row-time', layer: 'row-layer', duration: 'row-duration' }

/** An observed decision's upstream as a badge, and its mismatch marker (a sign and a word, not colour alone); nothing for the studio's own server. */
function SourceBadge({ row, text, title }: { row: DecisionSummaryView; text: string; title: string | undefined }) {
  if (row.source === undefined) return null
  return (
    <>
      <span className="min-w-0 truncate rounded border border-accent/40 bg-accent/10 px-1.5 font-mono text-[11px] font-medium leading-4 text-ink" title={title} data-testid="row-source">{text}</span>
      {row.mismatch && (
        <span className="shrink-0 rounded border border-deny/50 bg-deny/10 px-1 font-mono text-[11px] font-bold leading-4 text-red-800 dark:text-deny" title="The upstream's answer and the workspace's prediction disagree" data-testid="row-mismatch">
          <span aria-hidden="true">≠ </span>mismatch
        </span>
      )}
    </>
  )
}

/**
 * One line of the log as a grid row: the layout's columns (the reason cell has a
 * second line for a folded row); every cut text carries its full text as a tooltip.
 */
export function DecisionRow({ row, layout, index, selected, focusable, style, onOpen, onFocusRow }: {
  row: DecisionSummaryView
  layout: ColumnLayout
  /** Position in the list from 0 (aria-rowindex is one more than the header's 1). */
  index: number
  selected: boolean
  /** The one row of the grid in the tab order (roving tabindex). */
  focusable: boolean
  style: CSSProperties
  onOpen: (id: number) => void
  onFocusRow: (id: number) => void
}) {
  const fields = rowFields(row)
  const caller = callerOf(row)
  const open = () => onOpen(row.id)
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return
    e.preventDefault()
    open()
  }
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-testid="decision-row"
      data-id={row.id}
      data-verdict={row.verdict}
      data-source={row.source ?? 'studio'}
      {...(row.mismatch ? { 'data-mismatch': 'true' } : {})}
      onClick={open}
      onKeyDown={onKeyDown}
      onFocus={(e) => e.target === e.currentTarget && onFocusRow(row.id)}
      style={{ ...style, gridTemplateColumns: layout.template }}
      className={cn(
        'absolute inset-x-0 grid cursor-pointer items-center gap-3 border-b border-line px-3 text-left hover:bg-surface',
        // The focus ring is drawn inside the row: the list's scrolling box would clip one drawn outside.
        'outline-none focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent focus-visible:ring-0 focus-visible:ring-offset-0',
        selected && 'bg-accent/[0.07] shadow-[inset_3px_0_0_0_rgb(var(--accent))]',
      )}
    >
      {layout.columns.map((col) => (
        <div key={col.key} role="gridcell" className={cn('flex min-w-0 flex-col justify-center', col.align === 'end' && 'items-end text-right')}>
          {col.lines.map((line, i) => (
            <div key={line.join('+')} className={cn('flex min-w-0 max-w-full items-center gap-2', col.align === 'end' && 'justify-end')}>
              {line.map((field) => {
                if (field === 'verdict') return <VerdictBadge key={field} verdict={row.verdict === 'allow' ? 'ALLOW' : 'DENY'} />
                const { text, title } = fields[field]
                if (field === 'source') return <SourceBadge key={field} row={row} text={text} title={title} />
                if (text === '') return null
                return (
                  <span
                    key={field}
                    className={cn('min-w-0 truncate', LOOK[field][i === 0 ? 0 : 1], field === 'caller' && caller.kind === 'session' && 'font-mono')}
                    title={title}
                    data-testid={TEST_ID[field]}
                    {...(field === 'caller' ? { 'data-caller': caller.kind } : {})}
                  >
                    {text}
                  </span>
                )
              })}
            </div>
          ))}
        </div>
      ))}
    </div>
  )
}
