/**
 * bench/proxy: the recording proxy's cost. Run: npx tsx bench/proxy/proxy.ts
 *
 * One upstream (the reference FluxStack Live server of ../shared when present,
 * else the studio's own live endpoint), and the same paced clients driven in
 * interleaved rounds two ways: directly to the upstream, and through the
 * studio's /api/live/proxy/app with observation, prediction and logging on
 * (the studio runs in its own process, as deployed). Each client signs in as
 * the moderator, mounts ModerationPanel and calls deleteReport with
 * expectResponse at most PROXY_RATE times a second.
 * Prints round trips/s both ways, the ratio (target >= 0.7x), the latency the
 * proxy adds (p50/p99), and what the proxy observed and logged.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { connectClients, pacedRound, percentile, type PacedClient, type RoundResult } from '../peer/paced-clients'
import { firstJsonLine, freePort, referenceSource, studioNodeFlags } from '../peer/processes'

const ROOT = path.resolve(__dirname, '..', '..')
const CLIENTS = Number(process.env.PROXY_CLIENTS ?? 300)
const RATE = Number(process.env.PROXY_RATE ?? 45)
const ROUNDS = Number(process.env.PROXY_ROUNDS ?? 4)
const ROUND_MS = Number(process.env.PROXY_ROUND_MS ?? 3000)

interface Way {
  readonly name: 'direct' | 'relay' | 'proxied'
  readonly url: string
  clients: PacedClient[]
  rounds: RoundResult[]
  /** CPU seconds each process spent during this way's rounds (all its threads), by process. */
  cpu: Record<string, number>
}

