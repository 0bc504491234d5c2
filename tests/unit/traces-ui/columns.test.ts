import { describe, expect, it } from 'vitest'
import { COLUMNS, HIDE_ORDER, layoutFor, widthOf, type ColumnKey } from '@/components/traces/columns'

const keys = (width: number | undefined) => layoutFor(width).columns.map((c) => c.key)
const ALWAYS: readonly ColumnKey[] = ['verdict', 'kind', 'target', 'reason']
const full = widthOf(COLUMNS)

describe('the /traces columns at a given list width', () => {
  it('shows every column when they fit, in display order', () => {
    expect(keys(2000)).toEqual(['time', 'verdict', 'kind', 'target', 'layer', 'reason', 'caller', 'duration'])
    expect(layoutFor(2000).hidden).toEqual([])
  })

  it("an observed decision's source badge sits under its component.action, not in a column of its own", () => {
    const target = COLUMNS.find((c) => c.key === 'target')
    expect(target?.lines).toEqual([['target'], ['source']])
    expect(COLUMNS.flatMap((c) => c.lines.flat()).filter((f) => f === 'source')).toHaveLength(1)
  })

  it.each([
    // [list width, columns hidden (in order)]
    [full, []],
    [full - 1, ['duration']],
    [full - 76 - 1, ['duration', 'layer']],
    // A 1024 px window: the list is ~715 px wide; the kind, time and caller stay, the duration and layer go.
    [715, ['duration', 'layer']],
    [600, ['duration', 'layer', 'time']],
    [500, ['duration', 'layer', 'time', 'caller']],
  ])('at %i px hides %j', (width, hidden) => {
    const layout = layoutFor(width)
    expect(layout.hidden.map((c) => c.key)).toEqual(hidden)
    if (hidden.length < 4) expect(widthOf(layout.columns)).toBeLessThanOrEqual(width)
  })

  it('hides columns only in HIDE_ORDER and never the verdict, kind, component.action or reason', () => {
    for (let width = 200; width <= 1600; width += 7) {
      const layout = layoutFor(width)
      const hidden = layout.hidden.map((c) => c.key)
      expect(hidden).toEqual(HIDE_ORDER.slice(0, hidden.length))
      for (const k of ALWAYS) expect(layout.columns.map((c) => c.key)).toContain(k)
      // Every column is either shown or hidden, never both, never lost.
      expect(layout.columns.length + layout.hidden.length).toBe(COLUMNS.length)
    }
  })

  it('a width below every minimum lets the growing columns shrink instead of overflowing', () => {
    const layout = layoutFor(300)
    expect(layout.columns.map((c) => c.key)).toEqual(['verdict', 'kind', 'target', 'reason'])
    expect(layout.template).toContain('minmax(0px')
    expect(layoutFor(800).template).not.toContain('minmax(0px')
  })

  it('before the list is measured: everything but the duration and the layer', () => {
    expect(keys(undefined)).toEqual(['time', 'verdict', 'kind', 'target', 'reason', 'caller'])
    expect(keys(0)).toEqual(keys(undefined))
  })

  it('header and rows share one template with one track per column', () => {
    const layout = layoutFor(1400)
    expect(layout.template.split(/ (?![^(]*\))/)).toHaveLength(layout.columns.length)
  })
})
