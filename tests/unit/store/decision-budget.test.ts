import { describe, expect, it } from 'vitest'
import { LOG_BUDGET, LoggingBudget, identityKey } from '@/lib/store/decision-budget'

/** The figures these cases were worked out with (20 rows/s, bursts of 200); the defaults are smaller. */
const CLASSIC = { perSecond: 20, burst: 200 }
import type { FoldTarget, WireFold } from '@/lib/store/decision-folds'
import type { DecisionInput } from '@/lib/store/model/decision'

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0)

/** A denied setState on LiveChat from connection `c`, made `ms` after T0. */
const denied = (ms: number, c = 'c1', extra: Partial<DecisionInput> = {}): DecisionInput => ({
  at: T0 + ms, kind: 'action', verdict: 'deny', decidedBy: 'blocklist', reason: "Action 'setState' is not callable",
  component: 'LiveChat', action: 'setState', connectionId: c, profile: 'documented', durationUs: 1, trace: [{ layer: 'blocklist' }],
  auth: { authenticated: false }, payload: { n: ms }, ...extra,
})

/**
 * Plays `inputs` through `budget` as DecisionLog does (one batch per call, every row acknowledged at once)
 * and returns the rows written and the folds handed over.
 */
function play(budget: LoggingBudget, inputs: readonly DecisionInput[]) {
  const rows: { input: DecisionInput; target: FoldTarget | undefined; id: number }[] = []
  const folds: WireFold[] = []
  let folded = 0
  let nextId = 1
  for (const input of inputs) {
    const admitted = budget.admit(input)
    if (!admitted) {
      folded++
      continue
    }
    const batch: unknown[] = [admitted.row]
    if (admitted.target) admitted.target.slot = { batch, index: 0 }
    folds.push(...budget.takeFolds(batch).map((f) => f.wire))
    const id = nextId++
    if (admitted.target) admitted.target.id = id
    rows.push({ ...admitted, input: admitted.row, id })
  }
  folds.push(...budget.takeFolds([]).map((f) => f.wire))
  return { rows, folds, folded, added: folds.reduce((n, f) => n + f.add, 0) }
}

