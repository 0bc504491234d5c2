import fs from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { DELETE as retentionDelete, GET as retentionGet, PUT as retentionPut } from '@/app/api/decisions/retention/route'
import { GET as metrics } from '@/app/api/metrics/route'
import { GET as status } from '@/app/api/status/route'
import type { Status } from '@/lib/api/status'
import { LOG_BUDGET } from '@/lib/store/decision-budget'
import { LiveClient, mountedId, startHarness, type Harness, sqliteOf } from './helpers/live-harness'

const CONNECTIONS = 8
/** Frames per connection per 100 ms tick, for FLOOD_MS: 1,000 denied actions a second on each socket. */
const PER_TICK = 100
const FLOOD_MS = 3000
/** The live rate limit is raised so the flood reaches the log (the default is 50/s per socket). */
const RATE = { perSecond: 5000, burst: 5000 }

const harnesses: Harness[] = []
/** Store growth of the budgeted run, compared with the run without a budget. */
let budgeted: number | undefined
const clients: LiveClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  for (const h of harnesses.splice(0)) await h.close()
})

const bytes = (file: string) => [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0)
const denials = (c: LiveClient) => c.frames.filter((f) => f.type === 'ERROR' && (f.payload as { action?: string } | undefined)?.action === 'setState').length

/** Anonymous sockets each mount LiveChat and send `setState` (denied: not callable) as fast as allowed. */
async function flood(logBudget?: false) {
  const h = await startHarness({ rateLimit: RATE }, logBudget === false ? { logBudget } : {})
  harnesses.push(h)
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => LiveClient.open(h.wsUrl)))
  clients.push(...sockets)
  const ids: string[] = []
  for (const c of sockets) ids.push(mountedId(await c.mount('LiveChat')))
  await h.server.decisions.flush()
  const file = sqliteOf(h.server).file
  const before = { bytes: bytes(file), received: sqliteOf(h.server).decisions.log.received }
  const started = Date.now()
  let sent = 0
  while (Date.now() - started < FLOOD_MS) {
    sockets.forEach((c, i) => {
      for (let k = 0; k < PER_TICK; k++) c.sendRaw(JSON.stringify({ type: 'CALL_ACTION', componentId: ids[i], action: 'setState', payload: { n: sent + k } }))
    })
    sent += PER_TICK
    await new Promise((r) => setTimeout(r, 100))
  }
  // Every frame is answered (so decided) before the log is read.
  for (let waited = 0; sockets.some((c) => denials(c) < sent) && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50))
  const seconds = (Date.now() - started) / 1000
  await h.server.decisions.flush()
  const raw = bytes(file) - before.bytes
  const db = new Database(file)
  db.pragma('wal_checkpoint(TRUNCATE)')
  const table = db.prepare(`SELECT count(*) AS rows, sum(repeat_count) AS decisions,
    sum(CASE WHEN action = 'setState' THEN repeat_count ELSE 0 END) AS denied FROM decisions`).get() as { rows: number; decisions: number; denied: number }
  db.close()
  return { h, sockets, sent, seconds, raw, checkpointed: bytes(file) - before.bytes, table, made: CONNECTIONS * sent }
}

describe('a flood of denied actions from several connections', () => {
  it('grows the store by a bounded amount while every decision is counted (count in = count logged)', async () => {
    const run = await flood()
    const { h, table, made } = run
    for (const c of run.sockets) expect(denials(c)).toBe(run.sent)
    // Every decision the server made is in the log, folded or not: received = logged = the table's sum.
    expect(sqliteOf(h.server).decisions.log.received).toBe(sqliteOf(h.server).decisions.log.written)
    expect(sqliteOf(h.server).decisions.log.failed).toBe(0)
    expect(table.decisions).toBe(sqliteOf(h.server).decisions.log.received)
    expect(table.denied).toBe(made)
    // The dashboard adds up to the same figures.
    const m = (await (await metrics(new Request('http://studio.local/api/metrics'))).json()) as { totals: { allow: number; deny: number } }
    expect(m.totals.allow + m.totals.deny).toBe(table.decisions)
    expect(m.totals.deny).toBe(made)
    // Rows: each socket's burst (and what refilled while it lasted), then one a second: tokens refill
    // while the socket folds, but identical decisions do not spend them.
    const bound = CONNECTIONS * (LOG_BUDGET.burst + LOG_BUDGET.perSecond * run.seconds + run.seconds * 1000 / LOG_BUDGET.sliceMs + 2)
    expect(table.rows).toBeLessThanOrEqual(bound)
    // A logged row costs ~1.1 KB here; 4 KiB a row plus a page per socket is a generous ceiling.
    expect(run.checkpointed).toBeLessThan(bound * 4096)
    // The Overview's figures: the file plus its WAL, and the retention in force (nothing set: the default).
    const s = (await (await status()).json()) as Status
    expect(s.store.sizeBytes).toBe(s.store.databaseBytes + s.store.walBytes)
    expect(s.store.databaseBytes).toBeGreaterThan(run.checkpointed)
    expect(s.retention).toEqual({ maxDays: 7, maxRows: 200_000, source: 'default' })
    budgeted = run.checkpointed
    console.log(`flood, budgeted: ${made.toLocaleString('en-US')} denied actions from ${CONNECTIONS} sockets in ${run.seconds.toFixed(1)} s -> ${table.rows} rows; store +${(run.raw / 1e6).toFixed(2)} MB (file + WAL), +${(run.checkpointed / 1e6).toFixed(2)} MB after a checkpoint`)
  })

  it('without the budget the same flood costs a row per decision (the figure the budget is measured against)', async () => {
    const run = await flood(false)
    expect(run.table.denied).toBe(run.made)
    expect(run.table.rows).toBe(run.table.decisions)
    // Same traffic, a row per decision: the budget keeps the growth well below it.
    if (budgeted !== undefined) expect(budgeted * 5).toBeLessThan(run.checkpointed)
    console.log(`flood, no budget: ${run.made.toLocaleString('en-US')} denied actions in ${run.seconds.toFixed(1)} s -> ${run.table.rows} rows; store +${(run.raw / 1e6).toFixed(2)} MB (file + WAL), +${(run.checkpointed / 1e6).toFixed(2)} MB after a checkpoint`)
  })
})

describe('retention in force', () => {
  it('is the default until set, can be widened to keep everything, and reset', async () => {
    harnesses.push(await startHarness())
    const body = async (res: Response | Promise<Response>) => (await res).json() as Promise<Record<string, unknown>>
    const put = (data: unknown) => retentionPut(new Request('http://studio.local/api/decisions/retention', { method: 'PUT', body: JSON.stringify(data) }))
    expect(await body(retentionGet())).toMatchObject({ maxDays: 7, maxRows: 200_000, source: 'default', defaults: { maxDays: 7, maxRows: 200_000 } })
    expect(await body(put({ maxDays: 30 }))).toMatchObject({ maxDays: 30, maxRows: 200_000, source: 'set' })
    const open = await body(put({ maxDays: null, maxRows: null }))
    expect(open).toMatchObject({ source: 'set' })
    expect(open).not.toHaveProperty('maxDays')
    expect(open).not.toHaveProperty('maxRows')
    expect(((await (await status()).json()) as Status).retention).toEqual({ source: 'set' })
    expect(await body(retentionDelete())).toMatchObject({ maxDays: 7, maxRows: 200_000, source: 'default' })
  })
})
