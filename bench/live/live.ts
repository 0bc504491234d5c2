/**
 * Live server figures (issue 5). Run: npx tsx bench/live/live.ts
 * 1. Action round trips/s through the full path (validation, action cascade with a
 *    declarative rule, sandboxed action body, decision log) vs a bare `ws` echo
 *    server, same clients, same run, as a ratio (target >= 0.5). Then where the time
 *    goes: the same path without the action body (a denied action), the same server
 *    logging nowhere (a no-op decision sink), and the action body alone.
 * 2. p50/p99 latency with 200 concurrent clients.
 * 3. Server heap per idle authenticated connection with one mounted component, at 2,000.
 * Loopback only; every phase is bounded in count and time.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocketServer } from 'ws'
import type { StudioConfig } from '../../lib/config'
import { workspaceKeys } from '../../lib/live/server/jwt-provider'
import { LIVE_PATH, LiveServer } from '../../lib/live/server/live-server'
import { DEMO_WORKSPACE_ID } from '../../lib/server/seed-demo'
import { startStudioServer } from '../../lib/server/studio-server'
import { signToken } from '../../lib/tokens'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'
import { BenchClient, idleConnections, percentile, roundTrips } from './bench-clients'

const THROUGHPUT_CLIENTS = 16
const THROUGHPUT_MS = 3000
const ROUNDS = 6
const LATENCY_CLIENTS = 200
const LATENCY_PER_CLIENT = 25
const IDLE_CONNECTIONS = 2000

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-live-'))
  const config: StudioConfig = { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [] }
  // The per-connection rate limit would cap a round-trip loop at 50/s: raised for the bench.
  // The idle-connection phase opens 2,000 sockets from one address: the per-address cap is raised too.
  const server = await startStudioServer({ config, withNext: false, live: { rateLimit: { perSecond: 1e9, burst: 1e9 }, limits: { maxComponents: 64 }, connectionCaps: { perAddress: 10_000 } } })
  await server.workspaceHost.current()
  const liveUrl = `ws://127.0.0.1:${server.port}/api/live/ws`
  const key = (await workspaceKeys(server.store, DEMO_WORKSPACE_ID)).find((k) => k.kid === 'demo-hs256')
  if (!key) throw new Error('demo key missing')
  const claimsOf = (id: string) => DEMO_PERSONAS.find((p) => p.id === id)?.claims ?? {}
  const moderatorToken = await signToken(key, claimsOf('moderator'), { now: new Date(), expiresIn: '1h' })
  const proToken = await signToken(key, claimsOf('pro-user'), { now: new Date(), expiresIn: '1h' })

  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 64 * 1024 })
  echo.on('connection', (ws) => ws.on('message', (d) => {
    // Parse and answer like a server would, so both sides pay for JSON.
    const m = JSON.parse(d.toString()) as { requestId?: string }
    ws.send(JSON.stringify({ type: 'ACTION_RESPONSE', success: true, result: { success: true }, requestId: m.requestId }))
  }))
  await new Promise((r) => echo.once('listening', r))
  const echoUrl = `ws://127.0.0.1:${(echo.address() as { port: number }).port}`

  // The same live server code and workspace on a second port, logging nowhere: what the log costs the live path.
  const unlogged = new LiveServer({
    rateLimit: { perSecond: 1e9, burst: 1e9 }, limits: { maxComponents: 64 },
    runtime: { host: server.workspaceHost, store: server.store, sink: { append() {} } },
  })
  const unloggedHttp = http.createServer()
  unloggedHttp.on('upgrade', (req, socket, head) => unlogged.handleUpgrade(req, socket, head))
  await new Promise<void>((r) => unloggedHttp.listen(0, '127.0.0.1', r))
  const unloggedUrl = `ws://127.0.0.1:${(unloggedHttp.address() as { port: number }).port}${LIVE_PATH}`

  async function liveClients(n: number, url = liveUrl): Promise<{ clients: BenchClient[]; ids: string[] }> {
    const clients = await Promise.all(Array.from({ length: n }, () => BenchClient.open(url)))
    const ids: string[] = []
    for (const c of clients) {
      if (!(await c.request({ type: 'AUTH', payload: { token: moderatorToken } })).success) throw new Error('auth failed')
      const mount = await c.request({ type: 'COMPONENT_MOUNT', payload: { component: 'ModerationPanel' } })
      ids.push(mount.result?.componentId ?? '')
    }
    return { clients, ids }
  }
  // deleteReport: actionAuth { permissions: ['reports.delete'] }, body calls setState; the state stays small.
  const action = (ids: string[]) => (i: number) => ({ type: 'CALL_ACTION', componentId: ids[i], action: 'deleteReport', payload: { reportId: 'none' } })
  const ok = (f: { success?: boolean }) => f.success === true

  // 1. Throughput, live vs echo. The variants take turns in short rounds, so a change in the
  // machine's load (it is shared) hits all of them alike; each figure sums its rounds.
  const t = await liveClients(THROUGHPUT_CLIENTS)
  const u = await liveClients(THROUGHPUT_CLIENTS, unloggedUrl)
  const echoClients = await Promise.all(Array.from({ length: THROUGHPUT_CLIENTS }, () => BenchClient.open(echoUrl)))
  // editProfile is denied at the publicActions layer: the same path minus the sandboxed body.
  const deny = (ids: string[]) => (i: number) => ({ type: 'CALL_ACTION', componentId: ids[i], action: 'editProfile', payload: { userId: 'x' } })
  const refused = (f: { success?: boolean }) => f.success === false
  const variants = {
    echo: { clients: echoClients, message: action(t.ids), check: () => true },
    live: { clients: t.clients, message: action(t.ids), check: ok },
    denied: { clients: t.clients, message: deny(t.ids), check: refused },
    unlogged: { clients: u.clients, message: action(u.ids), check: ok },
    unloggedDenied: { clients: u.clients, message: deny(u.ids), check: refused },
  }
  type Variant = keyof typeof variants
  const totals = Object.fromEntries(Object.keys(variants).map((k) => [k, { trips: 0, seconds: 0, failures: 0 }])) as Record<Variant, { trips: number; seconds: number; failures: number }>
  for (const v of Object.values(variants)) await roundTrips(v.clients, 300, v.message, v.check)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, v] of Object.entries(variants) as [Variant, (typeof variants)[Variant]][]) {
      const r = await roundTrips(v.clients, THROUGHPUT_MS / ROUNDS, v.message, v.check)
      totals[name].trips += r.latencies.length
      totals[name].seconds += r.latencies.length / r.perSecond // the round's elapsed time
      totals[name].failures += r.failures
    }
  }
  for (const c of [...t.clients, ...u.clients, ...echoClients]) c.close()
  await unlogged.close()
  unloggedHttp.close()
  const rate = (k: Variant) => totals[k].trips / totals[k].seconds
  const [bare, live, cascadeOnly] = [rate('echo'), rate('live'), rate('denied')]
  // The action body alone, called in a loop on an instance of the hosted workspace (no socket, no cascade, no log).
  const hosted = await server.workspaceHost.current()
  const auth = { authenticated: true, session: { id: 'u-mod', permissions: ['reports.delete'] } } as const
  const created = await hosted.loaded.createInstance('ModerationPanel', { id: 'ModerationPanel-bench', auth })
  if (!created.ok) throw new Error(created.error)
  const caller = { connectionId: 'bench', auth }
  for (let i = 0; i < 2000; i++) await created.instance.callAction('deleteReport', { reportId: 'none' }, caller)
  const BODY_CALLS = 20_000
  const bodyStart = performance.now()
  for (let i = 0; i < BODY_CALLS; i++) await created.instance.callAction('deleteReport', { reportId: 'none' }, caller)
  const bodyUs = ((performance.now() - bodyStart) * 1000) / BODY_CALLS
  await created.instance.dispose()
  const us = (k: Variant) => (1e6 / rate(k)).toFixed(0).padStart(4)
  const ratio = (k: Variant) => (rate(k) / bare).toFixed(2)
  console.log(`throughput (${THROUGHPUT_CLIENTS} clients; ${ROUNDS} interleaved rounds of ${THROUGHPUT_MS / ROUNDS} ms per variant):`)
  console.log(`  live action round trips/s  ${live.toFixed(0)}  (failures ${totals.live.failures})`)
  console.log(`  live denied action (cascade + log, no sandbox body) round trips/s ${cascadeOnly.toFixed(0)}  (failures ${totals.denied.failures})`)
  console.log(`  bare ws echo round trips/s ${bare.toFixed(0)}`)
  console.log(`  ratio live/echo            ${ratio('live')}  (target >= 0.5)`)
  console.log(`  ratio denied/echo          ${ratio('denied')}`)
  console.log(`where the time goes (one round trip, the clients' side included):`)
  console.log(`  bare ws echo                                     ${us('echo')} us`)
  console.log(`  live, no action body, nothing logged             ${us('unloggedDenied')} us  (ratio ${ratio('unloggedDenied')}: protocol, validation, cascade with trace)`)
  console.log(`  live, no action body, logged                     ${us('denied')} us  (ratio ${ratio('denied')})`)
  console.log(`  live, action body, nothing logged                ${us('unlogged')} us  (ratio ${ratio('unlogged')}; failures ${totals.unlogged.failures + totals.unloggedDenied.failures})`)
  console.log(`  live, action body, logged (the figure above)     ${us('live')} us  (ratio ${ratio('live')})`)
  console.log(`  the action body alone, one at a time (mean)      ${bodyUs.toFixed(0).padStart(4)} us  (deleteReport in QuickJS on a worker thread, the hop included)`)

  // 2. Latency with 200 concurrent clients.
  const l = await liveClients(LATENCY_CLIENTS)
  const lat = await roundTrips(l.clients, 20_000, action(l.ids), ok, LATENCY_PER_CLIENT)
  for (const c of l.clients) c.close()
  console.log(`latency (${LATENCY_CLIENTS} concurrent clients x ${LATENCY_PER_CLIENT} actions): p50 ${percentile(lat.latencies, 50).toFixed(2)} ms, p99 ${percentile(lat.latencies, 99).toFixed(2)} ms, failures ${lat.failures}`)
  await new Promise((r) => setTimeout(r, 300))

  // 3. Memory per idle authenticated connection with one mounted component.
  await server.decisions.flush()
  gc()
  const before = process.memoryUsage()
  const idle = await idleConnections(liveUrl, proToken, 'ProtectedChat', IDLE_CONNECTIONS)
  await new Promise((r) => setTimeout(r, 500))
  await server.decisions.flush()
  gc()
  const after = process.memoryUsage()
  const perConn = (k: 'heapUsed' | 'external' | 'rss') => (after[k] - before[k]) / IDLE_CONNECTIONS / 1024
  console.log(`memory at ${server.live.connectionCount} idle connections (1 mounted ProtectedChat each):`)
  console.log(`  server heap   ${perConn('heapUsed').toFixed(1)} KiB/connection`)
  console.log(`  external+buf  ${perConn('external').toFixed(1)} KiB/connection`)
  console.log(`  process rss   ${perConn('rss').toFixed(1)} KiB/connection (includes the client worker; sandbox wasm memory is fixed at ${(server.workspaceHost.usage().length * 32)} MiB)`)
  await idle.close()

  const counters = await server.decisions.counters()
  console.log(`decisions written: ${counters.written} of ${counters.received}`)
  echo.close()
  await server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
}

const limit = setTimeout(() => {
  console.error('bench exceeded 180 s; aborting')
  process.exit(1)
}, 180_000)
main().then(() => {
  clearTimeout(limit)
  process.exit(0)
}, (error: unknown) => {
  console.error(error)
  process.exit(1)
})
