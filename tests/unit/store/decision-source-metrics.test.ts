import { afterEach, describe, expect, it } from 'vitest'
import { DecisionQueries } from '@/lib/store/sqlite/decision-queries'
import { decisionSourceMetrics } from '@/lib/store/sqlite/decision-source-metrics'
import type { DecisionInput } from '@/lib/store/model/decision'
import { decision, logWith, T0 } from './decision-fixtures'

const OBSERVED = {
  answer: { ok: true as const },
  predicted: { verdict: 'deny' as const, reason: 'Insufficient roles', wireText: 'AUTH_DENIED: Insufficient roles' },
  agreement: 'disagree' as const,
  note: 'The server allowed it; the studio predicts a denial: AUTH_DENIED: Insufficient roles',
}

let cleanup = () => {}
afterEach(() => cleanup())

function metricsOf(rows: readonly DecisionInput[], nowSeconds: number, fromSeconds = 0) {
  const log = logWith(rows)
  const q = new DecisionQueries(log.store.file)
  cleanup = () => {
    q.close()
    log.cleanup()
  }
  return decisionSourceMetrics(q.db, { from: T0 + fromSeconds * 1000, nowMs: T0 + nowSeconds * 1000 })
}

describe('decision figures per source', () => {
  it('studio first; decisions, denials and mismatches per upstream; rows outside the window left out', () => {
    const figures = metricsOf([
      decision(-5, { verdict: 'deny' }), // before the window
      decision(1), decision(2, { verdict: 'deny' }), decision(95),
      decision(3, { source: 'shop', observed: OBSERVED, mismatch: true }),
      decision(4, { source: 'shop', verdict: 'deny', observed: { ...OBSERVED, agreement: 'agree', note: 'Both deny.' }, mismatch: false }),
      decision(96, { source: 'shop' }),
      decision(97, { source: 'billing', verdict: 'deny', mismatch: true }),
    ], 100)
    expect(figures.map((f) => ({ ...f, perSecond: Number(f.perSecond.toFixed(2)) }))).toEqual([
      { source: null, decisions: 3, deny: 1, mismatches: 0, perSecond: 0.1 },
      { source: 'shop', decisions: 3, deny: 1, mismatches: 1, perSecond: 0.1 },
      { source: 'billing', decisions: 1, deny: 1, mismatches: 1, perSecond: 0.1 },
    ])
  })

  it('an empty window: no source at all', () => {
    expect(metricsOf([decision(1)], 5000, 4000)).toEqual([])
  })
})
