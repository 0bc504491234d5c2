/**
 * The columns of the /traces list for the width the list has (pure, no React).
 * Every column has one field, but for two companions on a second line: a decision
 * observed on an upstream has its source badge (and mismatch marker) under its
 * component.action, and a folded row its count under its reason.
 * When the width runs out, the lower-value columns are hidden one by one in a
 * fixed order (HIDE_ORDER); the verdict, kind, component.action and reason are
 * never hidden, and every hidden field is in the decision's side panel.
 */

/** Every field a row can show. */
export const ROW_FIELDS = ['time', 'verdict', 'source', 'kind', 'target', 'layer', 'reason', 'fold', 'caller', 'duration'] as const
export type RowField = (typeof ROW_FIELDS)[number]

export type ColumnKey = 'time' | 'verdict' | 'kind' | 'target' | 'layer' | 'reason' | 'caller' | 'duration'

export interface Column {
  readonly key: ColumnKey
  readonly header: string
  /** What the header means, as its tooltip. */
  readonly hint?: string
  /** The cell's lines, top to bottom; the fields of one line sit side by side. */
  readonly lines: readonly (readonly RowField[])[]
  /** Narrowest width in px before its text is cut (the full text is then in a tooltip). */
  readonly min: number
  /** Share of the width left over (fr); fixed-width columns have none. */
  readonly grow?: number
  readonly align?: 'end'
}

export interface ColumnLayout {
  /** The columns shown, left to right. */
  readonly columns: readonly Column[]
  /** The columns hidden for lack of width, in the order they were hidden. */
  readonly hidden: readonly Column[]
  /** CSS grid-template-columns, shared by the header and every row. */
  readonly template: string
}

/** Space between two cells and on each side of a row, in px (Tailwind gap-3 and px-3). */
export const CELL_GAP = 12
export const ROW_PADDING = 12

const CALLER_HINT = 'The persona whose claims the session carried; the session id when no persona matches; anonymous without a session'

/** Every column in display order. */
export const COLUMNS: readonly Column[] = [
  { key: 'time', header: 'Time', lines: [['time']], min: 92 },
  { key: 'verdict', header: 'Verdict', lines: [['verdict']], min: 56 },
  { key: 'kind', header: 'Kind', hint: 'What was asked: auth, mount, action, property or room (the wire message on hover)', lines: [['kind']], min: 64 },
  // An observed decision's upstream (a badge; nothing for the studio's own server) on a second line.
  { key: 'target', header: 'Component.action', hint: 'The component and action asked for; a badge under it names the upstream app a decision was observed on', lines: [['target'], ['source']], min: 140, grow: 1.1 },
  { key: 'layer', header: 'Deciding layer', lines: [['layer']], min: 120, grow: 0.5 },
  { key: 'reason', header: 'Reason', lines: [['reason'], ['fold']], min: 160, grow: 2 },
  { key: 'caller', header: 'Caller', hint: CALLER_HINT, lines: [['caller']], min: 88, grow: 0.35 },
  { key: 'duration', header: 'Duration', lines: [['duration']], min: 64, align: 'end' },
]

/**
 * Which columns give way first when the list is narrow: the duration (in the trace), the
 * deciding layer (the reason usually names it), the time (the list is newest first), then the
 * caller. The verdict, kind, component.action (with an observed decision's source and
 * mismatch marker) and reason stay at any width.
 */
export const HIDE_ORDER: readonly ColumnKey[] = ['duration', 'layer', 'time', 'caller']

/** Width in px that `columns` need: their minimums, the gaps between them and the row's padding. */
export function widthOf(columns: readonly Column[]): number {
  return columns.reduce((sum, c) => sum + c.min, 0) + CELL_GAP * Math.max(0, columns.length - 1) + ROW_PADDING * 2
}

function track(c: Column, cramped: boolean): string {
  if (!c.grow) return `${c.min}px`
  // Below every minimum (a very narrow window), the growing columns may shrink to nothing rather than overflow.
  return `minmax(${cramped ? 0 : c.min}px, ${c.grow}fr)`
}

/**
 * The columns shown at `width` px (the list's inner width): all of them when they fit,
 * else the HIDE_ORDER columns hidden one by one until the rest fit. An unknown width
 * (before the list is measured) hides nothing optional but the duration and layer.
 */
export function layoutFor(width: number | undefined): ColumnLayout {
  const available = COLUMNS
  const room = width === undefined || !Number.isFinite(width) || width <= 0 ? undefined : width
  const hiddenKeys = new Set<ColumnKey>()
  const shown = () => available.filter((c) => !hiddenKeys.has(c.key))
  for (const key of HIDE_ORDER) {
    if (room !== undefined ? widthOf(shown()) <= room : hiddenKeys.size >= 2) break
    if (available.some((c) => c.key === key)) hiddenKeys.add(key)
  }
  const columns = shown()
  const cramped = room !== undefined && widthOf(columns) > room
  const hidden = HIDE_ORDER.flatMap((k) => available.filter((c) => c.key === k && hiddenKeys.has(k)))
  return { columns, hidden, template: columns.map((c) => track(c, cramped)).join(' ') }
}

/** The fields a layout shows, in reading order. */
export function fieldsOf(layout: ColumnLayout): RowField[] {
  return layout.columns.flatMap((c) => c.lines.flat())
}
