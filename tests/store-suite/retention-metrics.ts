import { describe, expect, it } from 'vitest'
import type { DecisionInput } from '@/lib/store/model/decision'
import { DEFAULT_RETENTION } from '@/lib/store/model/retention'
import type { OpenStoreHarness, StoreHarness } from './harness'
import { SECRET } from './harness'

const DAY = 86_400_000

function decision(at: number, extra: Partial<DecisionInput> = {}): DecisionInput {
  return { at, kind: 'action', verdict: 'allow', profile: 'documented', durationUs: 10, trace: [], auth: { authenticated: false }, ...extra }
}

const use = async (open: OpenStoreHarness, run: (h: StoreHarness) => Promise<void>) => {
  const h = await open({ secret: SECRET })
  try {
    await run(h)
  } finally {
    await h.cleanup()
  }
}

export function retentionMetricsContract(open: OpenStoreHarness): void {
  describe('decision log: retention', () => {
    it('is the default until set, keeps what is set (merging is the caller\'s), refuses a bad limit, resets', () => use(open, async ({ store }) => {
      const { retention } = store.decisions
      expect(await retention.inForce()).toEqual({ ...DEFAULT_RETENTION, source: 'default' })
      expect(await retention.setPolicy({ maxRows: 5 })).toEqual({ maxRows: 5 })
      expect(await retention.inForce()).toEqual({ maxRows: 5, source: 'set' })
      expect(await retention.policy()).toEqual({ maxRows: 5 })
      await expect(retention.setPolicy({ maxDays: -1 })).rejects.toMatchObject({ code: 'STORE_INVALID' })
      expect(await retention.policy()).toEqual({ maxRows: 5 })
      expect(await retention.resetPolicy()).toEqual(DEFAULT_RETENTION)
      expect((await retention.inForce()).source).toBe('default')
    }))

    it('sweeps rows older than maxDays and beyond maxRows, oldest first', () => use(open, async ({ store }) => {
      const now = Date.now()
      for (let i = 0; i < 4; i++) store.decisions.append(decision(now - 10 * DAY + i, { reason: `old ${i}`, verdict: 'deny' }))
      for (let i = 0; i < 8; i++) store.decisions.append(decision(now - 1000 + i, { reason: `new ${i}`, verdict: 'deny' }))
      await store.decisions.flush()
      await store.decisions.retention.setPolicy({ maxDays: 7 })
      expect(await store.decisions.retention.sweep()).toBe(4)
      expect(await store.decisions.rowCount()).toBe(8)
      await store.decisions.retention.setPolicy({ maxDays: 7, maxRows: 5 })
      expect(await store.decisions.retention.sweep()).toBe(3)
      const left = (await store.decisions.page({}, { limit: 50 })).rows.map((r) => r.reason)
      expect(left).toEqual(['new 7', 'new 6', 'new 5', 'new 4', 'new 3'])
      expect(await store.decisions.retention.sweep()).toBe(0)
    }))
  })

  describe('decision log: metrics', () => {
    it('counts decisions per bucket, layer, denied target, connection and source in the window', () => use(open, async ({ store }) => {
      const nowMs = Date.now()
      const at = nowMs - 60_000
      const authed = { authenticated: true, session: { id: 'u1' } }
      store.decisions.append(decision(at, { kind: 'mount', component: 'AdminPanel', connectionId: 'a', auth: authed }))
      store.decisions.append(decision(at + 1, { component: 'AdminPanel', action: 'deleteUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: 'no', connectionId: 'a', auth: authed }))
      store.decisions.append(decision(at + 2, { component: 'AdminPanel', action: 'deleteUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: 'no', connectionId: 'b' }))
      store.decisions.append(decision(at + 3, { component: 'Chat', action: 'send', verdict: 'deny', decidedBy: 'auth.required', reason: 'Authentication required', source: 'app', mismatch: true }))
      store.decisions.append(decision(nowMs - 2 * 3_600_000, { component: 'Old', verdict: 'deny', decidedBy: 'auth.required', reason: 'outside the window' }))
      store.decisions.append(decision(at + 4, { component: 'Pro', action: 'refresh', trace: [{ layer: 'actionAuth.authorize', outcome: 'pass', durationUs: 40 }, { layer: 'auth.required', outcome: 'pass', durationUs: 1 }] }))
      await store.decisions.flush()

      const m = await store.decisions.metrics({ nowMs, windowMs: 15 * 60_000 })
      expect(m.totals).toEqual({ allow: 2, deny: 3 })
      expect(m.timeline).toHaveLength(30)
      expect(m.timeline.reduce((n, b) => n + b.allow + b.deny, 0)).toBe(5)
      expect(m.denialsByLayer).toEqual([{ layer: 'actionAuth.roles', count: 2 }, { layer: 'auth.required', count: 1 }])
      expect(m.topDenied[0]).toEqual({ component: 'AdminPanel', action: 'deleteUser', count: 2 })
      expect(m.connections).toEqual({ authenticated: 1, anonymous: 1 })
      expect(m.mounts).toBe(1)
      expect(m.slowAuthorize).toEqual([{ target: 'Pro.refresh', layer: 'actionAuth.authorize', p95Us: 40, count: 1 }])

      const sources = await store.decisions.sourceMetrics({ nowMs, from: nowMs - m.windowMs })
      expect(sources.map((s) => [s.source, s.decisions, s.deny, s.mismatches])).toEqual([[null, 4, 2, 0], ['app', 1, 1, 1]])
    }))
  })

  describe('store info', () => {
    it('names its kind and schema version and measures its size', () => use(open, async ({ store }) => {
      const info = await store.info()
      expect(info.kind).toBe(store.kind)
      expect(info.schemaVersion).toBe(store.migrations.version)
      expect(info.sizeBytes).toBeGreaterThan(0)
      expect(info.location).not.toMatch(/:[^:@/]+@/)
    }))
  })
}
