/**
 * The three store figures of issue 16, measured the same way on any StudioStore:
 * decision-log writes per second (batched behind `append`), filtered page latency, and impact
 * replay reading its decisions from the store.
 */
import { analyzeImpact } from '../../lib/impact'
import { loadWorkspace } from '../../lib/sandbox'
import type { StudioStore } from '../../lib/store/contract'
import type { DecisionInput } from '../../lib/store/model/decision'
import type { DecisionQuery } from '../../lib/store/model/decision-query'
import { percentile } from '../live/bench-clients'

type Template = Omit<DecisionInput, 'at'>

/**
 * Appends as a busy live server would (a tick of appends, then I/O), flushing every 5,000 like
 * bench/log's seeding (so the rate is what the store sustains, not how fast a queue fills),
 * until `flush()` says all are durable.
 */
export async function writeRate(store: StudioStore, templates: readonly Template[], count: number, firstAt: number): Promise<{ perSecond: number; failed: number }> {
  const before = await store.decisions.counters()
  const t0 = performance.now()
  for (let i = 0; i < count; i++) {
    const t = templates[(i * 7919) % templates.length] as Template
    store.decisions.append({ ...t, at: firstAt + i, workspaceVersion: 2 })
    if (i % 5000 === 4999) await store.decisions.flush()
    else if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve))
  }
  await store.decisions.flush()
  const seconds = (performance.now() - t0) / 1000
  const after = await store.decisions.counters()
  return { perSecond: (after.written - before.written) / seconds, failed: after.failed - before.failed }
}

/** The /traces filters bench/log times, with a time range in the middle of the log. */
export function pageFilters(firstAt: number, lastAt: number): [string, DecisionQuery][] {
  const mid = Math.round((firstAt + lastAt) / 2)
  return [
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
}

/** p50 / p95 of the second page (a keyset cursor) of each filter, `runs` times each. */
export async function pageLatencies(store: StudioStore, filters: readonly [string, DecisionQuery][], runs: number): Promise<{ name: string; p50: number; p95: number; rows: number }[]> {
  const out: { name: string; p50: number; p95: number; rows: number }[] = []
  for (const [name, filter] of filters) {
    const first = await store.decisions.page(filter, { limit: 100 })
    const options = { limit: 100, ...(first.next ? { before: first.next } : {}) }
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      await store.decisions.page(filter, options)
      times.push(performance.now() - t)
    }
    out.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), rows: first.rows.length })
  }
  return out
}

/** Reads the last `count` decisions from the store and replays them against `files` (second run, warm). */
export async function replayRate(store: StudioStore, files: Record<string, string>, count: number): Promise<{ readMs: number; perSecond: number; withReadPerSecond: number; replayed: number }> {
  const loaded = await loadWorkspace(files)
  try {
    let result = { readMs: 0, perSecond: 0, withReadPerSecond: 0, replayed: 0 }
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now()
      const entries = await store.decisions.window({ last: count }, { cap: count })
      const t1 = performance.now()
      const report = await analyzeImpact(entries, loaded)
      const t2 = performance.now()
      result = { readMs: t1 - t0, perSecond: report.replayed / ((t2 - t1) / 1000), withReadPerSecond: report.replayed / ((t2 - t0) / 1000), replayed: report.replayed }
    }
    return result
  } finally {
    loaded.dispose()
  }
}
