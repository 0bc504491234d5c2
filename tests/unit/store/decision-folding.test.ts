import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as exportJsonl } from '@/app/api/decisions/export/route'
import { setRuntime, type StudioRuntime } from '@/lib/server/registry'
import { LOG_BUDGET } from '@/lib/store/decision-budget'
import { decisionMetrics } from '@/lib/store/sqlite/decision-metrics'
import { DecisionQueries } from '@/lib/store/sqlite/decision-queries'
import { type DecisionInput, type DecisionRecord } from '@/lib/store/model/decision'
import { DecisionLog } from '@/lib/store/sqlite/decision-log'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0)
const denied = (ms: number, c: string): DecisionInput => ({
  at: T0 + ms, kind: 'action', verdict: 'deny', decidedBy: 'blocklist', reason: "Action 'setState' is not callable",
  component: 'LiveChat', action: 'setState', connectionId: c, profile: 'documented', durationUs: 3,
  trace: [{ layer: 'blocklist', outcome: 'deny', durationUs: 3 }], auth: { authenticated: false }, payload: { n: ms }, workspaceVersion: 1,
})
const allowed = (ms: number, c: string): DecisionInput => ({
  at: T0 + ms, kind: 'mount', verdict: 'allow', component: 'LiveChat', connectionId: c, profile: 'documented', durationUs: 2, trace: [], auth: { authenticated: false },
})

