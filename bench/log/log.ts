/**
 * Decision log figures (issue 7). Run: npx tsx bench/log/log.ts
 * 1. Decisions logged per second while live clients hammer the server; no decision lost
 *    (count in = count logged).
 * 2. Filtered-page query latency with 100,000 rows in the log (target p95 <= 50 ms).
 * 3. Replay throughput against the demo workspace (declarative rules; target >= 20,000/s).
 * Loopback only; every phase is bounded.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { StudioConfig } from '../../lib/config'
import { analyzeImpact } from '../../lib/impact'
import { workspaceKeys } from '../../lib/live/server/jwt-provider'
import { loadWorkspace } from '../../lib/sandbox'
import { DEMO_WORKSPACE_ID } from '../../lib/server/seed-demo'
import { startStudioServer } from '../../lib/server/studio-server'
import { type DecisionQuery } from '../../lib/store/model/decision-query'
import { DecisionQueries } from '../../lib/store/sqlite/decision-queries'
import { decisionMetrics } from '../../lib/store/sqlite/decision-metrics'
import { signToken } from '../../lib/tokens'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'
import { BenchClient, percentile, roundTrips } from '../live/bench-clients'
import { seedDecisions } from './seed-rows'

const LOAD_CLIENTS = 16
const LOAD_MS = 3000
const ROWS = 100_000
const QUERY_RUNS = 200
const REPLAY = 20_000

async function loggingUnderLoad(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-log-'))
  const config: StudioConfig = { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [] }
  // The writer's capacity: no per-connection logging budget (it would fold most of this traffic).
  const server = await startStudioServer({ config, withNext: false, live: { rateLimit: { perSecond: 1e9, burst: 1e9 } }, logBudget: false })
  await server.workspaceHost.current()
  const key = (await workspaceKeys(server.store, DEMO_WORKSPACE_ID)).find((k) => k.kid === 'demo-hs256')
  if (!key) throw new Error('demo key missing')
  const token = await signToken(key, DEMO_PERSONAS.find((p) => p.id === 'moderator')?.claims ?? {}, { now: new Date(), expiresIn: '1h' })
  const url = `ws://127.0.0.1:${server.port}/api/live/ws`
  const clients = await Promise.all(Array.from({ length: LOAD_CLIENTS }, () => BenchClient.open(url)))
  const ids: string[] = []
  for (const c of clients) {
    await c.request({ type: 'AUTH', payload: { token } })
    ids.push((await c.request({ type: 'COMPONENT_MOUNT', payload: { component: 'ModerationPanel' } })).result?.componentId ?? '')
  }
  await server.decisions.flush()
  const before = (await server.decisions.counters()).written
  let n = 0
  // Alternate an allowed action (sandboxed body) and a denied one (cascade only).
  const message = (i: number) => ({ type: 'CALL_ACTION', componentId: ids[i], action: n++ % 2 === 0 ? 'deleteReport' : 'editProfile', payload: { reportId: 'r', userId: 'x' } })
  const t0 = performance.now()
  const run = await roundTrips(clients, LOAD_MS, message, () => true)
  await server.decisions.flush()
  const seconds = (performance.now() - t0) / 1000
  const counters = await server.decisions.counters()
  const written = counters.written - before
  const db = new Database((await server.store.info()).location, { readonly: true })
  const inTable = (db.prepare('SELECT sum(repeat_count) AS n FROM decisions').get() as { n: number }).n
  db.close()
  for (const c of clients) c.close()
  console.log(`1. logging under load (${LOAD_CLIENTS} clients, ${LOAD_MS} ms, ${run.perSecond.toFixed(0)} action round trips/s):`)
  console.log(`   decisions logged/s         ${(written / seconds).toFixed(0)}`)
  console.log(`   count in = count logged    ${counters.received} = ${counters.written} = ${inTable} rows  ${counters.received === inTable ? 'OK' : 'LOST DECISIONS'}`)
  await server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
}

function timeQuery(run: () => unknown): { p50: number; p95: number } {
  const times: number[] = []
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t = performance.now()
    run()
    times.push(performance.now() - t)
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

async function queriesAndReplay(): Promise<void> {
  const { file, dir, close, firstAt, lastAt, writeMs } = await seedDecisions(ROWS)
  console.log(`   (DecisionLog alone, reason index included: ${(ROWS / (writeMs / 1000)).toFixed(0)} decisions written/s)`)
  const q = new DecisionQueries(file)
  const mid = Math.round((firstAt + lastAt) / 2)
  const filters: [string, DecisionQuery][] = [
    ['no filter', {}],
    ['deny + AdminPanel', { verdict: 'deny', component: 'AdminPanel' }],
    ['kind=action + layer', { kind: 'action', decidedBy: 'actionAuth.roles' }],
    ['persona + version', { persona: 'free-user', workspaceVersion: 2 }],
    ['session id', { sessionId: 'u-pro' }],
    ['component + action', { component: 'ModerationPanel', action: 'banUser' }],
    ['time range (1 h)', { from: mid, to: mid + 3_600_000 }],
    ['text search (common)', { text: 'insufficient roles' }],
    ['text search (rare)', { text: 'u-ghost' }],
    ['deny + text + persona', { verdict: 'deny', text: 'roles', persona: 'free-user' }],
  ]
  console.log(`2. filtered page of 100 at ${ROWS.toLocaleString('en-US')} rows (${QUERY_RUNS} runs each; target p95 <= 50 ms):`)
  let worst = 0
  for (const [name, filter] of filters) {
    const first = q.page(filter, { limit: 100 })
    const page2 = first.next
    const t = timeQuery(() => q.page(filter, { limit: 100, ...(page2 ? { before: page2 } : {}) }))
    worst = Math.max(worst, t.p95)
    console.log(`   ${name.padEnd(24)} p50 ${t.p50.toFixed(2)} ms  p95 ${t.p95.toFixed(2)} ms  (${first.rows.length} rows)`)
  }
  const count = timeQuery(() => q.count({ verdict: 'deny', component: 'AdminPanel' }, 1_001))
  console.log(`   count(deny + AdminPanel, capped at 1,001 as the page asks) p95 ${count.p95.toFixed(2)} ms`)
  console.log(`   worst page p95 ${worst.toFixed(2)} ms ${worst <= 50 ? 'OK' : 'OVER TARGET'}`)
  const metrics = timeQuery(() => decisionMetrics(q.db, { nowMs: lastAt, windowMs: 15 * 60_000 }))
  console.log(`   dashboard metrics (15 min window) p95 ${metrics.p95.toFixed(2)} ms`)

  const demo = new Database(file, { readonly: true })
  const files = JSON.parse((demo.prepare('SELECT files FROM workspace_versions ORDER BY version DESC LIMIT 1').get() as { files: string }).files) as Record<string, string>
  demo.close()
  const loaded = await loadWorkspace(files)
  const entries = q.window({ last: REPLAY })
  const timed = async () => {
    const t = performance.now()
    const report = await analyzeImpact(entries, loaded)
    return { report, perSecond: report.replayed / ((performance.now() - t) / 1000) }
  }
  const cold = await timed()
  const warm = await timed()
  const { report } = warm
  console.log(`3. replay of ${entries.length.toLocaleString('en-US')} logged decisions against the demo workspace (declarative rules):`)
  console.log(`   first run ${cold.perSecond.toFixed(0)}/s, second run ${warm.perSecond.toFixed(0)}/s (target >= 20,000); ${report.replayed} replayed, flips ${report.widening + report.narrowing}, not replayable ${report.total - report.replayed}`)
  loaded.dispose()
  q.close()
  close()
  fs.rmSync(dir, { recursive: true, force: true })
}

async function main(): Promise<void> {
  await loggingUnderLoad()
  await queriesAndReplay()
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error)
  process.exit(1)
})
