/**
 * Sandbox benchmark: `npx tsx bench/engine/sandbox.ts`
 * - demo workspace load (transpile + sandbox load): cold (first in the process) and warm;
 * - memory: WebAssembly memory reserved per engine, process RSS growth per loaded version;
 * - a sandboxed authorize call through the host (RuleFunction -> worker thread -> QuickJS -> back): p50 / p99
 *   one at a time (the hop's latency), and calls/s with 256 in flight (batched per worker);
 * - a mounted component's action body through the host (the live server's action path): the same two figures.
 * Targets: load <= 150 ms, authorize p50 <= 100 us... (one at a time now includes a thread hop: see the figures).
 */
import { createAuthContext, trackReads } from '@/lib/auth/context'
import { decideMount } from '@/lib/auth'
import type { RuleFunction } from '@/lib/auth/types'
import { closeSandboxPool, loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'

const MiB = 1024 * 1024

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function summary(label: string, samplesUs: number[], unit = 'us'): void {
  const s = [...samplesUs].sort((a, b) => a - b)
  console.log(`${label.padEnd(52)} p50 ${percentile(s, 50).toFixed(1).padStart(8)} ${unit}   p99 ${percentile(s, 99).toFixed(1).padStart(8)} ${unit}   (n=${s.length})`)
}

async function timedLoad(files: Record<string, string>): Promise<{ ws: LoadedWorkspace; ms: number }> {
  const t = performance.now()
  const ws = await loadWorkspace(files)
  return { ws, ms: performance.now() - t }
}

/** Calls per second with `inFlight` calls outstanding at any time (the pool batches them per worker). */
async function throughput(label: string, n: number, inFlight: number, fn: () => Promise<unknown>): Promise<void> {
  let started = 0
  const t = performance.now()
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (started < n) {
      started++
      await fn()
    }
  }))
  const perSecond = n / ((performance.now() - t) / 1000)
  console.log(`${label.padEnd(52)} ${perSecond.toFixed(0).padStart(8)} calls/s   (${inFlight} in flight, n=${n})`)
}

async function benchAsync(label: string, n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(200, n); i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    samples.push((performance.now() - t) * 1000)
  }
  summary(label, samples)
}

function ruleOf(ws: LoadedWorkspace, component: string, action?: string): RuleFunction {
  const c = ws.components.find((k) => k.name === component)
  const fn = action === undefined ? c?.auth?.authorize : c?.actionAuth?.[action]?.authorize
  if (!fn) throw new Error(`no authorize on ${component} ${action ?? ''}`)
  return fn
}

async function main(): Promise<void> {
  const files = readDemoWorkspace()
  const rss0 = process.memoryUsage().rss

  const cold = await timedLoad(files)
  console.log(`demo load, cold (first in process)          ${cold.ms.toFixed(1)} ms  (transpile ${cold.ws.loadMs.transpile.toFixed(1)} ms, sandbox ${cold.ws.loadMs.evaluate.toFixed(1)} ms; includes wasm compile)`)
  cold.ws.dispose()

  const warm: number[] = []
  const kept: LoadedWorkspace[] = []
  const rss1 = process.memoryUsage().rss
  for (let i = 0; i < 10; i++) {
    const { ws, ms } = await timedLoad(files)
    warm.push(ms * 1000)
    kept.push(ws)
  }
  summary('demo load, warm (transpile + sandbox load)', warm.map((us) => us / 1000), 'ms')
  const rss2 = process.memoryUsage().rss
  const first = kept[0]
  if (!first) throw new Error('no workspace')
  console.log(`memory: WebAssembly memory per engine (fixed)    ${(first.memoryBytes / MiB).toFixed(1)} MiB reserved`)
  console.log(`memory: RSS growth per loaded version           ${((rss2 - rss1) / kept.length / MiB).toFixed(1)} MiB (10 versions kept; RSS ${(rss0 / MiB).toFixed(0)} -> ${(rss2 / MiB).toFixed(0)} MiB)`)
  for (const ws of kept.slice(1)) ws.dispose()

  const ws = first
  const pro = createAuthContext({ id: 'u-pro', roles: ['user', 'premium'], plan: 'pro' })
  const ownerOnly = ruleOf(ws, 'LiveAdminPanel', 'delete')
  const proDashboard = ruleOf(ws, 'ProDashboard')
  const editProfile = ruleOf(ws, 'ModerationPanel', 'editProfile')
  await benchAsync('authorize, one at a time (ownerOnly)', 5000, () => Promise.resolve(ownerOnly(pro, { targetUserId: 'u-pro' })))
  await benchAsync('authorize, one at a time, read tracking', 5000, () => Promise.resolve(editProfile(trackReads(pro).ctx, { userId: 'u-pro' })))
  await benchAsync('authorize, one at a time (ProDashboard, awaits db)', 5000, () => Promise.resolve(proDashboard(pro)))
  await throughput('authorize, many at once (ownerOnly)', 40000, 256, () => Promise.resolve(ownerOnly(pro, { targetUserId: 'u-pro' })))
  await benchAsync('decideMount(ProDashboard): cascade + sandbox', 5000, () => decideMount({ component: ws.components.find((c) => c.name === 'ProDashboard') ?? ws.components[0]!, auth: pro }))
  // The live server's action body path: ModerationPanel.deleteReport (async, setState) and getReports (async, no change).
  const auth = { authenticated: true, session: { id: 'u-mod', roles: ['moderator'], permissions: ['reports.delete'] } } as const
  const created = await ws.createInstance('ModerationPanel', { id: 'ModerationPanel-bench', auth })
  if (!created.ok) throw new Error(created.error)
  const panel = created.instance
  const caller = { connectionId: 'bench', auth }
  await benchAsync('action body, one at a time (deleteReport: setState)', 10000, () => panel.callAction('deleteReport', { reportId: 'none' }, caller))
  await benchAsync('action body, one at a time (getReports: unchanged)', 10000, () => panel.callAction('getReports', undefined, caller))
  await throughput('action body, many at once (deleteReport)', 40000, 256, () => panel.callAction('deleteReport', { reportId: 'none' }, caller))
  await panel.dispose()
  ws.dispose()
}

main().then(() => closeSandboxPool(), (error: unknown) => {
  console.error(error)
  closeSandboxPool()
  process.exitCode = 1
})
