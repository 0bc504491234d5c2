/**
 * The recording proxy is invisible: every scenario of the conformance corpus
 * (every message type, hostile frames, binary frames, closes) is played once
 * directly against an upstream and once through /api/live/proxy/<name> against
 * a fresh copy of the same upstream, and each connection must receive the same
 * frames after every step. The upstream is the reference FluxStack Live server
 * (fluxstack-live@d8538f75) when ../shared has it, otherwise a second studio
 * server. Every request seen is logged as an observed decision, and the
 * workspace (the same one the upstream serves) predicts every one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JWK } from 'jose'
import { analyzeImpact } from '@/lib/impact'
import { upsertRuleExport } from '@/lib/rules/ts-edit'
import { loadWorkspace } from '@/lib/sandbox'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { CORPUS } from '../conformance/corpus'
import { drive, type Transcript } from '../conformance/driver'
import { readGolden } from '../conformance/golden'
import { referenceSource, startReference } from '../conformance/reference-process'
import { serve } from '../conformance/replay'
import type { WorkspaceName } from '../conformance/types'
import { workspaceDir } from '../conformance/workspace-files'
import { startHarness, type Harness, sqliteOf } from './helpers/live-harness'

const PROFILE = 'fluxstack-live@0.11' as const
const source = referenceSource()

interface Upstream {
  readonly url: string
  stop(): Promise<void>
}

async function startUpstream(workspace: WorkspaceName, jwk: JWK): Promise<Upstream> {
  if (source) {
    const ref = await startReference({ source, workspaceDir: workspaceDir(workspace), jwk, order: 'library' })
    return { url: ref.url, stop: () => ref.stop() }
  }
  const h = await startHarness(undefined, { logBudget: false })
  const key = await serve(h, workspace, PROFILE)
  // The studio upstream verifies with its own key: give it the proxy's, so one token serves both.
  const id = h.server.workspaceHost.workspaceId
  const kid = `${id}-hs256`
  await h.server.store.keys.remove(id, kid)
  await h.server.store.keys.add(id, { kid, alg: 'HS256', kty: 'oct', label: 'proxy test key', publicJwk: null, privateJwk: { ...jwk, kid, alg: 'HS256' } as Record<string, unknown>, createdAt: new Date().toISOString() })
  void key
  return { url: h.wsUrl, stop: () => h.close() }
}

/** Plays every scenario, each step waiting for as many frames as the recorded golden has (then a grace for extras). */
async function playAll(workspace: WorkspaceName, url: string, jwk: JWK): Promise<Transcript[]> {
  const golden = readGolden(workspace, 'library')
  const out: Transcript[] = []
  for (const scenario of CORPUS[workspace]) {
    const expected = golden.scenarios.find((g) => g.id === scenario.id)
    out.push(await drive(scenario, { url, key: { jwk }, ignoreTypes: ['STATE_SIGNATURE'], graceMs: 30, ...(expected ? { expected } : {}) }))
  }
  return out
}

/** What each connection received over the whole scenario, in order (how frames fall into steps is timing). */
function perConnection(t: Transcript): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const step of t.steps) for (const [conn, frames] of Object.entries(step)) (out[conn] ??= []).push(...frames)
  return out
}

