/**
 * The store on SQLite and on Postgres, same machine, side by side (issue 16). Run: npx tsx bench/store/store.ts
 * 1. Decision-log writes per second, batched behind `append` (target: Postgres at least SQLite's).
 * 2. Filtered page latency at 1,000,000 rows (STORE_BENCH_ROWS to change; target p95 <= 50 ms).
 * 3. Impact replay reading its 20,000 decisions from the store (target >= 20,000 decisions/s).
 * Postgres is a throwaway server (tests/helpers/pg-server.ts) on a free loopback port, fsync on.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { StudioStore } from '../../lib/store/contract'
import { openPostgresStore } from '../../lib/store/postgres/index'
import { openSqliteStore } from '../../lib/store/sqlite/sqlite-store'
import { readDemoWorkspace } from '../../lib/workspace/demo'
import { startPostgres, type PostgresServer } from '../../tests/helpers/pg-server'
import { templates, type Template } from '../log/seed-rows'
import { percentile } from '../live/bench-clients'
import { bulkPostgres } from './bulk-postgres'
import { bulkSqlite } from './bulk-sqlite'
import { pageFilters, pageLatencies, replayRate, writeRate } from './phases'

const ROWS = Number(process.env.STORE_BENCH_ROWS ?? 1_000_000)
const WRITES = 50_000
const RUNS = 100
const REPLAY = 20_000
const SECRET = Buffer.alloc(32, 3)

interface Figures {
  writes: number
  writeFailed: number
  loadSeconds: number
  pages: { name: string; p50: number; p95: number; rows: number }[]
  metricsP50: number
  metricsP95: number
  replay: { readMs: number; perSecond: number; withReadPerSecond: number; replayed: number }
}

interface Engine {
  readonly name: 'SQLite' | 'Postgres'
  /** A store on an empty database. */
  fresh(): Promise<StudioStore>
  /** Fills the last fresh store's log with `ROWS` rows and reopens it. */
  load(store: StudioStore, list: readonly Template[], firstAt: number): Promise<StudioStore>
  close(): Promise<void>
}

function sqliteEngine(): Engine {
  const dirs: string[] = []
  return {
    name: 'SQLite',
    async fresh() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'))
      dirs.push(dir)
      return openSqliteStore({ dataDir: dir, secret: SECRET, logBudget: false })
    },
    async load(store, list, firstAt) {
      const sqlite = store as Awaited<ReturnType<typeof openSqliteStore>>
      await bulkSqlite(sqlite, list, ROWS, firstAt)
      await store.close()
      return openSqliteStore({ dataDir: path.dirname(sqlite.file), secret: SECRET, logBudget: false })
    },
    async close() {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function postgresEngine(): Promise<Engine> {
  const server: PostgresServer = await startPostgres({ settings: { shared_buffers: '256MB', max_wal_size: '4GB' } })
  let n = 0
  const url = () => server.url.replace(/\/[^/]+$/, `/bench_${n}`)
  return {
    name: 'Postgres',
    async fresh() {
      n++
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      await client.query(`CREATE DATABASE bench_${n}`)
      await client.end()
      return openPostgresStore(url(), { secret: SECRET, logBudget: false })
    },
    async load(store, list, firstAt) {
      await store.close()
      await bulkPostgres(url(), list, ROWS, firstAt)
      return openPostgresStore(url(), { secret: SECRET, logBudget: false })
    },
    close: () => server.stop(),
  }
}

async function measure(engine: Engine, list: readonly Template[], files: Record<string, string>): Promise<Figures> {
  console.log(`-- ${engine.name}`)
  const writer = await engine.fresh()
  await writeRate(writer, list, 2_000, Date.now())
  const writes = await writeRate(writer, list, WRITES, Date.now())
  console.log(`   writes/s ${writes.perSecond.toFixed(0)}`)
  const lastAt = Date.now() - 60_000
  const firstAt = lastAt - ROWS * 1000
  const t0 = performance.now()
  const store = await engine.load(writer, list, firstAt)
  const loadSeconds = (performance.now() - t0) / 1000
  console.log(`   ${ROWS.toLocaleString('en-US')} rows loaded in ${loadSeconds.toFixed(0)} s (${(await store.decisions.rowCount()).toLocaleString('en-US')} in the log)`)
  const pages = await pageLatencies(store, pageFilters(firstAt, lastAt), RUNS)
  const metricTimes: number[] = []
  // The first calls open connections and prepare statements (both stores get the same warm-up).
  for (let i = 0; i < 3; i++) await store.decisions.metrics({ nowMs: lastAt, windowMs: 15 * 60_000 })
  for (let i = 0; i < 20; i++) {
    const t = performance.now()
    await store.decisions.metrics({ nowMs: lastAt, windowMs: 15 * 60_000 })
    metricTimes.push(performance.now() - t)
  }
  const replay = await replayRate(store, files, REPLAY)
  await store.close()
  return { writes: writes.perSecond, writeFailed: writes.failed, loadSeconds, pages, metricsP50: percentile(metricTimes, 50), metricsP95: percentile(metricTimes, 95), replay }
}

function report(a: Figures, b: Figures): void {
  const row = (label: string, x: string, y: string) => console.log(`${label.padEnd(40)}${x.padStart(14)}${y.padStart(14)}`)
  const ms = (v: number) => `${v.toFixed(2)} ms`
  console.log('')
  row('', 'SQLite', 'Postgres')
  row('1. decision-log writes/s (batched)', a.writes.toFixed(0), b.writes.toFixed(0))
  row('   decisions not written', String(a.writeFailed), String(b.writeFailed))
  console.log(`2. page of 100 (second page), ${ROWS.toLocaleString('en-US')} rows, p50 / p95:`)
  a.pages.forEach((p, i) => {
    const q = b.pages[i]
    if (q) row(`   ${p.name} (${p.rows}/${q.rows} rows)`, `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)}`, `${q.p50.toFixed(1)} / ${q.p95.toFixed(1)}`)
  })
  row('   worst page p95 (target <= 50 ms)', ms(Math.max(...a.pages.map((p) => p.p95))), ms(Math.max(...b.pages.map((p) => p.p95))))
  row('   dashboard metrics (15 min window) p50 / p95', `${a.metricsP50.toFixed(1)} / ${a.metricsP95.toFixed(1)}`, `${b.metricsP50.toFixed(1)} / ${b.metricsP95.toFixed(1)}`)
  row(`3. replay of ${REPLAY.toLocaleString('en-US')}: read from the store`, ms(a.replay.readMs), ms(b.replay.readMs))
  row('   replayed/s (target >= 20,000)', a.replay.perSecond.toFixed(0), b.replay.perSecond.toFixed(0))
  row('   replayed/s, read included', a.replay.withReadPerSecond.toFixed(0), b.replay.withReadPerSecond.toFixed(0))
}

async function main(): Promise<void> {
  const list = await templates()
  const files = readDemoWorkspace() as Record<string, string>
  const sqlite = sqliteEngine()
  const postgres = await postgresEngine()
  try {
    const a = await measure(sqlite, list, files)
    const b = await measure(postgres, list, files)
    report(a, b)
  } finally {
    await sqlite.close()
    await postgres.close()
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error)
  process.exit(1)
})
