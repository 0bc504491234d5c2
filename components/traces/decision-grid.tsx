'use client'

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react'
import type { DecisionSummaryView } from '@/lib/api/decisions'
import { cn } from '@/lib/utils'
import { layoutFor } from './columns'
import { DecisionRow, ROW_HEIGHT } from './decision-row'
import { isMoveKey, moveIndex } from './grid-keys'
import { useVirtualWindow } from './virtual-list'

/** The list's inner width, kept up to date (undefined until measured). */
function useWidth(ref: RefObject<HTMLElement | null>): number | undefined {
  const [width, setWidth] = useState<number>()
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    const observer = new ResizeObserver(() => setWidth(el.clientWidth))
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

/**
 * The decision log as an ARIA grid: column headers, virtualized rows, Up/Down
 * (Home/End, Page Up/Down) move between rows, Enter or a click opens a row.
 * Columns follow the list's own width (columns.ts): lower-value ones give way first, and
 * a note under the list names them.
 */
export function DecisionGrid({ rows, selectedId, height, label, onOpen, onEndReached }: {
  rows: readonly DecisionSummaryView[]
  selectedId: number | undefined
  height: number
  label: string
  onOpen: (id: number) => void
  onEndReached?: () => void
}) {
  const { ref: scrollRef, onScroll, start, end, scrollToIndex } = useVirtualWindow(rows.length, ROW_HEIGHT, height, onEndReached)
  const width = useWidth(scrollRef)
  const layout = layoutFor(width)
  const [activeId, setActiveId] = useState<number>()
  const focusNext = useRef(false)

  const indexOf = useMemo(() => {
    const map = new Map<number, number>()
    rows.forEach((r, i) => map.set(r.id, i))
    return map
  }, [rows])
  // The row in the tab order: the one last moved to, else the open one, else the first.
  const activeIndex = (activeId !== undefined ? indexOf.get(activeId) : undefined) ?? (selectedId !== undefined ? indexOf.get(selectedId) : undefined) ?? 0
  const selectedIndex = selectedId !== undefined ? indexOf.get(selectedId) : undefined

  // A decision opened from elsewhere (the URL, back/forward) is scrolled into view once it is in the list.
  const shownSelection = useRef<number | undefined>(undefined)
  useEffect(() => {
    if (selectedId === undefined) {
      shownSelection.current = undefined
      return
    }
    if (selectedIndex === undefined || shownSelection.current === selectedId) return
    shownSelection.current = selectedId
    setActiveId(selectedId)
    scrollToIndex(selectedIndex)
  }, [selectedId, selectedIndex, scrollToIndex])

  useEffect(() => {
    if (!focusNext.current) return
    focusNext.current = false
    scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus({ preventScroll: true })
  })

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!isMoveKey(e.key) || e.altKey || e.ctrlKey || e.metaKey) return
    const next = moveIndex(e.key, activeIndex, rows.length, Math.max(1, Math.floor(height / ROW_HEIGHT) - 1))
    const row = next === undefined ? undefined : rows[next]
    if (next === undefined || !row) return
    e.preventDefault()
    setActiveId(row.id)
    focusNext.current = true
    scrollToIndex(next)
  }

  const activeRendered = activeIndex >= start && activeIndex < end
  return (
    <>
      <div role="grid" aria-label={label} aria-rowcount={rows.length + 1} aria-colcount={layout.columns.length} aria-multiselectable={false} className="rounded-md border border-line" data-columns={layout.columns.map((c) => c.key).join(' ')}>
        <div role="rowgroup" className="overflow-hidden rounded-t-md border-b border-line bg-surface [scrollbar-gutter:stable]">
          <div role="row" aria-rowindex={1} className="grid gap-3 px-3 py-1.5" style={{ gridTemplateColumns: layout.template }}>
            {layout.columns.map((c) => (
              <div key={c.key} role="columnheader" className={cn('truncate text-[11px] font-semibold uppercase tracking-wide text-muted', c.align === 'end' && 'text-right')} title={c.hint ?? c.header}>
                {c.header}
              </div>
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          ref={scrollRef}
          onScroll={onScroll}
          onKeyDown={onKeyDown}
          // When the row in the tab order is scrolled away, the list itself takes focus and hands it to the first row in view.
          tabIndex={activeRendered ? -1 : 0}
          onFocus={(e) => {
            if (e.target !== e.currentTarget) return
            const first = rows[Math.min(rows.length - 1, Math.ceil(e.currentTarget.scrollTop / ROW_HEIGHT))]
            if (!first) return
            setActiveId(first.id)
            focusNext.current = true
          }}
          className="relative overflow-y-auto outline-none [scrollbar-gutter:stable] focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent focus-visible:ring-0 focus-visible:ring-offset-0"
          style={{ height }}
          data-testid="decision-list"
        >
          <div role="presentation" className="relative" style={{ height: rows.length * ROW_HEIGHT }}>
            {rows.slice(start, end).map((row, i) => {
              const index = start + i
              return (
                <DecisionRow
                  key={row.id}
                  row={row}
                  layout={layout}
                  index={index}
                  selected={index === selectedIndex}
                  focusable={index === activeIndex}
                  style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
                  onOpen={(id) => {
                    setActiveId(id)
                    onOpen(id)
                  }}
                  onFocusRow={setActiveId}
                />
              )
            })}
          </div>
        </div>
      </div>
      {layout.hidden.length > 0 && (
        <p className="mt-2 text-xs text-muted" data-testid="hidden-columns">
          Not shown at this width: {layout.hidden.map((c) => c.header).join(', ')}. Open a decision to see them, or widen the window.
        </p>
      )}
    </>
  )
}