describe.each(Object.keys(CORPUS) as WorkspaceName[])(`the recording proxy in front of ${source ? 'the reference server' : 'a studio server'}: workspace %s`, (workspace) => {
  let proxy: Harness
  let jwk: JWK
  let direct: Transcript[]
  let proxied: Transcript[]

  beforeAll(async () => {
    proxy = await startHarness(undefined, { logBudget: false })
    jwk = await serve(proxy, workspace, PROFILE)
    // Two upstream processes of their own, played side by side (half the time): directly, and through the proxy.
    const [first, second] = await Promise.all([startUpstream(workspace, jwk), startUpstream(workspace, jwk)])
    try {
      await proxy.server.upstreams.replace([{ name: 'app', url: second.url }])
      ;[direct, proxied] = await Promise.all([
        playAll(workspace, first.url, jwk),
        playAll(workspace, `ws://127.0.0.1:${proxy.server.port}/api/live/proxy/app`, jwk),
      ])
      // Every connection is closed: the observers settle what was never answered.
      await new Promise((r) => setTimeout(r, 300))
    } finally {
      await Promise.all([first.stop(), second.stop()])
    }
  }, 300_000)

  afterAll(async () => {
    await proxy?.close()
  })

  it('each connection receives the same frames in the same order as it does directly', () => {
    const differences: string[] = []
    let frames = 0
    for (const [i, d] of direct.entries()) {
      const want = perConnection(d)
      const got = perConnection(proxied[i] as Transcript)
      frames += Object.values(want).reduce((n, f) => n + f.length, 0)
      for (const conn of new Set([...Object.keys(want), ...Object.keys(got)])) {
        const w = want[conn] ?? []
        const g = got[conn] ?? []
        const at = w.findIndex((f, k) => g[k] !== f)
        if (at >= 0 || g.length !== w.length) {
          const k = at >= 0 ? at : Math.min(w.length, g.length)
          differences.push(`${d.id} connection ${conn}, frame ${k}:\n  direct:  ${w[k] ?? '(none)'}\n  proxied: ${g[k] ?? '(none)'}`)
        }
      }
    }
    console.log(`[proxy ${workspace}] ${direct.length} scenarios, ${frames} frames; ${differences.length} connections differ`)
    expect(frames).toBeGreaterThan(200)
    expect(differences.slice(0, 5).join('\n')).toBe('')
  })

  it('logs every request it saw as an observed decision, and the workspace predicts each one', async () => {
    const figures = proxy.server.proxy.figures().find((f) => f.name === 'app')
    expect(figures).toBeDefined()
    if (!figures) return
    await proxy.server.decisions.flush()
    // The log answers at most 1,000 rows a page: page backwards through all of them.
    const log = sqliteOf(proxy.server).decisions.log
    const all: ReturnType<typeof log.list> = []
    for (let page = log.list({ limit: 1000 }); page.length > 0; page = log.list({ limit: 1000, beforeId: page[page.length - 1]?.id })) all.push(...page)
    const rows = all.filter((d) => d.source === 'app')
    const logged = rows.length
    console.log(`[proxy ${workspace}] requests ${figures.requests}, decisions ${figures.decisions}, refused before deciding ${figures.refusedBeforeDecision}, unanswered ${figures.unanswered}, unpredicted ${figures.unpredicted}, mismatches ${figures.mismatches}, logged ${logged}`)
    expect(figures.requests).toBeGreaterThan(50)
    expect(figures.unpredicted).toBe(0)
    // Every request is a logged decision, or counted as refused before any rule or never answered (the scenarios close mid-request).
    expect(figures.decisions + figures.refusedBeforeDecision + figures.unanswered).toBe(figures.requests)
    expect(figures.unanswered).toBeLessThan(figures.requests / 20)
    expect(logged).toBe(figures.decisions)
    const mismatched = rows.filter((d) => d.mismatch === true)
    expect(mismatched.map((d) => `${d.kind} ${d.component ?? ''}.${d.action ?? ''}: ${(d.observed as { note?: string } | undefined)?.note ?? ''}`)).toEqual([])
  })

  it.runIf(workspace === 'demo')('a draft that widens one rule flips exactly the observed decisions it should, against what the upstream answered', async () => {
    await proxy.server.decisions.flush()
    const entries = await proxy.server.decisions.window({ last: 20_000 }, { cap: 20_000, source: 'app' })
    expect(entries.length).toBeGreaterThan(500)
    expect(entries.every((e) => e.source === 'app')).toBe(true)
    const files = readDemoWorkspace()
    const rules = upsertRuleExport(files['auth/rules.ts'] ?? '', 'adminOnly', "export const adminOnly: LiveComponentAuth = { required: true, roles: ['admin', 'premium'] }")
    const draft = await loadWorkspace({ ...files, 'auth/rules.ts': rules })
    try {
      const report = await analyzeImpact(entries, draft, { maxFlips: 5000 })
      const roles = (auth: unknown) => ((auth as { session?: { roles?: unknown } } | null)?.session?.roles as string[] | undefined) ?? []
      // Independently: observed LiveAdminPanel mounts the upstream refused, by a session with premium and without admin.
      const expected = entries.filter((e) => e.kind === 'mount' && e.component === 'LiveAdminPanel' && e.verdict === 'deny' &&
        roles(e.auth).includes('premium') && !roles(e.auth).includes('admin')).map((e) => e.id).sort((a, b) => a - b)
      console.log(`[proxy impact] ${entries.length} observed decisions replayed, ${report.flips.length} flip(s): ${report.flips.map((f) => `${f.component}#${f.kind} ${f.persona ?? f.sessionId ?? ''} ${f.direction}`).join(', ')}`)
      expect(expected.length).toBeGreaterThan(0)
      expect(report.flips.map((f) => f.id).sort((a, b) => a - b)).toEqual(expected)
      expect(report.flips.every((f) => f.direction === 'widening')).toBe(true)
    } finally {
      draft.dispose()
    }
  })
})