let dir: string
let store: Store
let log: DecisionLog
let q: DecisionQueries
const written: DecisionRecord[] = []
const DISTINCT = 100
/** Decisions made, by kind of traffic (what the log must add up to). */
const made = { deny: 0, allow: 0, distinct: 0 }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-folding-'))
  store = new Store({ dataDir: dir })
  // A connection's own budget of 20 rows/s (bursts of 200), the server's large: this file is about per-connection folding
  // (decision-budget.test.ts covers the server-wide budget and its shared overflow rows).
  log = new DecisionLog(store.file, { budget: { perSecond: 20, burst: 200, serverPerSecond: 1e6, serverBurst: 1e6 } })
  log.onWritten((r) => written.push(r))
  q = new DecisionQueries(store.file)
  setRuntime({ store, decisions: store.decisions } as unknown as StudioRuntime)
  // Three connections flood identical denials at 50/s for 12 s (the live rate limit), in windows the
  // writer sees as separate batches; one also mounts once, another tries 100 actions that do not exist
  // once its budget has run out (at ~6.7 s: 200 tokens, refilled at 20/s, spent at 50/s).
  for (let ms = 0; ms < 12_000; ms += 20) {
    for (const c of ['c1', 'c2', 'c3']) log.append(denied(ms, c))
    made.deny += 3
    if (ms === 5000) {
      log.append(allowed(ms, 'c1'))
      made.allow++
    }
    if (ms === 9000) {
      for (let i = 0; i < DISTINCT; i++) log.append({ ...denied(ms, 'c2'), action: `nope${i}`, reason: `Action 'nope${i}' is not callable` })
      made.distinct += DISTINCT
    }
    if (ms % 1000 === 0) await new Promise((r) => setTimeout(r, 15))
  }
  log.flush()
})
afterAll(() => {
  setRuntime(undefined)
  q.close()
  log.close()
  void store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const total = () => made.deny + made.allow + made.distinct

describe('folding through the real writer', () => {
  it('count in = count logged: every decision is a row or counted on one, exactly', () => {
    expect(log.received).toBe(total())
    expect(log.written).toBe(total())
    expect(log.failed).toBe(0)
    expect(log.count()).toBe(total())
    expect(q.count({})).toBe(total())
    const db = new Database(store.file, { readonly: true })
    const sums = db.prepare('SELECT count(*) AS rows, sum(repeat_count) AS decisions FROM decisions').get() as { rows: number; decisions: number }
    db.close()
    expect(sums.decisions).toBe(total())
    expect(sums.rows).toBe(log.rows)
    // 3 x 600 + 101 decisions in at most ~3 x (333 + 6 one-a-second rows) + the distinct ones and one overflow row.
    expect(log.rows).toBeLessThan(3 * 345 + DISTINCT + 2)
  })

  it('filters count decisions, not rows', () => {
    expect(q.count({ verdict: 'deny', action: 'setState' })).toBe(made.deny)
    expect(q.count({ kind: 'mount' })).toBe(1)
    expect(q.count({ text: 'setState' })).toBe(made.deny)
    expect(log.count({ component: 'LiveChat', action: 'setState' })).toBe(made.deny)
  })

  it('a folded row says how many it stands for and since when; no fold reaches past its slice', () => {
    const rows = q.page({ action: 'setState' }, { limit: 500 }).rows
    const folded = rows.filter((r) => r.repeatCount > 1)
    expect(folded.length).toBeGreaterThan(3)
    for (const r of folded) {
      expect(r.lastAt).toBeGreaterThan(r.at)
      expect((r.lastAt ?? 0) - r.at).toBeLessThan(LOG_BUDGET.sliceMs)
    }
    const full = q.get(folded[0]?.id ?? 0)
    expect(full).toMatchObject({ repeatCount: folded[0]?.repeatCount, trace: [{ layer: 'blocklist' }] })
    expect(full?.foldedVariants).toBeUndefined()
  })

  it('distinct decisions are kept: in full while tokens last, the rest counted and listed on an overflow row', () => {
    const rows = q.page({ from: T0 + 9000, to: T0 + 9001 }, { limit: 500 }).rows.filter((r) => r.connectionId === 'c2')
    const inFull = rows.filter((r) => r.action?.startsWith('nope'))
    const overflow = rows.filter((r) => r.overflow)
    expect(inFull.length).toBeGreaterThan(20)
    expect(overflow).toHaveLength(1)
    expect(inFull.length + (overflow[0]?.repeatCount ?? 0)).toBe(DISTINCT)
    for (const r of inFull) expect(r).toMatchObject({ repeatCount: 1, reason: `Action '${r.action}' is not callable` })
    const record = q.get(overflow[0]?.id ?? 0)
    expect(record).toMatchObject({ kind: 'action', verdict: 'deny', decidedBy: 'blocklist', component: 'LiveChat', trace: [], payloadJson: null })
    expect(record?.reason).toBeUndefined()
    expect(record?.action).toBeUndefined() // the actions differ: none is claimed for the row
    const variants = record?.foldedVariants
    expect(variants?.variants).toHaveLength(LOG_BUDGET.maxVariants)
    expect(variants?.variants[0]).toEqual({ component: 'LiveChat', action: `nope${inFull.length}`, reason: `Action 'nope${inFull.length}' is not callable`, count: 1 })
    expect((variants?.variants.reduce((n, v) => n + v.count, 0) ?? 0) + (variants?.others ?? 0)).toBe(record?.repeatCount)
  })

  it('metrics add up to the decisions made', () => {
    const m = decisionMetrics(q.db, { nowMs: T0 + 12_000, windowMs: 60_000, rateWindowMs: 10_000 })
    expect(m.totals).toEqual({ allow: made.allow, deny: made.deny + made.distinct })
    expect(m.denialsByLayer).toEqual([{ layer: 'blocklist', count: made.deny + made.distinct }])
    expect(m.topDenied[0]).toEqual({ component: 'LiveChat', action: 'setState', count: made.deny })
    expect(m.mounts).toBe(1)
    // The last 10 s hold 3 x 500 denials (+ the ones at 5 s), each folded within a second of its row.
    const lastTen = 3 * 500 + made.distinct + made.allow
    expect(m.perSecond * 10).toBeGreaterThanOrEqual(lastTen - 3 * 50)
    expect(m.perSecond * 10).toBeLessThanOrEqual(lastTen + 3 * 50)
  })

  it('the JSONL export carries each row count and adds up', async () => {
    const text = await exportJsonl(new Request('http://studio.test/api/decisions/export')).text()
    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { repeatCount: number; lastAt?: number })
    expect(records).toHaveLength(log.rows)
    expect(records.reduce((n, r) => n + r.repeatCount, 0)).toBe(total())
  })

  it('announces each row once, with the folds that arrived in its own batch', () => {
    expect(written).toHaveLength(log.rows)
    expect(written.every((r) => r.repeatCount >= 1)).toBe(true)
    expect(written.some((r) => r.repeatCount > 1)).toBe(true)
  })

  it('impact windows leave overflow rows out (they hold no single decision)', () => {
    expect(q.window({ last: 20_000 }).some((r) => r.foldedVariants !== undefined)).toBe(false)
  })
})

describe('folds whose row is gone', () => {
  it('are counted as retired, not lost silently', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-folding-'))
    const s = new Store({ dataDir: d })
    const l = new DecisionLog(s.file, { budget: { burst: 2, perSecond: 1 } })
    l.append(denied(0, 'x'))
    l.append(denied(0, 'x'))
    l.flush()
    const db = new Database(s.file)
    db.prepare('DELETE FROM decisions').run()
    db.close()
    for (let i = 0; i < 5; i++) l.append(denied(10, 'x'))
    expect(l.written).toBe(2)
    expect(l.retired).toBe(5)
    expect(l.received).toBe(l.written + l.retired + l.failed)
    l.close()
    void s.close()
    fs.rmSync(d, { recursive: true, force: true })
  })
})
