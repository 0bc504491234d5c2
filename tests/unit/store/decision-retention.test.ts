import { afterEach, describe, expect, it } from 'vitest'
import { DecisionQueries } from '@/lib/store/sqlite/decision-queries'
import { DEFAULT_RETENTION, parseRetentionPolicy, retentionInForce, type RetentionInForce, type RetentionPolicy } from '@/lib/store/model/retention'
import { DecisionRetention } from '@/lib/store/sqlite/decision-retention'
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

  it('applies the default (7 days, 200,000 rows) when nothing is set, and never inside the caller tick', async () => {
    const { queries, retention, drain } = twentyDays()
    expect(retention.inForce()).toEqual({ ...DEFAULT_RETENTION, source: 'default' })
    const pass = retention.sweep()
    expect(queries.count({})).toBe(20)
    expect(retention.sweep()).toBe(pass) // one pass at a time
    // Now is day 21: days 1..13 are older than a week.
    expect((await drain(pass)).deleted).toBe(13)
    expect(queries.page({}).rows.map((r) => r.id)).toEqual([20, 19, 18, 17, 16, 15, 14])
  })

  it('can be widened to keep everything, and reset to the default', async () => {
    const { queries, retention, drain } = twentyDays()
    expect(retention.setPolicy({})).toEqual({})
    expect(retention.inForce()).toEqual({ source: 'set' })
    expect((await drain(retention.sweep())).deleted).toBe(0)
    expect(queries.count({})).toBe(20)
    expect(retention.setPolicy({ maxDays: 30 })).toEqual({ maxDays: 30 })
    expect((await drain(retention.sweep())).deleted).toBe(0)
    expect(retention.resetPolicy()).toEqual(DEFAULT_RETENTION)
    expect(retention.inForce().source).toBe('default')
    expect((await drain(retention.sweep())).deleted).toBe(13)
  })

  it.each<[string | undefined, RetentionInForce]>([
    [undefined, { maxDays: 7, maxRows: 200_000, source: 'default' }],
    ['{}', { source: 'set' }],
    ['{"maxRows":5000}', { maxRows: 5000, source: 'set' }],
    ['garbage', { source: 'set' }],
  ])('retention in force for the meta value %s', (text, expected) => {
    expect(retentionInForce(text)).toEqual(expected)
  })

  it('keeps the newest rows in time order, walking the at index (not the whole table)', async () => {
    const { retention, drain, queries } = twentyDays()
    retention.setPolicy({ maxRows: 2 })
    await drain(retention.sweep())
    expect(queries.page({}).rows.map((r) => r.id)).toEqual([20, 19])
    const plan = queries.db.prepare('EXPLAIN QUERY PLAN SELECT at, id FROM decisions INDEXED BY decisions_at ORDER BY at DESC, id DESC LIMIT 1 OFFSET 5').all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX decisions_at/)
  })

  it('stores the policy in the meta table and refuses nonsense', () => {
    const { retention } = twentyDays()
    expect(retention.setPolicy({ maxDays: 30 })).toEqual({ maxDays: 30 })
    expect(retention.policy()).toEqual({ maxDays: 30 })
    expect(() => retention.setPolicy({ maxRows: -1 })).toThrow(new StoreError('STORE_INVALID', 'Retention maxRows must be a positive number'))
  })
})
