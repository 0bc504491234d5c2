import { describe, expect, it } from 'vitest'
import { callsNote, metricsSummary, pct, windowText } from '@/components/overview/dashboard-text'
import { sourceHref } from '@/components/overview/source-table'
import { bucketLabel, bucketRange, labelStyle } from '@/components/overview/timeline-labels'
import { sourceRows } from '@/lib/api/metrics'

const TZ = 'UTC'
const NOW = Date.UTC(2026, 2, 3, 5, 59, 40)

/** The buckets the dashboard draws for a window of `windowMs` in 30 buckets ending now. */
function buckets(windowMs: number, now = NOW) {
  const bucketMs = Math.ceil(windowMs / 30)
  const from = now - bucketMs * 30
  return { bucketMs, starts: Array.from({ length: 30 }, (_, i) => from + i * bucketMs) }
}

describe('timeline labels never repeat', () => {
  it.each([
    ['15 minutes (30 s buckets)', 15 * 60_000],
    ['1 hour (2 min buckets)', 60 * 60_000],
    ['1 minute (2 s buckets)', 60_000],
    ['24 hours (48 min buckets)', 24 * 60 * 60_000],
  ])('%s', (_name, windowMs) => {
    const { bucketMs, starts } = buckets(windowMs)
    const style = labelStyle(starts, bucketMs, NOW, TZ)
    const labels = starts.map((s) => bucketLabel(s, style, 'en-US', TZ))
    expect(new Set(labels).size).toBe(labels.length)
    const ranges = starts.map((s) => bucketRange(s, bucketMs, style, 'en-US', TZ))
    expect(new Set(ranges).size).toBe(ranges.length)
  })

  it('30 s buckets show seconds: two rows in the same minute read differently (not both "05:52 AM")', () => {
    const style = labelStyle([Date.UTC(2026, 2, 3, 5, 52, 0)], 30_000, NOW, TZ)
    expect(bucketLabel(Date.UTC(2026, 2, 3, 5, 52, 0), style, 'en-US', TZ)).toBe('05:52:00 AM')
    expect(bucketLabel(Date.UTC(2026, 2, 3, 5, 52, 30), style, 'en-US', TZ)).toBe('05:52:30 AM')
  })

  it('a window reaching into yesterday names the day', () => {
    const now = Date.UTC(2026, 2, 3, 0, 5, 0)
    const { bucketMs, starts } = buckets(60 * 60_000, now)
    const style = labelStyle(starts, bucketMs, now, TZ)
    expect(style.date).toBe(true)
    expect(bucketLabel(starts[0] ?? 0, style, 'en-US', TZ)).toBe('Mar 2, 11:05 PM')
  })
})

describe('dashboard sentences', () => {
  it.each([[1, '(1 call)'], [2, '(2 calls)'], [1200, '(1,200 calls)']])('%i calls', (n, text) => expect(callsNote(n)).toBe(text))
  it.each([[60_000, 'in the last minute'], [15 * 60_000, 'in the last 15 minutes']])('%i ms', (ms, text) => expect(windowText(ms)).toBe(text))
  it.each([[0.5, '50%'], [0.05, '5.0%'], [0, '0%'], [1, '100%']])('pct(%f)', (n, text) => expect(pct(n)).toBe(text))

  it('the summary counts in the right number, and is undefined with no decision (the page points to the next step)', () => {
    expect(metricsSummary({ totals: { allow: 0, deny: 0 }, windowMs: 900_000, topDenied: [] })).toBeUndefined()
    expect(metricsSummary({ totals: { allow: 0, deny: 1 }, windowMs: 900_000, topDenied: [{ component: 'AdminPanel', action: null, count: 1 }] }))
      .toBe('1 decision in the last 15 minutes: 0 allowed, 1 denied (100%). The most denied is AdminPanel (1 denial).')
  })
})

describe('per-source rows of the Overview', () => {
  const studio = { source: null, decisions: 10, deny: 2, mismatches: 0, perSecond: 0.5 }
  const shop = { source: 'shop', decisions: 4, deny: 1, mismatches: 1, perSecond: 0.1 }
  const gone = { source: 'old-app', decisions: 3, deny: 0, mismatches: 0, perSecond: 0 }

  it('the studio first, then configured upstreams (zeros when idle), then upstreams no longer configured', () => {
    expect(sourceRows([studio, gone, shop], ['billing', 'shop'])).toEqual([
      { source: 'studio', configured: false, decisions: 10, deny: 2, mismatches: 0, perSecond: 0.5 },
      { source: 'billing', configured: true, decisions: 0, deny: 0, mismatches: 0, perSecond: 0 },
      { source: 'shop', configured: true, decisions: 4, deny: 1, mismatches: 1, perSecond: 0.1 },
      { source: 'old-app', configured: false, decisions: 3, deny: 0, mismatches: 0, perSecond: 0 },
    ])
  })

  it('an empty log still has the studio row', () => {
    expect(sourceRows([], [])).toEqual([{ source: 'studio', configured: false, decisions: 0, deny: 0, mismatches: 0, perSecond: 0 }])
  })

  it('each row links to its decisions in Traces, and to its mismatches', () => {
    expect(sourceHref('studio')).toBe('/traces?source=studio')
    expect(sourceHref('shop', true)).toBe('/traces?source=shop&mismatch=1')
  })
})
