/**
 * bench/peer: the studio next to a real FluxStack Live server. Run: npx tsx bench/peer/peer.ts
 *
 * Three servers, each in its own process, driven by the same paced clients in
 * interleaved rounds (the machine is shared and noisy, so a change in its load
 * hits all of them alike):
 * - the studio (demo workspace, default limits, every decision traced and logged);
 * - the reference FluxStack Live server of ../shared/reference/fluxstack-live
 *   (the library's auth core with the demo components running natively);
 *   skipped, with a message, when that folder is absent;
 * - a bare `ws` echo (the clients' own ceiling).
 * Each client signs in as the moderator, mounts ModerationPanel and calls
 * deleteReport at most PEER_RATE times a second (under the library's 50/s).
 * Prints round trips/s, latency, the ratios, and where the studio's time goes.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { connectClients, pacedRound, percentile, type PacedClient, type RoundResult } from './paced-clients'
import { firstJsonLine, freePort, referenceSource, studioNodeFlags } from './processes'

const ROOT = path.resolve(__dirname, '..', '..')
const CLIENTS = Number(process.env.PEER_CLIENTS ?? 700)
const RATE = Number(process.env.PEER_RATE ?? 45)
const ROUNDS = Number(process.env.PEER_ROUNDS ?? 4)
const ROUND_MS = Number(process.env.PEER_ROUND_MS ?? 3000)

interface Target {
  readonly name: 'studio' | 'reference' | 'echo' | 'baseline'
  readonly url: string
  /** The moderator token its clients sign in with (the studio's own demo key when not given). */
  readonly token?: string
  readonly child: ChildProcess
  clients: PacedClient[]
  rounds: RoundResult[]
  /** CPU ms the server process used during its own rounds. */
  cpuMs: number
  stats?: () => Promise<Stats | undefined>
}

interface Stats {
  cpu: NodeJS.CpuUsage
  gc?: { ms: number; minor: number; major: number }
  pool?: { threads: { busyMs: number; answered: number; batches: number }[]; replacements: number }
  decisions?: { received: number; written: number }
}



/** Forks a TypeScript entry with IPC and waits for its first JSON line. */
function forkTs(entry: string, env: Record<string, string> = {}, extraArgv: string[] = [], cwd?: string): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  // cwd: tsx resolves the '@/' alias with the tsconfig.json it finds from there.
  const child = fork(entry, [], { cwd, execArgv: ['--import', 'tsx', ...extraArgv], env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  return firstJsonLine(child)
}


/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMsOf(pid: number | undefined, file = `/proc/${pid}/stat`): number | undefined {
  if (pid === undefined) return undefined
  try {
    const fields = fs.readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? []
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticks * 10 : undefined
  } catch {
    return undefined
  }
}

/** CPU ms per thread of a process (name from /proc/<pid>/task/<tid>/comm). */
function threadCpu(pid: number | undefined): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>()
  if (pid === undefined) return out
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      out.set(tid, { name: String(pid) === tid ? `main` : name, ms: cpuMsOf(Number(tid), `/proc/${pid}/task/${tid}/stat`) ?? 0 })
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out
}

function ask(child: ChildProcess): Promise<Stats | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5000)
    child.once('message', (m) => {
      clearTimeout(timer)
      resolve(m as Stats)
    })
    child.send('stats')
  })
}

