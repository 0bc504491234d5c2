/**
 * The studio as a bench target, in its own process: the demo workspace on a
 * fresh embedded store, no Next unless PEER_WITH_NEXT=1 (the live path does not need it), default
 * limits. Prints one JSON line `{ url, jwk, token }` (the demo HS256 key as a
 * JWK, so the reference server accepts the same moderator token), then answers
 * `stats` over IPC: CPU, the sandbox workers' busy time, decisions logged, the
 * recording proxy's figures; `{upstream}` configures the proxy's upstream 'app'.
 */
import fs from 'node:fs'
import { Session } from 'node:inspector'
import os from 'node:os'
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks'
import path from 'node:path'
import { workspaceKeys } from '../../lib/live/server/jwt-provider'
import { sandboxPool } from '../../lib/sandbox'
import { DEMO_WORKSPACE_ID } from '../../lib/server/seed-demo'
import { startStudioServer } from '../../lib/server/studio-server'
import { signToken } from '../../lib/tokens'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'

/** PEER_PROFILE: the studio's main thread is profiled during the measured rounds only. */
let profiler: Session | undefined

/** The main thread's garbage-collection pauses so far (for "where the time goes"). */
const gc = { ms: 0, minor: 0, major: 0 }
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.ms += entry.duration
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gc.minor++
    else gc.major++
  }
}).observe({ entryTypes: ['gc'] })

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-peer-'))
  // PEER_WITH_NEXT=1: Next.js in the same process, as `npm start` runs it (needs a production build).
  const withNext = process.env.PEER_WITH_NEXT === '1'
  if (withNext) Object.assign(process.env, { NODE_ENV: 'production' })
  const server = await startStudioServer({ config: { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [] }, withNext })
  await server.workspaceHost.current()
  // A page and an API call first, as a user's browser would: Next's request handling (its AsyncLocalStorage) is then live.
  if (withNext) for (const route of ['/', '/api/health']) await (await fetch(`http://127.0.0.1:${server.port}${route}`)).text()
  const key = (await workspaceKeys(server.store, DEMO_WORKSPACE_ID)).find((k) => k.kid === 'demo-hs256')
  if (!key?.privateJwk) throw new Error('demo key missing')
  const persona = (id: string) => DEMO_PERSONAS.find((p) => p.id === id)?.claims ?? {}
  const token = await signToken(key, persona(process.env.PEER_PERSONA ?? 'moderator'), { now: new Date(), expiresIn: '2h' })
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${server.port}/api/live/ws`, http: `http://127.0.0.1:${server.port}`, jwk: key.privateJwk, token })}\n`)
  process.on('message', (m: unknown) => {
    if (m === 'stats') {
      void server.decisions.counters().then(({ received, written, rows }) => {
        process.send?.({ cpu: process.cpuUsage(), gc: { ...gc }, pool: sandboxPool().stats(), decisions: { received, written, rows }, proxy: server.proxy.figures() })
      })
    } else if (typeof m === 'object' && m !== null && 'upstream' in m) {
      // bench/proxy: the recording proxy's upstream 'app' (/api/live/proxy/app).
      void server.upstreams.replace([{ name: 'app', url: String((m as { upstream: unknown }).upstream) }]).then(() => {
        process.send?.({ proxy: `ws://127.0.0.1:${server.port}/api/live/proxy/app` })
      })
    } else if (m === 'profile-start') {
      profiler ??= new Session()
      profiler.connect()
      profiler.post('Profiler.enable', () => profiler?.post('Profiler.start'))
      // The allocation side of "where the time goes": a sampling heap profile of the same rounds.
      profiler.post('HeapProfiler.enable', () => profiler?.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }))
    } else if (m === 'profile-stop') {
      profiler?.post('Profiler.stop', (err, result) => {
        const dir = process.env.PEER_PROFILE ?? process.env.PROXY_PROFILE
        if (!err && dir) {
          fs.mkdirSync(dir, { recursive: true })
          fs.writeFileSync(path.join(dir, 'studio-main.cpuprofile'), JSON.stringify(result.profile))
        }
        profiler?.post('HeapProfiler.stopSampling', (heapErr, heap) => {
          if (!heapErr && dir) fs.writeFileSync(path.join(dir, 'studio-main.heapprofile'), JSON.stringify(heap.profile))
          profiler?.disconnect()
        })
      })
    } else if (m === 'stop') {
      void server.close().then(() => {
        fs.rmSync(dataDir, { recursive: true, force: true })
        process.exit(0)
      })
    }
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
