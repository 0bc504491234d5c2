/**
 * Declarative decision latency (no custom authorize involved).
 * Run: npx tsx bench/engine/declarative.ts
 * Targets (issue 3): p50 <= 5 us, p99 <= 50 us per decision.
 */
import { performance } from 'node:perf_hooks'
import { createAuthContext, anonymousContext } from '../../lib/auth/context'
import { decideMount } from '../../lib/auth/mount'
import { decideAction } from '../../lib/auth/action'
import type { ComponentSpec, Decision, ProfileId } from '../../lib/auth/types'

const WARMUP = 20_000
const SAMPLES = 100_000

const AdminPanel: ComponentSpec = {
  name: 'AdminPanel', publicActions: ['deleteUser'], auth: { required: true, roles: ['admin', 'moderator'] }, methods: ['deleteUser'],
}
const ContentEditor: ComponentSpec = {
  name: 'ContentEditor', publicActions: ['editContent'], auth: { required: true, permissions: ['content.read', 'content.write'] }, methods: ['editContent'],
}
const ModerationPanel: ComponentSpec = {
  name: 'ModerationPanel',
  publicActions: ['getReports', 'deleteReport', 'banUser'],
  auth: { required: true },
  actionAuth: { deleteReport: { permissions: ['reports.delete'] }, banUser: { roles: ['admin', 'moderator'] } },
  methods: ['getReports', 'deleteReport', 'banUser'],
}

const moderator = createAuthContext({ id: 'u-mod', roles: ['moderator'], permissions: ['reports.read'] }, 'tok', 0)
const user = createAuthContext({ id: 'u-1', roles: ['user'], permissions: ['content.read'] }, 'tok', 0)
const anonymous = anonymousContext()

type Run = () => Promise<Decision>

const mountRuns: readonly [string, Run][] = [
  ['mount AdminPanel moderator (allow)', () => decideMount({ component: AdminPanel, auth: moderator })],
  ['mount AdminPanel user (deny roles)', () => decideMount({ component: AdminPanel, auth: user })],
  ['mount ContentEditor user (deny perms)', () => decideMount({ component: ContentEditor, auth: user })],
  ['mount ContentEditor anonymous (deny required)', () => decideMount({ component: ContentEditor, auth: anonymous })],
]

const action = (name: string, auth = moderator, profile: ProfileId = 'documented'): Run =>
  () => decideAction({ component: ModerationPanel, action: name, payload: { id: 1 }, auth, profile })

const actionRuns: readonly [string, Run][] = [
  ['action banUser moderator (allow)', action('banUser')],
  ['action banUser user (deny roles)', action('banUser', user)],
  ['action deleteReport moderator (deny perms)', action('deleteReport')],
  ['action getReports anonymous (allow, no entry)', action('getReports', anonymous)],
  ['action destroy (blocklist)', action('destroy')],
  ['action banUser moderator, profile 0.11', action('banUser', moderator, 'fluxstack-live@0.11')],
]

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

async function measure(runs: readonly [string, Run][]): Promise<Float64Array> {
  for (let i = 0; i < WARMUP; i++) await (runs[i % runs.length] as [string, Run])[1]()
  const all = new Float64Array(SAMPLES)
  const per = runs.map(() => [] as number[])
  for (let i = 0; i < SAMPLES; i++) {
    const k = i % runs.length
    const t0 = performance.now()
    await (runs[k] as [string, Run])[1]()
    const us = (performance.now() - t0) * 1000
    all[i] = us
    per[k]?.push(us)
  }
  runs.forEach(([label], k) => {
    const s = Float64Array.from(per[k] ?? []).sort()
    console.log(`  ${label.padEnd(48)} p50 ${quantile(s, 0.5).toFixed(2).padStart(6)} us   p99 ${quantile(s, 0.99).toFixed(2).padStart(6)} us`)
  })
  return all.sort()
}

/** What the timing harness itself costs (two clock reads around an awaited resolved promise). */
async function harnessOverhead(): Promise<number> {
  const s = new Float64Array(SAMPLES)
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now()
    await Promise.resolve()
    s[i] = (performance.now() - t0) * 1000
  }
  return quantile(s.sort(), 0.5)
}

async function main(): Promise<void> {
  console.log(`declarative decisions: ${WARMUP} warm-up, ${SAMPLES} measured per kind (node ${process.version})`)
  console.log(`harness overhead (included below): p50 ${(await harnessOverhead()).toFixed(2)} us`)
  for (const [kind, runs] of [['mount', mountRuns], ['action', actionRuns]] as const) {
    console.log(`${kind}:`)
    const s = await measure(runs)
    const p50 = quantile(s, 0.5)
    const p99 = quantile(s, 0.99)
    const ok = p50 <= 5 && p99 <= 50 ? 'OK' : 'MISSED'
    console.log(`  => ${kind} overall p50 ${p50.toFixed(2)} us, p99 ${p99.toFixed(2)} us (targets 5 / 50 us: ${ok})`)
  }
}

void main()
