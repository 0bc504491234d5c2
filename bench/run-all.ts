/**
 * `npm run bench`: every bench script, one after another, each in its own
 * process (so one's memory and JIT state do not colour the next). Each prints
 * its own figures; this prints which ran, how long each took, and any failure.
 * BENCH_ONLY=peer,attack runs a subset.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const BENCHES: readonly { name: string; file: string; what: string }[] = [
  { name: 'declarative', file: 'engine/declarative.ts', what: 'the cascade without workspace code' },
  { name: 'sandbox', file: 'engine/sandbox.ts', what: 'workspace loads, rule and action calls through the worker pool' },
  { name: 'live', file: 'live/live.ts', what: 'the live path against a bare ws echo' },
  { name: 'log', file: 'log/log.ts', what: 'the decision log: writes, queries, retention' },
  { name: 'store', file: 'store/store.ts', what: 'the store on SQLite vs Postgres: log writes, pages at 1,000,000 rows, replay' },
  { name: 'peer', file: 'peer/peer.ts', what: 'the studio vs the reference FluxStack Live server vs echo' },
  { name: 'attack', file: 'attack/attack.ts', what: 'the five attacks of issue 13 against a running studio' },
  { name: 'proxy', file: 'proxy/proxy.ts', what: 'the recording proxy: through it vs direct to the same upstream' },
  { name: 'cluster', file: 'cluster/cluster.ts', what: 'room emit across two instances sharing one Redis (issue 16)' },
]

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean)
const failed: string[] = []
for (const bench of BENCHES) {
  if (only && !only.includes(bench.name)) continue
  console.log(`\n=== bench/${bench.file}: ${bench.what}`)
  const started = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, bench.file)], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') })
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  if (r.status !== 0) failed.push(bench.name)
  console.log(`=== bench/${bench.file}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds} s`)
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`)
  process.exit(1)
}
