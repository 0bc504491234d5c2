import { describe, expect, it } from 'vitest'
import { EMPTY_FORM, FILTER_FIELDS, formFromSearch, formToQuery, selectOptions } from '@/components/traces/filter-form'
import { moveIndex, scrollToShow } from '@/components/traces/grid-keys'
import { noRuleTestReason, summaryOfWritten } from '@/components/traces/log-model'
import { callerOf, rowFields, sourceOf } from '@/components/traces/row-fields'
import { detailIdFrom, withDetail, withFilter } from '@/components/traces/url-state'
import { visibleRange } from '@/components/traces/virtual-list'
import { decisionSummarySchema, matchesQuery, searchFromQuery, type DecisionSummaryView } from '@/lib/api/decisions'
import { STUDIO_SOURCE_NAME } from '@/lib/api/metrics'
import { STUDIO_SOURCE } from '@/lib/live/proxy/upstreams'

const ROW: DecisionSummaryView = {
  id: 7, at: Date.UTC(2026, 0, 2, 3, 4, 5, 6), kind: 'action', verdict: 'deny', profile: 'documented', durationUs: 410, repeatCount: 1,
  component: 'ModerationPanel', action: 'banUser', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'banUser'",
}

describe('who made a decision (the caller column)', () => {
  it.each<[Partial<DecisionSummaryView>, string, string]>([
    [{ persona: 'free-user', sessionId: 'u-free' }, 'persona', 'free-user'],
    // A pasted token whose claims match no persona: its session id, never "anonymous".
    [{ sessionId: 'sbk_user_42' }, 'session', 'sbk_user_42'],
    [{ persona: '', sessionId: 'u-9' }, 'session', 'u-9'],
    [{}, 'anonymous', 'anonymous'],
    [{ sessionId: '' }, 'anonymous', 'anonymous'],
  ])('%j -> %s %s', (extra, kind, text) => {
    const caller = callerOf({ ...ROW, ...extra })
    expect([caller.kind, caller.text]).toEqual([kind, text])
  })
})

describe('row fields carry their full text on hover', () => {
  it('target, reason, kind and time', () => {
    const f = rowFields(ROW)
    expect(f.target).toEqual({ text: 'ModerationPanel.banUser', title: 'ModerationPanel.banUser' })
    expect(f.reason).toEqual({ text: "Insufficient roles for action 'banUser'", title: "Insufficient roles for action 'banUser'" })
    expect(f.kind).toEqual({ text: 'action', title: 'an action decision (CALL_ACTION)' })
    expect(rowFields({ ...ROW, kind: 'mount', action: undefined }).kind.title).toBe('a mount decision (COMPONENT_MOUNT)')
    expect(f.time.title).toBe('2026-01-02T03:04:05.006Z')
    expect(f.duration.text).toBe('0.41 ms')
  })

  it('an AUTH decision has no target; an allow without a reason says so', () => {
    const f = rowFields({ ...ROW, kind: 'auth', component: undefined, action: undefined, verdict: 'allow', reason: undefined, decidedBy: undefined })
    expect(f.target.text).toBe('—')
    expect(f.reason.text).toBe('allowed')
    expect(f.layer.text).toBe('—')
  })

  it('the source: the studio, or the upstream with a word on the mismatch', () => {
    expect(sourceOf(ROW).text).toBe('studio')
    expect(sourceOf({ source: 'shop' })).toEqual({ text: 'shop', title: 'observed on upstream shop through the recording proxy' })
    expect(sourceOf({ source: 'shop', mismatch: true }).title).toContain('the workspace predicts a different answer')
  })
})

describe('texts', () => {
  it.each([['auth', 'An auth decision has no rule-test form'], ['property', 'A property decision has no rule-test form']])('%s', (kind, start) => {
    expect(noRuleTestReason(kind).startsWith(start)).toBe(true)
  })
})

describe('the detail in the URL', () => {
  it.each<[string, number | undefined]>([['?id=123', 123], ['?verdict=deny&id=9', 9], ['?id=0', undefined], ['?id=-1', undefined], ['?id=abc', undefined], ['?id=1e3', undefined], ['', undefined]])('%s -> %s', (search, id) => {
    expect(detailIdFrom(search)).toBe(id)
  })

  it('opening and closing keep the filter; a new filter keeps the open decision', () => {
    expect(withDetail('?verdict=deny', 5)).toBe('?verdict=deny&id=5')
    expect(withDetail('?verdict=deny&id=5', 6)).toBe('?verdict=deny&id=6')
    expect(withDetail('?verdict=deny&id=5', undefined)).toBe('?verdict=deny')
    expect(withFilter('?verdict=deny&id=5', new URLSearchParams('component=AdminPanel&source=shop&mismatch=1'))).toBe('?component=AdminPanel&source=shop&mismatch=1&id=5')
    expect(withFilter('?verdict=deny&mismatch=1', new URLSearchParams())).toBe('')
  })
})

