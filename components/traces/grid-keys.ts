/**
 * Keyboard moves in the /traces list (pure): which row a key moves to, or
 * undefined when the key is not a move (Enter, Escape and the rest are the caller's).
 */
const MOVES = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'])

export function isMoveKey(key: string): boolean {
  return MOVES.has(key)
}

/** The row index `key` moves to from `current` (undefined: nothing active yet) among `count` rows, `page` rows a page. */
export function moveIndex(key: string, current: number | undefined, count: number, page: number): number | undefined {
  if (count <= 0 || !MOVES.has(key)) return undefined
  const last = count - 1
  const clamp = (i: number) => Math.min(last, Math.max(0, i))
  if (current === undefined) return key === 'End' ? last : 0
  const step = Math.max(1, page)
  switch (key) {
    case 'ArrowDown': return clamp(current + 1)
    case 'ArrowUp': return clamp(current - 1)
    case 'Home': return 0
    case 'End': return last
    case 'PageDown': return clamp(current + step)
    default: return clamp(current - step)
  }
}

/** The scrollTop that brings row `index` fully into a viewport of `viewport` px (unchanged when it already is). */
export function scrollToShow(index: number, rowHeight: number, viewport: number, scrollTop: number): number {
  const top = index * rowHeight
  if (top < scrollTop) return top
  if (top + rowHeight > scrollTop + viewport) return Math.max(0, top + rowHeight - viewport)
  return scrollTop
}
