import { describe, expect, it } from 'vitest'
import type { StudioStore } from '@/lib/store/contract'
import type { DecisionInput, DecisionRecord } from '@/lib/store/model/decision'
import type { DecisionQuery } from '@/lib/store/model/decision-query'
import type { OpenStoreHarness } from './harness'
import { CLOCK, SECRET } from './harness'

/** Decision times: one hour ago plus seconds (recent enough for the metrics window). */
const T0 = Date.now() - 3_600_000
const ADMIN = { authenticated: true, session: { id: 'u-admin', roles: ['admin'] } }
const FREE = { authenticated: true, session: { id: 'u-free', roles: ['user'] } }

function decision(seconds: number, extra: Partial<DecisionInput> = {}): DecisionInput {
  return { at: T0 + seconds * 1000, kind: 'action', verdict: 'allow', profile: 'documented', durationUs: 10, trace: [], auth: ADMIN, ...extra }
}

/** Ten rows covering every filter; `tag` (the index + 1) names them through the persona-free `profile`. */
const ROWS: readonly DecisionInput[] = [
  decision(1, { kind: 'auth', persona: 'admin', sessionId: 'u-admin' }),
  decision(2, { kind: 'mount', component: 'AdminPanel', persona: 'admin', sessionId: 'u-admin', workspaceVersion: 1, workspaceId: 'demo' }),
  decision(3, { kind: 'mount', component: 'AdminPanel', verdict: 'deny', decidedBy: 'auth.roles', reason: 'Insufficient roles. Required one of: admin', persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 1, workspaceId: 'demo' }),
  decision(4, { component: 'AdminPanel', action: 'deleteUser', persona: 'admin', sessionId: 'u-admin', workspaceVersion: 2, workspaceId: 'demo', payload: { userId: 'u1', password: 'hunter2' } }),
  decision(5, { component: 'ModerationPanel', action: 'banUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'banUser'", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2, workspaceId: 'demo' }),
  decision(6, { component: 'ModerationPanel', action: 'banUser', verdict: 'deny', decidedBy: 'actionAuth.authorize', reason: 'Custom authorization 100% failed', persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2, workspaceId: 'other' }),
  decision(6, { kind: 'property', component: 'LiveChat', action: 'property:$user', verdict: 'deny', decidedBy: 'property.serverOnly', reason: "Property '$user' is server-only", workspaceVersion: 2, source: 'app', mismatch: true,
    observed: { answer: { ok: true }, predicted: { verdict: 'deny', reason: "Property '$user' is server-only" }, agreement: 'disagree', note: 'The upstream allowed it.' } }),
  decision(8, { kind: 'room', component: 'LiveChat', action: 'room:vip-1', verdict: 'deny', decidedBy: 'provider.authorizeRoom', reason: "Access to room 'vip-1' denied", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2, source: 'app' }),
  decision(9, { component: 'ProDashboard', action: 'refresh', persona: 'pro-user', sessionId: 'u-pro', workspaceVersion: 2, trace: [{ layer: 'actionAuth.authorize', outcome: 'pass', durationUs: 42 }] }),
  decision(10, { component: 'AdminPanel', action: 'deleteUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'deleteUser'", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2, workspaceId: 'demo' }),
]

async function withLog(open: OpenStoreHarness, run: (store: StudioStore, ids: number[]) => Promise<void>): Promise<void> {
  const h = await open({ secret: SECRET, now: CLOCK })
  try {
    for (const row of ROWS) h.store.decisions.append(row)
    await h.store.decisions.flush()
    // Row n of ROWS (1-based) is ids[n - 1]: ids ascend in append order.
    const all = await h.store.decisions.page({}, { limit: 500 })
    const ids = all.rows.map((r) => r.id).reverse()
    await run(h.store, ids)
  } finally {
    await h.cleanup()
  }
}

export function decisionContract(open: OpenStoreHarness): void {
  describe('decision log: writes', () => {
    it('append queues without waiting; flush makes it durable and announces each record with its id, in order', async () => {
      const h = await open({ secret: SECRET })
      try {
        const seen: DecisionRecord[] = []
        const stop = h.store.decisions.onWritten((r) => seen.push(r))
        const returned = h.store.decisions.append(decision(1, { reason: 'first', verdict: 'deny' }))
        expect(returned).toBeUndefined()
        h.store.decisions.append(decision(2, { payload: { n: 1 } }))
        expect(await h.store.decisions.flush()).toBe(2)
        expect(seen.map((r) => r.reason ?? null)).toEqual(['first', null])
        expect(seen[1]?.id).toBeGreaterThan(seen[0]?.id ?? Infinity)
        expect(seen[1]?.payloadDigest).toMatch(/^[0-9a-f]{64}$/)
        expect(await h.store.decisions.rowCount()).toBe(2)
        expect(await h.store.decisions.counters()).toEqual({ received: 2, written: 2, rows: 2, failed: 0, retired: 0 })
        stop()
        h.store.decisions.append(decision(3))
        await h.store.decisions.flush()
        expect(seen).toHaveLength(2)
      } finally {
        await h.cleanup()
      }
    })

    it('folds a connection over its logging budget: every decision is counted, fewer rows are written', async () => {
      const h = await open({ secret: SECRET })
      try {
        for (let i = 0; i < 300; i++) h.store.decisions.append(decision(1 + i / 1000, { connectionId: 'c1', verdict: 'deny', reason: 'same', component: 'AdminPanel', action: 'x' }))
        await h.store.decisions.flush()
        expect(await h.store.decisions.count({})).toBe(300)
        expect(await h.store.decisions.rowCount()).toBeLessThan(300)
        const counters = await h.store.decisions.counters()
        expect(counters.received).toBe(300)
        expect(counters.written).toBe(300)
        const folded = (await h.store.decisions.page({}, { limit: 500 })).rows.find((r) => r.repeatCount > 1)
        expect(folded?.repeatCount).toBeGreaterThan(1)
      } finally {
        await h.cleanup()
      }
    })
  })

  describe('decision log: reads', () => {
    it.each<[string, DecisionQuery, number[]]>([
      ['no filter', {}, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
      ['verdict deny', { verdict: 'deny' }, [10, 8, 7, 6, 5, 3]],
      ['kind mount', { kind: 'mount' }, [3, 2]],
      ['deciding layer', { decidedBy: 'actionAuth.roles' }, [10, 5]],
      ['component + action', { component: 'AdminPanel', action: 'deleteUser' }, [10, 4]],
      ['persona', { persona: 'pro-user' }, [9]],
      ['session id', { sessionId: 'u-admin' }, [4, 2, 1]],
      ['workspace version', { workspaceVersion: 1 }, [3, 2]],
      ['time range [from, to)', { from: T0 + 4000, to: T0 + 8000 }, [7, 6, 5, 4]],
      ['reason search, case-insensitive', { text: 'insufficient ROLES' }, [10, 5, 3]],
      ['reason search with a quote', { text: "'banUser'" }, [5]],
      ['short search', { text: 'vi' }, [8]],
      ['% is literal, not a wildcard', { text: '0%' }, [6]],
      ['the studio\'s own server', { source: 'studio', verdict: 'deny' }, [10, 6, 5, 3]],
      ['an upstream', { source: 'app' }, [8, 7]],
      ['mismatches', { mismatch: true }, [7]],
      ['combined filters', { verdict: 'deny', persona: 'free-user', workspaceVersion: 2, text: 'roles' }, [10, 5]],
    ])('page and count: %s', (_name, query, expected) => withLog(open, async (store, ids) => {
      const page = await store.decisions.page(query, { limit: 500 })
      expect(page.rows.map((r) => ids.indexOf(r.id) + 1)).toEqual(expected)
      expect(page.next).toBeUndefined()
      expect(await store.decisions.count(query)).toBe(expected.length)
    }))

    it('pages on (at, id) newest first: every row once, ties by id, no cursor on the last page', () => withLog(open, async (store, ids) => {
      const seen: number[] = []
      let page = await store.decisions.page({}, { limit: 3 })
      for (;;) {
        seen.push(...page.rows.map((r) => ids.indexOf(r.id) + 1))
        if (!page.next) break
        page = await store.decisions.page({}, { limit: 3, before: page.next })
      }
      expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
      const first = await store.decisions.page({ verdict: 'deny' }, { limit: 4 })
      expect(first.next).toEqual({ at: T0 + 6000, id: ids[5] })
      const second = await store.decisions.page({ verdict: 'deny' }, { limit: 4, before: first.next })
      expect(second.rows.map((r) => ids.indexOf(r.id) + 1)).toEqual([5, 3])
      expect(second.next).toBeUndefined()
      expect(await store.decisions.count({}, 4)).toBeGreaterThanOrEqual(4)
    }))

    it('list rows leave the trace, auth and payload out; get has them (payload redacted, digest of the original)', () => withLog(open, async (store, ids) => {
      const row = (await store.decisions.page({ component: 'AdminPanel', action: 'deleteUser', verdict: 'allow' })).rows[0]
      expect(row).toBeDefined()
      expect(row).not.toHaveProperty('trace')
      expect(row).not.toHaveProperty('auth')
      const full = await store.decisions.get(ids[3]!)
      expect(full).toMatchObject({ component: 'AdminPanel', action: 'deleteUser', auth: ADMIN, trace: [], payloadTruncated: true, workspaceId: 'demo' })
      expect(full?.payloadJson).not.toContain('hunter2')
      expect(full?.payloadDigest).toMatch(/^[0-9a-f]{64}$/)
      const observed = await store.decisions.get(ids[6]!)
      expect(observed).toMatchObject({ source: 'app', mismatch: true, observed: { agreement: 'disagree' } })
      expect(await store.decisions.get(999_999_999)).toBeUndefined()
    }))

    it('free text that quotes a secret (action name, reason, warnings) is stored and announced redacted', async () => {
      const h = await open({ secret: SECRET })
      try {
        const seen: DecisionRecord[] = []
        h.store.decisions.onWritten((r) => seen.push(r))
        h.store.decisions.append(decision(1, {
          component: 'LiveChat', action: 'Bearer hunter2-action', verdict: 'deny', decidedBy: 'publicActions', reason: "Action 'Bearer hunter2-action' is not callable",
          warnings: ['threw: -----BEGIN PRIVATE KEY-----\nhunter2\n-----END PRIVATE KEY-----'],
        }))
        await h.store.decisions.flush()
        const [row] = (await h.store.decisions.page({ component: 'LiveChat' })).rows
        const full = await h.store.decisions.get(row?.id ?? 0)
        for (const text of [JSON.stringify(row), JSON.stringify(full), JSON.stringify(seen)]) expect(text).not.toContain('hunter2')
        expect(full).toMatchObject({ action: '[redacted: bearer]', reason: "Action '[redacted: bearer]' is not callable", warnings: ['threw: [redacted: private key]'] })
      } finally {
        await h.cleanup()
      }
    })

    it('iterates full records newest first across batches', () => withLog(open, async (store, ids) => {
      const out: number[] = []
      for await (const r of store.decisions.iterate({ verdict: 'deny' }, 2)) out.push(ids.indexOf(r.id) + 1)
      expect(out).toEqual([10, 8, 7, 6, 5, 3])
    }))

    it('window: the last N or a time range, oldest first, by workspace and source', () => withLog(open, async (store, ids) => {
      const n = (records: readonly DecisionRecord[]) => records.map((r) => ids.indexOf(r.id) + 1)
      expect(n(await store.decisions.window({ last: 3 }))).toEqual([8, 9, 10])
      expect(n(await store.decisions.window({ from: T0 + 2000, to: T0 + 4000 }))).toEqual([2, 3])
      expect(n(await store.decisions.window({ last: 100 }, { workspaceId: 'demo' }))).toEqual([2, 3, 4, 5, 10])
      expect(n(await store.decisions.window({ last: 100 }, { source: 'app' }))).toEqual([7, 8])
      expect(n(await store.decisions.window({ last: 100 }, { cap: 2 }))).toEqual([9, 10])
    }))

    it('distinct values for the pickers, most recent first', () => withLog(open, async (store) => {
      expect(await store.decisions.distinct('component')).toEqual(['AdminPanel', 'ProDashboard', 'LiveChat', 'ModerationPanel'])
      expect(await store.decisions.distinct('workspace_version')).toEqual([2, 1])
      expect(await store.decisions.distinct('source')).toEqual(['app'])
      expect(await store.decisions.distinct('component', 2)).toEqual(['AdminPanel', 'ProDashboard'])
    }))
  })
}
