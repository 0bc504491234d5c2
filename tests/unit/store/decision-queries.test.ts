import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DecisionQuery } from '@/lib/store/model/decision-query'
import { DecisionQueries } from '@/lib/store/sqlite/decision-queries'
import { T0, decision, logWith } from './decision-fixtures'

let fixture: ReturnType<typeof logWith>
let q: DecisionQueries
beforeAll(() => {
  fixture = logWith()
  q = new DecisionQueries(fixture.store.file)
})
afterAll(() => {
  q.close()
  fixture.cleanup()
})

const ids = (query: DecisionQuery) => q.page(query, { limit: 500 }).rows.map((r) => r.id)

describe('DecisionQueries.page filters (newest first)', () => {
  it.each<[string, DecisionQuery, number[]]>([
    ['no filter', {}, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
    ['verdict deny', { verdict: 'deny' }, [10, 8, 7, 6, 5, 3]],
    ['kind mount', { kind: 'mount' }, [3, 2]],
    ['deciding layer', { decidedBy: 'actionAuth.roles' }, [10, 5]],
    ['component', { component: 'AdminPanel' }, [10, 4, 3, 2]],
    ['component + action', { component: 'AdminPanel', action: 'deleteUser' }, [10, 4]],
    ['denials of AdminPanel', { verdict: 'deny', component: 'AdminPanel' }, [10, 3]],
    ['persona', { persona: 'pro-user' }, [9]],
    ['session id', { sessionId: 'u-admin' }, [4, 2, 1]],
    ['workspace version', { workspaceVersion: 1 }, [3, 2]],
    ['time range [from, to)', { from: T0 + 4000, to: T0 + 8000 }, [7, 6, 5, 4]],
    ['reason search (FTS, case-insensitive)', { text: 'insufficient ROLES' }, [10, 5, 3]],
    ['reason search with a quote', { text: "'banUser'" }, [5]],
    ['short search (LIKE)', { text: 'vi' }, [8]],
    ['% is literal, not a wildcard', { text: '0%' }, [6]],
    ['a search that matches nothing', { text: 'nothing like this' }, []],
    ['combined filters', { verdict: 'deny', persona: 'free-user', workspaceVersion: 2, text: 'roles' }, [10, 5]],
  ])('%s', (_name, query, expected) => {
    expect(ids(query)).toEqual(expected)
    expect(q.count(query)).toBe(expected.length)
  })
})

describe('keyset pagination on (at, id)', () => {
  it('walks every row exactly once, ties on `at` ordered by id', () => {
    const seen: number[] = []
    let page = q.page({}, { limit: 3 })
    for (;;) {
      seen.push(...page.rows.map((r) => r.id))
      if (!page.next) break
      page = q.page({}, { limit: 3, before: page.next })
    }
    expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
  })

  it('pages within a filter and reports no cursor on the last page', () => {
    const first = q.page({ verdict: 'deny' }, { limit: 4 })
    expect(first.rows.map((r) => r.id)).toEqual([10, 8, 7, 6])
    expect(first.next).toEqual({ at: T0 + 6000, id: 6 })
    const second = q.page({ verdict: 'deny' }, { limit: 4, before: first.next })
    expect(second.rows.map((r) => r.id)).toEqual([5, 3])
    expect(second.next).toBeUndefined()
  })

  it('pages a reason search (driven by the FTS index) the same way', () => {
    const first = q.page({ text: 'roles' }, { limit: 2 })
    expect(first.rows.map((r) => r.id)).toEqual([10, 5])
    expect(q.page({ text: 'roles' }, { limit: 2, ...(first.next ? { before: first.next } : {}) }).rows.map((r) => r.id)).toEqual([3])
  })

  it('count stops at its cap', () => {
    expect(q.count({}, 4)).toBe(4)
  })

  it('list rows carry no trace, auth or payload', () => {
    const [row] = q.page({ component: 'AdminPanel', action: 'deleteUser', verdict: 'allow' }).rows
    expect(row).toEqual({
      id: 4, at: T0 + 4000, kind: 'action', verdict: 'allow', component: 'AdminPanel', action: 'deleteUser', persona: 'admin',
      sessionId: 'u-admin', workspaceVersion: 2, profile: 'documented', durationUs: 10, repeatCount: 1,
    })
  })
})

describe('full records, export iteration and impact windows', () => {
  it('get returns trace, auth and payload', () => {
    const r = q.get(4)
    expect(r).toMatchObject({ id: 4, auth: { authenticated: true, session: { id: 'u-admin' } }, payloadJson: '{"userId":"u1"}', payloadTruncated: false })
    expect(q.get(999)).toBeUndefined()
  })

  it('iterate yields every match newest first across batches', () => {
    expect([...q.iterate({ verdict: 'deny' }, 2)].map((r) => r.id)).toEqual([10, 8, 7, 6, 5, 3])
    expect([...q.iterate({ persona: 'nobody' }, 2)]).toEqual([])
  })

  it('window: the last N oldest first, or a time range', () => {
    expect(q.window({ last: 3 }).map((r) => r.id)).toEqual([8, 9, 10])
    expect(q.window({ from: T0 + 2000, to: T0 + 4000 }).map((r) => r.id)).toEqual([2, 3])
  })

  it('window: only the given workspace\'s decisions when asked', () => {
    const mixed = logWith([
      decision(1, { workspaceId: 'demo' }), decision(2, { workspaceId: 'imported' }), decision(3, { workspaceId: 'demo' }), decision(4, { workspaceId: 'imported' }),
    ])
    const qm = new DecisionQueries(mixed.store.file)
    try {
      expect(qm.window({ last: 10 }, 20_000, 'demo').map((r) => r.id)).toEqual([1, 3])
      expect(qm.window({ from: T0, to: T0 + 5000 }, 20_000, 'imported').map((r) => r.id)).toEqual([2, 4])
      expect(qm.window({ last: 10 }).map((r) => r.id)).toEqual([1, 2, 3, 4])
    } finally {
      qm.close()
      mixed.cleanup()
    }
  })

  it('distinct values for the pickers, most recent first', () => {
    expect(q.distinct('component')).toEqual(['AdminPanel', 'ProDashboard', 'LiveChat', 'ModerationPanel'])
    expect(q.distinct('workspace_version')).toEqual([2, 1])
  })
})