async function main(): Promise<void> {
  console.log(`bench/peer: ${CLIENTS} clients per server, each paced at ${RATE} deleteReport calls/s as moderator; ${ROUNDS} interleaved rounds of ${ROUND_MS} ms`)
  // PEER_PROFILE=<dir>: a CPU profile of the studio's main thread during its measured rounds, for "where the time goes".
  // The studio runs with npm start's V8 flags; PEER_STUDIO_FLAGS replaces them (e.g. "" for V8's defaults).
  const flags = process.env.PEER_STUDIO_FLAGS !== undefined ? process.env.PEER_STUDIO_FLAGS.split(' ').filter(Boolean) : studioNodeFlags()
  const studio = await forkTs(path.join(__dirname, 'studio-process.ts'), {}, flags)
  console.log(`studio V8 flags: ${flags.length > 0 ? flags.join(' ') : '(defaults)'}`)
  const { url: studioUrl, jwk, token } = studio.info as { url: string; jwk: object; token: string }
  const echo = await forkTs(path.join(__dirname, 'echo-process.ts'))
  const targets: Target[] = [
    { name: 'studio', url: studioUrl, child: studio.child, clients: [], rounds: [], cpuMs: 0, stats: () => ask(studio.child) },
    { name: 'echo', url: (echo.info as { url: string }).url, child: echo.child, clients: [], rounds: [], cpuMs: 0 },
  ]
  const source = referenceSource()
  let refDir: string | undefined
  if (source) {
    // The reference's README: a copy under the project, so Node finds the project's node_modules.
    refDir = path.join(ROOT, '.reference', `peer-${process.pid}`)
    fs.mkdirSync(path.dirname(refDir), { recursive: true })
    fs.cpSync(source, refDir, { recursive: true })
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(refDir, 'server.ts')], {
      cwd: ROOT, env: { ...process.env, REF_PORT: String(port), STUDIO_KEY_JWK: JSON.stringify(jwk) }, stdio: ['ignore', 'pipe', 'inherit'],
    })
    const ref = await firstJsonLine(child)
    targets.splice(1, 0, { name: 'reference', url: (ref.info as { url: string }).url, child, clients: [], rounds: [], cpuMs: 0 })
  } else {
    console.log('reference server: skipped (../shared/reference/fluxstack-live is not on this machine; set REF_SOURCE to point at it)')
  }

  // PEER_BASELINE=<another checkout>: its studio runs as a fourth target in the same rounds, so a change is
  // compared with the code before it under the same machine load (PEER_BASELINE_FLAGS: its V8 flags).
  const baselineRoot = process.env.PEER_BASELINE
  if (baselineRoot) {
    const baseFlags = (process.env.PEER_BASELINE_FLAGS ?? '').split(' ').filter(Boolean)
    const base = await forkTs(path.join(baselineRoot, 'bench', 'peer', 'studio-process.ts'), {}, baseFlags, baselineRoot)
    const info = base.info as { url: string; token: string }
    targets.push({ name: 'baseline', url: info.url, token: info.token, child: base.child, clients: [], rounds: [], cpuMs: 0 })
    console.log(`baseline: the studio of ${baselineRoot} (V8 flags: ${baseFlags.length > 0 ? baseFlags.join(' ') : '(defaults)'})`)
  }

  for (const t of targets) t.clients = await connectClients(t.url, CLIENTS, t.token ?? token, 'ModerationPanel')
  const message = (c: PacedClient) => ({ type: 'CALL_ACTION', componentId: c.componentId, action: 'deleteReport', payload: { reportId: 'none' } })
  const ok = (f: { success?: boolean }) => f.success === true
  // Warm-up: every server's JIT (and the studio's sandbox) sees the path first.
  for (const t of targets) await pacedRound(t.clients, 1000, RATE, message, ok)

  const before = await targets[0]!.stats?.()
  const threadsBefore = threadCpu(targets[0]!.child.pid)
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      if (t.name === 'studio' && process.env.PEER_PROFILE) t.child.send('profile-start')
      const cpu0 = cpuMsOf(t.child.pid)
      t.rounds.push(await pacedRound(t.clients, ROUND_MS, RATE, message, ok))
      const cpu1 = cpuMsOf(t.child.pid)
      if (cpu0 !== undefined && cpu1 !== undefined) t.cpuMs += cpu1 - cpu0
      if (t.name === 'studio' && process.env.PEER_PROFILE) t.child.send('profile-stop')
    }
  }
  const after = await targets[0]!.stats?.()
  const threadsAfter = threadCpu(targets[0]!.child.pid)

  const rate = (t: Target) => t.rounds.reduce((a, r) => a + r.trips, 0) / t.rounds.reduce((a, r) => a + r.seconds, 0)
  const all = (t: Target) => t.rounds.flatMap((r) => r.latencies)
  const failures = (t: Target) => t.rounds.reduce((a, r) => a + r.failures, 0)
  const byName = Object.fromEntries(targets.map((t) => [t.name, t])) as Record<Target['name'], Target | undefined>
  console.log('round trips/s (all rounds), latency p50 / p99:')
  for (const t of targets) {
    const lat = all(t)
    const errs = t.rounds.flatMap((r) => r.errors).slice(0, 2)
    console.log(`  ${t.name.padEnd(10)} ${rate(t).toFixed(0).padStart(6)}/s   p50 ${percentile(lat, 50).toFixed(1)} ms   p99 ${percentile(lat, 99).toFixed(1)} ms   failures ${failures(t)}${errs.length ? ` (${errs.join(' | ')})` : ''}`)
    const trips = t.rounds.reduce((a, r) => a + r.trips, 0)
    console.log(`             per round: ${t.rounds.map((r) => (r.trips / r.seconds).toFixed(0)).join(', ')}; server CPU ${t.cpuMs > 0 ? ((t.cpuMs * 1000) / trips).toFixed(0) : '?'} us per round trip`)
  }
  const s = byName.studio!
  const ref = byName.reference
  const e = byName.echo!
  if (ref) {
    // Each round's servers ran back to back: a round's ratio compares them under the same machine load.
    const perRound = s.rounds.map((r, i) => r.trips / r.seconds / ((ref.rounds[i]?.trips ?? 0) / (ref.rounds[i]?.seconds ?? 1)))
    const median = [...perRound].sort((a, b) => a - b)[Math.floor(perRound.length / 2)] ?? Number.NaN
    console.log(`ratio studio / reference: ${(rate(s) / rate(ref)).toFixed(2)}x over all rounds; per round ${perRound.map((x) => x.toFixed(2)).join(', ')} (median ${median.toFixed(2)}x; target >= 0.5)`)
  }
  const b = byName.baseline
  if (b) {
    const perRound = s.rounds.map((r, i) => r.trips / r.seconds / ((b.rounds[i]?.trips ?? 0) / (b.rounds[i]?.seconds ?? 1)))
    const median = [...perRound].sort((x, y) => x - y)[Math.floor(perRound.length / 2)] ?? Number.NaN
    console.log(`ratio studio / baseline:  ${(rate(s) / rate(b)).toFixed(2)}x over all rounds; per round ${perRound.map((x) => x.toFixed(2)).join(', ')} (median ${median.toFixed(2)}x)`)
  }
  console.log(`ratio studio / echo:      ${(rate(s) / rate(e)).toFixed(2)}x${ref ? `; reference / echo: ${(rate(ref) / rate(e)).toFixed(2)}x` : ''}`)

  if (before && after) {
    const trips = s.rounds.reduce((a, r) => a + r.trips, 0)
    const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000
    const busy = (st: Stats) => st.pool?.threads.reduce((a, t) => a + t.busyMs, 0) ?? 0
    const answered = (st: Stats) => st.pool?.threads.reduce((a, t) => a + t.answered, 0) ?? 0
    const batches = (st: Stats) => st.pool?.threads.reduce((a, t) => a + t.batches, 0) ?? 0
    const calls = answered(after) - answered(before)
    console.log('where the studio\'s time goes (per round trip, during the measured rounds):')
    console.log(`  studio process CPU (all threads)   ${((cpuMs * 1000) / trips).toFixed(0)} us`)
    if (after.gc && before.gc) {
      const d = { ms: after.gc.ms - before.gc.ms, minor: after.gc.minor - before.gc.minor, major: after.gc.major - before.gc.major }
      console.log(`  main-thread GC pauses              ${((d.ms * 1000) / trips).toFixed(0)} us  (${d.minor} scavenges, ${d.major} other collections)`)
    }
    console.log(`  sandbox worker time                ${(((busy(after) - busy(before)) * 1000) / trips).toFixed(0)} us  (${calls} sandbox calls in ${batches(after) - batches(before)} batches: ${(calls / Math.max(1, batches(after) - batches(before))).toFixed(1)} per batch)`)
    console.log(`  decisions logged: ${after.decisions?.written ?? '?'} of ${after.decisions?.received ?? '?'} received (the log is exact: every decision is counted)`)
    console.log(`  sandbox workers replaced: ${after.pool?.replacements ?? 0}`)
    // Threads of the studio process by CPU during all rounds (its own rounds dominate: the others' rounds leave it idle).
    const used = [...threadsAfter].map(([tid, t]) => ({ name: t.name, ms: t.ms - (threadsBefore.get(tid)?.ms ?? 0) })).filter((t) => t.ms > 0).sort((a, b) => b.ms - a.ms)
    console.log(`  studio threads (CPU per round trip): ${used.slice(0, 6).map((t) => `${t.name} ${((t.ms * 1000) / trips).toFixed(0)} us`).join(', ')}`)
  }

  for (const t of targets) for (const c of t.clients) c.close()
  for (const t of targets) {
    if (t.child.connected) t.child.send('stop')
    else t.child.kill('SIGTERM')
  }
  await new Promise((r) => setTimeout(r, 1500))
  for (const t of targets) if (t.child.exitCode === null) t.child.kill('SIGKILL')
  if (refDir) fs.rmSync(refDir, { recursive: true, force: true })
}

const limit = setTimeout(() => {
  console.error('bench/peer exceeded 300 s; aborting')
  process.exit(1)
}, 300_000)
main().then(() => {
  clearTimeout(limit)
  process.exit(0)
}, (error: unknown) => {
  console.error(error)
  process.exit(1)
})