describe('arrow keys in the list', () => {
  it.each<[string, number | undefined, number | undefined]>([
    ['ArrowDown', 0, 1], ['ArrowDown', 9, 9], ['ArrowUp', 0, 0], ['ArrowUp', 5, 4], ['Home', 5, 0], ['End', 2, 9],
    ['PageDown', 2, 7], ['PageUp', 7, 2], ['PageDown', 8, 9], ['ArrowDown', undefined, 0], ['End', undefined, 9], ['Enter', 3, undefined],
  ])('%s from %s -> %s', (key, from, to) => {
    expect(moveIndex(key, from, 10, 5)).toBe(to)
  })

  it('no rows: no move', () => expect(moveIndex('ArrowDown', undefined, 0, 5)).toBeUndefined())

  it.each([[0, 0, 0], [5, 0, 44 * 6 - 200], [2, 100, 88], [3, 100, 100]])('row %i from scrollTop %i -> %i', (index, top, expected) => {
    expect(scrollToShow(index, 44, 200, top)).toBe(expected)
  })
})

describe('the source filter and the mismatch toggle', () => {
  it('both are fields of the form, and go to the query and back', () => {
    expect(FILTER_FIELDS.map((f) => f.key)).toEqual(expect.arrayContaining(['source', 'mismatch']))
    const { query } = formToQuery({ ...EMPTY_FORM, source: 'shop', mismatch: '1' })
    expect(query).toMatchObject({ source: 'shop', mismatch: true })
    expect(searchFromQuery(query).toString()).toBe('source=shop&mismatch=1')
    expect(formFromSearch({ source: 'shop', mismatch: '1' })).toMatchObject({ source: 'shop', mismatch: '1' })
    expect(formFromSearch({ mismatch: 'true' }).mismatch).toBe('1')
    expect(formFromSearch({ mismatch: 'nope' }).mismatch).toBe('')
    expect(formToQuery({ ...EMPTY_FORM, mismatch: '' }).query.mismatch).toBeUndefined()
  })

  it('the source select: any, the studio server, each upstream seen, and a value from a link even if unseen', () => {
    const field = FILTER_FIELDS.find((f) => f.key === 'source')
    if (field?.control.type !== 'select') throw new Error('source is a select')
    expect(selectOptions(field.control, ['shop', 'billing'], '')).toEqual([
      { value: '', label: 'Any' }, { value: 'studio', label: 'Studio server' }, { value: 'shop', label: 'Upstream shop' }, { value: 'billing', label: 'Upstream billing' },
    ])
    expect(selectOptions(field.control, undefined, 'old-app').map((o) => o.value)).toEqual(['', 'studio', 'old-app'])
    expect(selectOptions(field.control, ['shop'], 'shop').map((o) => o.value)).toEqual(['', 'studio', 'shop'])
  })

  it("the studio's name is the same on both sides of the API", () => {
    expect(STUDIO_SOURCE_NAME).toBe(STUDIO_SOURCE)
  })

  it('live rows: matchesQuery narrows by source and mismatch like the server does', () => {
    const studio = ROW
    const shop = { ...ROW, id: 8, source: 'shop' }
    const shopMismatch = { ...ROW, id: 9, source: 'shop', mismatch: true as const }
    const pick = (q: Parameters<typeof matchesQuery>[1]) => [studio, shop, shopMismatch].filter((r) => matchesQuery(r, q)).map((r) => r.id)
    expect(pick({ source: 'studio' })).toEqual([7])
    expect(pick({ source: 'shop' })).toEqual([8, 9])
    expect(pick({ mismatch: true })).toEqual([9])
    expect(pick({ source: 'billing' })).toEqual([])
  })

  it('a streamed record becomes a row: mismatch false is no flag, an overflow row is flagged', () => {
    const base = { id: 1, at: 1, kind: 'mount', verdict: 'allow', profile: 'documented', durationUs: 1, repeatCount: 1 }
    expect(decisionSummarySchema.parse(summaryOfWritten({ ...base, source: 'shop', mismatch: false, observed: {} }))).toEqual({ ...base, source: 'shop' })
    expect(decisionSummarySchema.parse(summaryOfWritten({ ...base, source: 'shop', mismatch: true }))).toEqual({ ...base, source: 'shop', mismatch: true })
    expect(decisionSummarySchema.parse(summaryOfWritten({ ...base, foldedVariants: { variants: [], others: 0 } }))).toEqual({ ...base, overflow: true })
    expect(summaryOfWritten(null)).toBeNull()
  })
})

describe('the virtual window', () => {
  it.each([
    // [scrollTop, viewport, count] -> rows rendered [start, end): those in view plus 8 either side
    [0, 528, 100_000, 0, 20],
    [44 * 1000, 528, 100_000, 992, 1020],
    [44 * 99_995, 528, 100_000, 99_987, 100_000],
    [0, 528, 3, 0, 3],
  ])('scrollTop %i, viewport %i, %i rows -> [%i, %i)', (top, viewport, count, start, end) => {
    expect(visibleRange(top, viewport, 44, count)).toEqual({ start, end })
  })
})
