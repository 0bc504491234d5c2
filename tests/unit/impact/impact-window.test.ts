import { describe, expect, it } from 'vitest'
import { impactHeadline, windowOf } from '@/components/impact/impact-panel'
import type { ImpactReport } from '@/lib/impact/types'

describe('the impact panel window form', () => {
  it('takes the last N within the server limit', () => {
    expect(windowOf({ mode: 'last', last: '1204' })).toEqual({ ok: true, window: { last: 1204 } })
    expect(windowOf({ mode: 'last', last: '0' })).toMatchObject({ ok: false, error: expect.stringContaining('between 1 and 20,000') })
    expect(windowOf({ mode: 'last', last: '20001' }).ok).toBe(false)
    expect(windowOf({ mode: 'last', last: '12.5' }).ok).toBe(false)
    expect(windowOf({ mode: 'last', last: '' }).ok).toBe(false)
  })
  it('takes a time range that starts before it ends', () => {
    const r = windowOf({ mode: 'range', from: '2026-11-23T10:00', to: '2026-11-23T11:00' })
    expect(r.ok && 'from' in r.window && r.window.to - r.window.from).toBe(3_600_000)
    expect(windowOf({ mode: 'range', from: '2026-11-23T11:00', to: '2026-11-23T10:00' })).toMatchObject({ ok: false, error: expect.stringContaining('start before') })
    expect(windowOf({ mode: 'range', from: '', to: '2026-11-23T10:00' })).toMatchObject({ ok: false, error: expect.stringContaining('both ends') })
  })
  it('headlines the flips with thousands separators', () => {
    const report = { total: 1204, widening: 1, narrowing: 2 } as ImpactReport
    expect(impactHeadline(report)).toBe('This change flips 3 of the last 1,204 decisions (1 widen access, 2 narrow it).')
    expect(impactHeadline({ ...report, widening: 0, narrowing: 0 })).toBe('This change flips none of the last 1,204 decisions.')
  })
})