/** CPU seconds (user + system, every thread) a process has used so far: /proc/<pid>/stat, Linux only. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}




function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer over IPC in 10 s')), 10_000)
    child.once('message', (m) => {
      clearTimeout(timer)
      resolve(m as T)
    })
    child.send(message as never)
  })
}

interface ProxyFigures { name: string; requests: number; decisions: number; mismatches: number; refusedBeforeDecision: number; unpredicted: number; framesIn: number; framesOut: number }

async function main(): Promise<void> {
  console.log(`bench/proxy: ${CLIENTS} clients each way, each paced at ${RATE} deleteReport calls/s as moderator; ${ROUNDS} interleaved rounds of ${ROUND_MS} ms`)
  const studio = fork(path.join(ROOT, 'bench', 'peer', 'studio-process.ts'), [], { execArgv: [...studioNodeFlags(), '--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const info = (await firstJsonLine(studio)).info as { url: string; jwk: object; token: string }
  const children: ChildProcess[] = [studio]
  let upstreamUrl = info.url
  let upstreamName = 'the studio\'s own live endpoint (no reference server on this machine; the proxy and its upstream share one process)'
  const source = referenceSource()
  let refDir: string | undefined
  if (source) {
    refDir = path.join(ROOT, '.reference', `proxy-${process.pid}`)
    fs.mkdirSync(path.dirname(refDir), { recursive: true })
    fs.cpSync(source, refDir, { recursive: true })
    const port = await freePort()
    const ref = spawn(process.execPath, ['--import', 'tsx', path.join(refDir, 'server.ts')], {
      cwd: ROOT, env: { ...process.env, REF_PORT: String(port), STUDIO_KEY_JWK: JSON.stringify(info.jwk) }, stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(ref)
    upstreamUrl = String((await firstJsonLine(ref)).info.url)
    upstreamName = 'the reference FluxStack Live server (fluxstack-live@d8538f75 auth core), its own process'
  }
  const { proxy } = await ask<{ proxy: string }>(studio, { upstream: upstreamUrl })
  console.log(`upstream: ${upstreamName}\n  direct:  ${upstreamUrl}\n  proxied: ${proxy}`)

  // The yardstick: a bare TCP relay (no WebSocket parsing, no observation) shows what the extra hop alone costs here.
  const relay = fork(path.join(ROOT, 'bench', 'proxy', 'tcp-relay.ts'), [], {
    execArgv: ['--import', 'tsx'], env: { ...process.env, RELAY_TARGET: upstreamUrl }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  children.push(relay)
  const relayUrl = String((await firstJsonLine(relay)).info.url)
  console.log(`  relay:   ${relayUrl} (a bare TCP relay, its own process: the cost of the hop alone)`)
  const ways: Way[] = [
    { name: 'direct', url: upstreamUrl, clients: [], rounds: [], cpu: {} },
    { name: 'relay', url: relayUrl, clients: [], rounds: [], cpu: {} },
    { name: 'proxied', url: proxy, clients: [], rounds: [], cpu: {} },
  ]
  const processes: Record<string, number | undefined> = { upstream: children[1]?.pid ?? studio.pid, relay: relay.pid, studio: studio.pid, clients: process.pid }
  for (const w of ways) w.clients = await connectClients(w.url, CLIENTS, info.token, 'ModerationPanel')
  const message = (c: PacedClient) => ({ type: 'CALL_ACTION', componentId: c.componentId, action: 'deleteReport', payload: { reportId: 'none' }, expectResponse: true })
  const ok = (f: { success?: boolean }) => f.success === true
  for (const w of ways) await pacedRound(w.clients, 1000, RATE, message, ok)
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which way goes first, so neither always follows the other's tail.
    const order = round % 2 === 0 ? ways : [...ways].reverse()
    for (const w of order) {
      // PROXY_PROFILE=<dir>: a CPU profile of the studio's main thread during the proxied rounds.
      if (w.name === 'proxied' && process.env.PROXY_PROFILE) studio.send('profile-start')
      const before = Object.fromEntries(Object.entries(processes).map(([k, pid]) => [k, cpuSeconds(pid)]))
      w.rounds.push(await pacedRound(w.clients, ROUND_MS, RATE, message, ok))
      for (const [k, pid] of Object.entries(processes)) w.cpu[k] = (w.cpu[k] ?? 0) + cpuSeconds(pid) - (before[k] ?? 0)
      if (w.name === 'proxied' && process.env.PROXY_PROFILE) studio.send('profile-stop')
    }
  }

  const rate = (w: Way) => w.rounds.reduce((a, r) => a + r.trips, 0) / w.rounds.reduce((a, r) => a + r.seconds, 0)
  const lat = (w: Way) => w.rounds.flatMap((r) => r.latencies)
  const [direct, relayed, proxied] = ways as [Way, Way, Way]
  console.log('round trips/s (all rounds), latency p50 / p99:')
  for (const w of ways) {
    const errs = w.rounds.flatMap((r) => r.errors).slice(0, 2)
    const failures = w.rounds.reduce((a, r) => a + r.failures, 0)
    console.log(`  ${w.name.padEnd(8)} ${rate(w).toFixed(0).padStart(6)}/s   p50 ${percentile(lat(w), 50).toFixed(1)} ms   p99 ${percentile(lat(w), 99).toFixed(1)} ms   failures ${failures}${errs.length ? ` (${errs.join(' | ')})` : ''}`)
    console.log(`           per round: ${w.rounds.map((r) => (r.trips / r.seconds).toFixed(0)).join(', ')}`)
  }
  const ratios = (w: Way) => {
    const perRound = w.rounds.map((r, i) => r.trips / r.seconds / ((direct.rounds[i]?.trips ?? 0) / (direct.rounds[i]?.seconds ?? 1)))
    const median = [...perRound].sort((a, b) => a - b)[Math.floor(perRound.length / 2)] ?? Number.NaN
    return `${(rate(w) / rate(direct)).toFixed(2)}x over all rounds; per round ${perRound.map((x) => x.toFixed(2)).join(', ')} (median ${median.toFixed(2)}x)`
  }
  console.log(`ratio proxied / direct: ${ratios(proxied)}; target >= 0.7`)
  console.log(`ratio relay / direct (yardstick: the hop alone): ${ratios(relayed)}`)
  // CPU per round trip is steadier than throughput on a shared machine: what each process spent for one trip each way.
  const trips = (w: Way) => w.rounds.reduce((a, r) => a + r.trips, 0)
  console.log('CPU per round trip (µs, every thread of the process, during that way\'s rounds):')
  for (const w of ways) {
    const hop = w.name === 'relay' ? 'relay' : w.name === 'proxied' ? 'studio' : undefined
    const parts = Object.entries(w.cpu).filter(([k]) => k === 'upstream' || k === 'clients' || k === hop)
    console.log(`  ${w.name.padEnd(8)} ${parts.map(([k, v]) => `${k} ${((v / Math.max(1, trips(w))) * 1e6).toFixed(0)}`).join(', ')}`)
  }
  console.log(`latency the proxy adds: p50 +${(percentile(lat(proxied), 50) - percentile(lat(direct), 50)).toFixed(1)} ms, p99 +${(percentile(lat(proxied), 99) - percentile(lat(direct), 99)).toFixed(1)} ms`)

  for (const w of ways) for (const c of w.clients) c.close()
  await new Promise((r) => setTimeout(r, 1000))
  const stats = await ask<{ proxy?: ProxyFigures[]; decisions?: { received: number; written: number; rows?: number } }>(studio, 'stats')
  const app = stats.proxy?.find((f) => f.name === 'app')
  if (app) {
    console.log(`observed through the proxy: ${app.requests} requests, ${app.decisions} decisions predicted and logged (${app.refusedBeforeDecision} refused before deciding, ${app.unpredicted} unpredicted), ${app.mismatches} mismatches; frames ${app.framesIn} in, ${app.framesOut} out`)
    console.log(`  decision log: ${stats.decisions?.written ?? '?'} of ${stats.decisions?.received ?? '?'} decisions logged, in ${stats.decisions?.rows ?? '?'} rows (identical decisions fold into counted rows past the logging budget)`)
  }
  for (const c of children) {
    if (c.connected) c.send('stop')
    else c.kill('SIGTERM')
  }
  await new Promise((r) => setTimeout(r, 1500))
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  if (refDir) fs.rmSync(refDir, { recursive: true, force: true })
}

const limit = setTimeout(() => {
  console.error('bench/proxy exceeded 300 s; aborting')
  process.exit(1)
}, 300_000)
main().then(() => {
  clearTimeout(limit)
  process.exit(0)
}, (error: unknown) => {
  console.error(error)
  process.exit(1)
})
