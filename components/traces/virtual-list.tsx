'use client'

import { useCallback, useEffect, useRef, useState, type RefObject, type UIEvent } from 'react'
import { scrollToShow } from './grid-keys'

/** Which rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): { start: number; end: number } {
  const first = Math.floor(scrollTop / rowHeight)
  const shown = Math.ceil(viewport / rowHeight)
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + shown + overscan) }
}

export interface VirtualWindow {
  /** Attach to the scrolling element (fixed `height`, overflow-y auto). */
  readonly ref: RefObject<HTMLDivElement | null>
  readonly onScroll: (e: UIEvent<HTMLDivElement>) => void
  /** Rows [start, end) are rendered; each sits at `index * rowHeight`. */
  readonly start: number
  readonly end: number
  /** Scrolls just enough for row `index` to be fully in view. */
  scrollToIndex(index: number): void
}

/**
 * A fixed-row-height window over `count` rows: only the rows in view are in the
 * DOM, so 100,000 rows scroll as smoothly as 100. Calls `onEndReached` near the bottom.
 */
export function useVirtualWindow(count: number, rowHeight: number, height: number, onEndReached?: () => void): VirtualWindow {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const { start, end } = visibleRange(scrollTop, height, rowHeight, count)

  useEffect(() => {
    if (onEndReached && count > 0 && end >= count - 20) onEndReached()
  }, [end, count, onEndReached])

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), [])
  const scrollToIndex = useCallback((index: number) => {
    const el = ref.current
    if (!el) return
    const top = scrollToShow(index, rowHeight, el.clientHeight || height, el.scrollTop)
    if (top !== el.scrollTop) el.scrollTop = top
    // Render the new window now rather than on the scroll event, so the row can take focus at once.
    setScrollTop(top)
  }, [rowHeight, height])

  return { ref, onScroll, start, end, scrollToIndex }
}
