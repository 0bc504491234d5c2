'use client'

import { useEffect, useRef, useState, type ReactNode } from 'react'

/** Which rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): { start: number; end: number } {
  const first = Math.floor(scrollTop / rowHeight)
  const shown = Math.ceil(viewport / rowHeight)
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + shown + overscan) }
}

/**
 * A fixed-row-height windowed list: only the rows in view are in the DOM, so
 * 100,000 rows scroll as smoothly as 100. Calls `onEndReached` near the bottom.
 */
export function VirtualList<T>({ items, rowHeight, height, label, renderRow, getKey, onEndReached }: {
  items: readonly T[]
  rowHeight: number
  height: number
  label: string
  renderRow: (item: T, index: number) => ReactNode
  getKey: (item: T) => string | number
  onEndReached?: () => void
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const { start, end } = visibleRange(scrollTop, height, rowHeight, items.length)

  useEffect(() => {
    if (onEndReached && items.length > 0 && end >= items.length - 20) onEndReached()
  }, [end, items.length, onEndReached])

  return (
    <div ref={ref} className="relative overflow-y-auto rounded-md border border-line" style={{ height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="decision-list">
      <ul aria-label={label} className="relative" style={{ height: items.length * rowHeight }}>
        {items.slice(start, end).map((item, i) => (
          <li key={getKey(item)} aria-setsize={items.length} aria-posinset={start + i + 1} className="absolute inset-x-0" style={{ top: (start + i) * rowHeight, height: rowHeight }}>
            {renderRow(item, start + i)}
          </li>
        ))}
      </ul>
    </div>
  )
}
