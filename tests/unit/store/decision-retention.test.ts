import { afterEach, describe, expect, it } from 'vitest'
import { DecisionQueries } from '@/lib/store/decision-queries'
import { DecisionRetention, parseRetentionPolicy, type RetentionPolicy } from '@/lib/store/decision-retention'
import { StoreError } from '@/lib/store/errors'
import { T0, decision, logWith } from './decision-fixtures'

const DAY = 86_400_000
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

/** 20 rows, one per day, ids 1..20 (id n at T0 + n days); every third one a denial with a reason. */
function twentyDays() {
  const rows = Array.from({ length: 20 }, (_, i) => decision(((i + 1) * DAY) / 1000, i % 3 === 0 ? { verdict: 'deny', reason: `denied number ${i + 1}` } : {}))
  const fixture = logWith(rows)
  const queries = new DecisionQueries(fixture.store.file)
  const deferred: (() => void)[] = []
  const retention = new DecisionRetention(fixture.store.file, { batchSize: 3, now: () => T0 + 21 * DAY, defer: (fn) => void deferred.push(fn) })
  cleanups.push(() => { retention.close(); queries.close(); fixture.cleanup() })
  /** Runs deferred chunks one by one, as the event loop would. */
  const drain = async (pass: Promise<number>) => {
    let chunks = 0
    while (deferred.length > 0) {
      deferred.shift()?.()
      chunks++
    }
    return { deleted: await pass, chunks }
  }
  return { queries, retention, drain }
}

describe('parseRetentionPolicy', () => {
  it.each<[string | undefined, RetentionPolicy]>([
    [undefined, {}],
    ['not json', {}],
    ['{"maxDays":7}', { maxDays: 7 }],
    ['{"maxRows":1000.7,"maxDays":0}', { maxRows: 1000 }],
    ['{"maxRows":-5,"maxDays":"7"}', {}],
  ])('%s', (text, expected) => {
    expect(parseRetentionPolicy(text)).toEqual(expected)
  })
})

describe('DecisionRetention', () => {
  it('keeps the newest N rows, deleting in small deferred chunks', async () => {
    const { queries, retention, drain } = twentyDays()
    retention.setPolicy({ maxRows: 5 })
    const { deleted, chunks } = await drain(retention.sweep())
    expect(deleted).toBe(15)
    expect(chunks).toBe(6) // 5 chunks of 3, then one that finds nothing
    expect(queries.page({}).rows.map((r) => r.id)).toEqual([20, 19, 18, 17, 16])
  })

  it('drops rows older than N days', async () => {
    const { queries, retention, drain } = twentyDays()
    retention.setPolicy({ maxDays: 4.5 })
    expect((await drain(retention.sweep())).deleted).toBe(16)
    expect(queries.page({}).rows.map((r) => r.id)).toEqual([20, 19, 18, 17])
  })

  it('applies both limits (the stricter wins) and keeps the reason index in step', async () => {
    const { queries, retention, drain } = twentyDays()
    retention.setPolicy({ maxDays: 10, maxRows: 3 })
    await drain(retention.sweep())
    expect(queries.count({})).toBe(3)
    expect(queries.page({ text: 'denied number' }).rows.map((r) => r.id)).toEqual([19])
  })

  it('does nothing without a policy, and never inside the caller tick', async () => {
    const { queries, retention, drain } = twentyDays()
    const pass = retention.sweep()
    expect(queries.count({})).toBe(20)
    expect(retention.sweep()).toBe(pass) // one pass at a time
    expect((await drain(pass)).deleted).toBe(0)
  })

  it('stores the policy in the meta table and refuses nonsense', () => {
    const { retention } = twentyDays()
    expect(retention.setPolicy({ maxDays: 30 })).toEqual({ maxDays: 30 })
    expect(retention.policy()).toEqual({ maxDays: 30 })
    expect(() => retention.setPolicy({ maxRows: -1 })).toThrow(new StoreError('STORE_INVALID', 'Retention maxRows must be a positive number'))
  })
})
