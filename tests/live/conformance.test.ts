/**
 * The studio's live server against the wire of fluxstack-live@d8538f75: the
 * conformance corpus is replayed step by step in both ordering profiles and
 * compared with the goldens recorded from the reference server
 * (tests/conformance/golden, `npm run conformance:record`). No reference server
 * is needed here. `npm run conformance` prints every difference.
 */
import { describe, expect, it } from 'vitest'
import type { ProfileId } from '@/lib/auth'
import { describeDifference, summarize } from '../conformance/compare'
import { replay } from '../conformance/replay'

describe.each(['fluxstack-live@0.11', 'documented'] as const satisfies readonly ProfileId[])('conformance with fluxstack-live@d8538f75, profile %s', (profile) => {
  it('at least 99% of steps answer identically and every allow/deny verdict agrees', async () => {
    const results = await replay(profile)
    const s = summarize(results)
    const pct = (n: number, of: number) => ((100 * n) / of).toFixed(2)
    console.log(`[conformance ${profile}] ${s.identical}/${s.steps} steps identical (${pct(s.identical, s.steps)}%), verdicts ${s.verdictsAgreeing}/${s.verdictsCompared} agree`)
    const detail = s.differences.slice(0, 10).map(describeDifference).join('\n\n')
    expect(s.steps, 'the corpus has at least 600 compared steps').toBeGreaterThanOrEqual(600)
    expect(s.identical / s.steps, detail).toBeGreaterThanOrEqual(0.99)
    expect(s.verdictsAgreeing, detail).toBe(s.verdictsCompared)
  }, 240_000)
})