describe('LoggingBudget', () => {
  it('writes every decision without a connection id in full', () => {
    const inputs = Array.from({ length: 1000 }, () => ({ ...denied(0), connectionId: undefined }))
    expect(play(new LoggingBudget(), inputs).rows).toHaveLength(1000)
  })

  it('writes a burst in full, then folds identical decisions exactly', () => {
    const inputs = Array.from({ length: 1000 }, () => denied(0))
    const { rows, folded, added, folds } = play(new LoggingBudget(), inputs)
    expect(rows).toHaveLength(LOG_BUDGET.burst)
    expect(folded).toBe(1000 - LOG_BUDGET.burst)
    // Every folded decision is handed over exactly once, to the last row written before the budget ran out.
    expect(added).toBe(folded)
    expect(new Set(folds.map((f) => f.id ?? -1))).toEqual(new Set([rows.at(-1)?.id]))
  })

  it('keeps about one row per second for a sustained flood, each holding only its own second', () => {
    // 50 identical decisions per second for 20 s (the live rate limit), then count.
    const inputs = Array.from({ length: 1000 }, (_, i) => denied(i * 20))
    const budget = new LoggingBudget(CLASSIC)
    const { rows, folded, added, folds } = play(budget, inputs)
    expect(rows.length + added).toBe(1000)
    expect(added).toBe(folded)
    // 200 tokens, refilled at 20/s while 50/s arrive: the budget runs out after ~6.7 s (~333 rows), then one row a second.
    expect(rows.length).toBeGreaterThan(330)
    expect(rows.length).toBeLessThan(350)
    const atOf = new Map(rows.map((r) => [r.id, r.input.at]))
    for (const f of folds) expect(f.lastAt - (atOf.get(f.id ?? -1) ?? -Infinity)).toBeLessThan(LOG_BUDGET.sliceMs)
  })

  it('refills: after a quiet spell a connection writes in full again', () => {
    const budget = new LoggingBudget(CLASSIC)
    const flood = play(budget, Array.from({ length: 500 }, () => denied(0)))
    expect(flood.rows).toHaveLength(200)
    // Ten seconds later the budget is full again: 150 decisions at 100/s are all written.
    const after = play(budget, Array.from({ length: 150 }, (_, i) => denied(10_000 + i * 10)))
    expect(after.rows).toHaveLength(150)
    expect(after.folded).toBe(0)
  })

  it('stays folding while the connection keeps exceeding the budget rate, even with tokens back', () => {
    const budget = new LoggingBudget(CLASSIC)
    play(budget, Array.from({ length: 300 }, () => denied(0)))
    // 30 a second for 10 s: above the 20/s budget rate, so identical decisions keep folding (a row per second).
    const slow = play(budget, Array.from({ length: 300 }, (_, i) => denied(1 + Math.floor(i * 33.3))))
    expect(slow.rows.length).toBeLessThanOrEqual(11)
    expect(slow.rows.length + slow.added).toBe(300)
  })

  it('keeps distinct decisions over budget in full while tokens last, each a row later ones fold into', () => {
    const budget = new LoggingBudget(CLASSIC)
    // A flood that never slows below the budget rate: 400 at once, then 25/s for 2 s (one row per second).
    play(budget, [...Array.from({ length: 400 }, () => denied(0)), ...Array.from({ length: 50 }, (_, i) => denied(40 + i * 40))])
    // Still folding, with ~36 tokens back: 30 new distinct actions arrive twice each.
    const distinct = Array.from({ length: 30 }, (_, i) => denied(2000, 'c1', { action: `a${i}`, reason: `Action 'a${i}' is not callable` }))
    const { rows, added } = play(budget, [...distinct, ...distinct])
    expect(rows.map((r) => r.input.action)).toEqual(distinct.map((d) => d.action))
    expect(rows.every((r) => r.input.trace !== undefined && r.input.payload !== undefined)).toBe(true)
    expect(added).toBe(30)
  })

  it('counts distinct decisions without a token on an overflow row that lists them', () => {
    const budget = new LoggingBudget({ maxVariants: 3 })
    play(budget, Array.from({ length: 400 }, () => denied(0)))
    const distinct = Array.from({ length: 10 }, (_, i) => denied(1, 'c1', { action: `x${i}`, reason: `Action 'x${i}' is not callable` }))
    const { rows, folds, added } = play(budget, [...distinct, distinct[0] as DecisionInput])
    expect(rows).toHaveLength(1)
    const overflow = rows[0]?.input
    expect(overflow).toMatchObject({ kind: 'action', verdict: 'deny', decidedBy: 'blocklist', component: 'LiveChat', connectionId: 'c1', trace: [] })
    expect(overflow).not.toHaveProperty('reason')
    expect(overflow).not.toHaveProperty('payload')
    // The row counts itself; the 10 others are added, with the variants listed and the component they share.
    expect(added).toBe(10)
    const last = folds.at(-1)
    expect(last).toMatchObject({ overflow: true, component: 'LiveChat', action: null })
    expect(JSON.parse(last?.variants ?? '{}')).toEqual({
      variants: [
        { component: 'LiveChat', action: 'x0', reason: "Action 'x0' is not callable", count: 2 },
        { component: 'LiveChat', action: 'x1', reason: "Action 'x1' is not callable", count: 1 },
        { component: 'LiveChat', action: 'x2', reason: "Action 'x2' is not callable", count: 1 },
      ],
      others: 7,
    })
  })

  it('budgets each connection on its own', () => {
    const budget = new LoggingBudget({ burst: 5, perSecond: 1 })
    const inputs = ['a', 'b', 'c'].flatMap((c) => Array.from({ length: 20 }, () => denied(0, c)))
    const { rows, added } = play(budget, inputs)
    expect(rows).toHaveLength(15)
    expect(added).toBe(45)
  })

  it('forgets idle connections once their budget would be full again', () => {
    const budget = new LoggingBudget()
    play(budget, ['a', 'b'].flatMap((c) => Array.from({ length: 300 }, () => denied(0, c))))
    expect(budget.tracked).toBe(2)
    play(budget, [denied(60_000, 'c')])
    expect(budget.tracked).toBe(1)
  })

  it.each<[string, Partial<DecisionInput>]>([
    ['reason', { reason: 'other' }], ['verdict', { verdict: 'allow' }], ['layer', { decidedBy: 'publicActions' }],
    ['component', { component: 'AdminPanel' }], ['action', { action: 'login' }], ['profile', { profile: 'fluxstack-live@0.11' }],
    ['workspace version', { workspaceVersion: 2 }], ['session', { sessionId: 'u-free' }], ['kind', { kind: 'mount' }],
  ])('a different %s is a different decision', (_name, change) => {
    expect(identityKey(denied(0, 'c1', change))).not.toBe(identityKey(denied(0)))
    // Payload, time, duration and trace are not part of it.
    expect(identityKey(denied(5, 'c1', { payload: { other: true }, durationUs: 9, trace: [] }))).toBe(identityKey(denied(0)))
  })
})

describe('server-wide log budget', () => {
  it('bounds the rows of many connections together; every decision is still counted', () => {
    // 100 connections, each within its own budget (5 decisions), all in the same second: 500 decisions.
    const inputs = Array.from({ length: 500 }, (_, i) => denied(0, `c${i % 100}`, { action: `a${i}`, reason: `r${i}` }))
    const budget = new LoggingBudget({ serverBurst: 50, serverPerSecond: 10 })
    const { rows, added } = play(budget, inputs)
    // 50 full rows from the server's burst; the other 450 share overflow rows with no connection id: one per action
    // for the first 20 actions of the slice (counts by action stay exact), then one catch-all row.
    expect(rows.filter((r) => Array.isArray(r.input.trace) && r.input.trace.length > 0)).toHaveLength(50)
    expect(rows).toHaveLength(50 + 20 + 1)
    expect(rows.slice(50).every((r) => r.input.connectionId === undefined)).toBe(true)
    expect(rows.length + added).toBe(500)
  })
})
