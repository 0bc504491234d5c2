import { describe, expect, it } from 'vitest'
import { decideAction } from '@/lib/auth/action'
import { decideMount } from '@/lib/auth/mount'
import type { Decision } from '@/lib/auth/types'
import { ModerationPanel, MyAuthProvider, ProDashboard, personas } from './fixtures'

/** A fake clock that advances 0.5 ms per reading. */
function steppingClock(): () => number {
  let t = 0
  return () => (t += 0.5)
}

const withoutDurations = (d: Decision): unknown => ({
  ...d, durationUs: 0, trace: d.trace.map((s) => ({ ...s, durationUs: 0 })),
})

describe('traces', () => {
  it('same inputs and profile give the same trace (except durations)', async () => {
    for (const profile of ['documented', 'fluxstack-live@0.11'] as const) {
      const run = () => decideAction({ component: ModerationPanel, action: 'adminDelete', payload: { itemId: 'protected' }, auth: personas.admin, profile, provider: MyAuthProvider })
      const [a, b] = await Promise.all([run(), run()])
      expect(withoutDurations(a as Decision)).toEqual(withoutDurations(b as Decision))
    }
  })

  it('uses the injected clock for step and total durations', async () => {
    const d = await decideMount({ component: ProDashboard, auth: personas.proUser, clock: steppingClock() })
    // start reads 0.5; each step's end (1.0, 1.5, 2.0, 2.5) is the next step's start.
    expect(d.trace.map((s) => s.durationUs)).toEqual([500, 500, 500, 500])
    expect(d.durationUs).toBe(2000)
  })

  it('durations are microseconds to the nanosecond, without float noise', async () => {
    let t = 0
    const d = await decideMount({ component: ProDashboard, auth: personas.proUser, clock: () => (t += 0.0018039999999928114) })
    expect(d.trace.map((s) => s.durationUs)).toEqual([1.804, 1.804, 1.804, 1.804])
    expect(d.durationUs).toBe(7.216)
  })

  it('allow decisions have no reason nor decidedBy', async () => {
    const d = await decideMount({ component: ProDashboard, auth: personas.proUser })
    expect(d).toMatchObject({ verdict: 'allow', kind: 'mount', profile: 'documented', warnings: [] })
    expect('reason' in d).toBe(false)
    expect('decidedBy' in d).toBe(false)
  })

  it('every step input is JSON-safe', async () => {
    const d = await decideAction({ component: ModerationPanel, action: 'banUser', auth: personas.device, provider: MyAuthProvider })
    expect(JSON.parse(JSON.stringify(d.trace))).toEqual(d.trace)
  })
})
