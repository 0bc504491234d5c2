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
import type { StudioConfig } from '../../lib/config'
import { workspaceKeys } from '../../lib/live/server/jwt-provider'
import { DEMO_WORKSPACE_ID } from '../../lib/server/seed-demo'
import { startStudioServer } from '../../lib/server/studio-server'
import { signToken } from '../../lib/tokens'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'
import { BenchClient, roundTrips } from './bench-clients'

const THROUGHPUT_CLIENTS = 16
const THROUGHPUT_MS = 3000
const LATENCY_CLIENTS = 200
const LATENCY_PER_CLIENT = 25
const IDLE_CONNECTIONS = 2000



async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-live-'))
  const config: StudioConfig = { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [] }
  const server = await startStudioServer({ config, withNext: false, live: { rateLimit: { perSecond: 1e9, burst: 1e9 }, limits: { maxComponents: 64 } } })
  await server.workspaceHost.current()
  const liveUrl = `ws://127.0.0.1:${server.port}/api/live/ws`
  const key = workspaceKeys(server.store, DEMO_WORKSPACE_ID).find((k) => k.kid === 'demo-hs256')
  if (!key) throw new Error('demo key missing')
  const claimsOf = (id: string) => DEMO_PERSONAS.find((p) => p.id === id)?.claims ?? {}
  const moderatorToken = await signToken(key, claimsOf('moderator'), { now: new Date(), expiresIn: '1h' })
  const clients = await Promise.all(Array.from({ length: 16 }, () => BenchClient.open(liveUrl)))
  const ids: string[] = []
  for (const c of clients) {
    await c.request({ type: 'AUTH', payload: { token: moderatorToken } })
    const mount = await c.request({ type: 'COMPONENT_MOUNT', payload: { component: 'ModerationPanel' } })
    ids.push(mount.result?.componentId ?? '')
  }
  const mode = process.env.MODE ?? 'allow'
  const msg = (i: number) => mode === 'allow' ? ({ type: 'CALL_ACTION', componentId: ids[i], action: 'deleteReport', payload: { reportId: 'none' } }) : ({ type: 'CALL_ACTION', componentId: ids[i], action: 'editProfile', payload: { userId: 'x' } })
  await roundTrips(clients, 500, msg, () => true)
  const r = await roundTrips(clients, 4000, msg, () => true)
  console.log(mode, r.perSecond.toFixed(0), 'rt/s failures', r.failures)
  for (const c of clients) c.close()
  await server.close()
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
