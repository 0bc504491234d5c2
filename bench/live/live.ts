/**
 * Live server figures (issue 5). Run: npx tsx bench/live/live.ts
 * 1. Action round trips/s through the full path (validation, action cascade with a
 *    declarative rule, sandboxed action body, decision log) vs a bare `ws` echo
 *    server, same clients, same run, as a ratio (target >= 0.5).
 * 2. p50/p99 latency with 200 concurrent clients.
 * 3. Server heap per idle authenticated connection with one mounted component, at 2,000.
 * Loopback only; every phase is bounded in count and time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocketServer } from 'ws'
import type { StudioConfig } from '../../lib/config'
import { workspaceKeys } from '../../lib/live/server/jwt-provider'
import { DEMO_WORKSPACE_ID } from '../../lib/server/seed-demo'
import { startStudioServer } from '../../lib/server/studio-server'
import { signToken } from '../../lib/tokens'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'
import { BenchClient, idleConnections, percentile, roundTrips } from './bench-clients'

const THROUGHPUT_CLIENTS = 16
const THROUGHPUT_MS = 3000
const LATENCY_CLIENTS = 200
const LATENCY_PER_CLIENT = 25
const IDLE_CONNECTIONS = 2000

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-live-'))
  const config: StudioConfig = { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [] }
  // The per-connection rate limit would cap a round-trip loop at 50/s: raised for the bench.
  const server = await startStudioServer({ config, withNext: false, live: { rateLimit: { perSecond: 1e9, burst: 1e9 }, limits: { maxComponents: 64 } } })
  await server.workspaceHost.current()
  const liveUrl = `ws://127.0.0.1:${server.port}/api/live/ws`
  const key = workspaceKeys(server.store, DEMO_WORKSPACE_ID).find((k) => k.kid === 'demo-hs256')
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

  async function liveClients(n: number): Promise<{ clients: BenchClient[]; ids: string[] }> {
    const clients = await Promise.all(Array.from({ length: n }, () => BenchClient.open(liveUrl)))
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

  // 1. Throughput, live vs echo.
  const t = await liveClients(THROUGHPUT_CLIENTS)
  await roundTrips(t.clients, 500, action(t.ids), ok)
  const live = await roundTrips(t.clients, THROUGHPUT_MS, action(t.ids), ok)
  // Same path minus the sandboxed body: editProfile is denied at the publicActions layer.
  const denied = (i: number) => ({ type: 'CALL_ACTION', componentId: t.ids[i], action: 'editProfile', payload: { userId: 'x' } })
  const cascadeOnly = await roundTrips(t.clients, THROUGHPUT_MS, denied, (f) => f.success === false)
  for (const c of t.clients) c.close()
  const echoClients = await Promise.all(Array.from({ length: THROUGHPUT_CLIENTS }, () => BenchClient.open(echoUrl)))
  await roundTrips(echoClients, 500, action(t.ids), () => true)
  const bare = await roundTrips(echoClients, THROUGHPUT_MS, action(t.ids), () => true)
  for (const c of echoClients) c.close()
  console.log(`throughput (${THROUGHPUT_CLIENTS} clients, ${THROUGHPUT_MS} ms each):`)
  console.log(`  live action round trips/s  ${live.perSecond.toFixed(0)}  (failures ${live.failures})`)
  console.log(`  live denied action (cascade + log, no sandbox body) round trips/s ${cascadeOnly.perSecond.toFixed(0)}  (failures ${cascadeOnly.failures})`)
  console.log(`  bare ws echo round trips/s ${bare.perSecond.toFixed(0)}`)
  console.log(`  ratio live/echo            ${(live.perSecond / bare.perSecond).toFixed(2)}  (target >= 0.5)`)
  console.log(`  ratio denied/echo          ${(cascadeOnly.perSecond / bare.perSecond).toFixed(2)}`)

  // 2. Latency with 200 concurrent clients.
  const l = await liveClients(LATENCY_CLIENTS)
  const lat = await roundTrips(l.clients, 20_000, action(l.ids), ok, LATENCY_PER_CLIENT)
  for (const c of l.clients) c.close()
  console.log(`latency (${LATENCY_CLIENTS} concurrent clients x ${LATENCY_PER_CLIENT} actions): p50 ${percentile(lat.latencies, 50).toFixed(2)} ms, p99 ${percentile(lat.latencies, 99).toFixed(2)} ms, failures ${lat.failures}`)
  await new Promise((r) => setTimeout(r, 300))

  // 3. Memory per idle authenticated connection with one mounted component.
  server.decisions.flush()
  gc()
  const before = process.memoryUsage()
  const idle = await idleConnections(liveUrl, proToken, 'ProtectedChat', IDLE_CONNECTIONS)
  await new Promise((r) => setTimeout(r, 500))
  server.decisions.flush()
  gc()
  const after = process.memoryUsage()
  const perConn = (k: 'heapUsed' | 'external' | 'rss') => (after[k] - before[k]) / IDLE_CONNECTIONS / 1024
  console.log(`memory at ${server.live.connectionCount} idle connections (1 mounted ProtectedChat each):`)
  console.log(`  server heap   ${perConn('heapUsed').toFixed(1)} KiB/connection`)
  console.log(`  external+buf  ${perConn('external').toFixed(1)} KiB/connection`)
  console.log(`  process rss   ${perConn('rss').toFixed(1)} KiB/connection (includes the client worker; sandbox wasm memory is fixed at ${(server.workspaceHost.usage().length * 32)} MiB)`)
  await idle.close()

  console.log(`decisions written: ${server.decisions.written} of ${server.decisions.received}`)
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
