/**
 * Replays the corpus against the studio's own live server (in-process, port 0)
 * in one ordering profile and compares every step with the golden recorded
 * from the reference. Each workspace gets a fresh server, as each golden was
 * recorded on a fresh reference (rooms outlive their members).
 */
import { randomBytes } from 'node:crypto'
import type { JWK } from 'jose'
import type { ProfileId } from '@/lib/auth'
import { workspaceKeys } from '@/lib/live/server/jwt-provider'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { startHarness, type Harness } from '../live/helpers/live-harness'
import { compareScenario, type StepComparison } from './compare'
import { CORPUS } from './corpus'
import { drive } from './driver'
import { readGolden, type RecordedOrder } from './golden'
import type { WorkspaceName } from './types'
import { workspaceFiles } from './workspace-files'

export const ORDER_OF: Record<ProfileId, RecordedOrder> = { 'fluxstack-live@0.11': 'library', documented: 'documented' }

/** Serves `workspace` with `profile`; returns the HS256 key its tokens verify with. */
export async function serve(h: Harness, workspace: WorkspaceName, profile: ProfileId): Promise<JWK> {
  const { store, workspaceHost } = h.server
  let id = DEMO_WORKSPACE_ID
  if (workspace !== 'demo') {
    id = `ws-conformance-${randomBytes(4).toString('hex')}`
    await store.workspaces.create({ id, name: `Conformance: ${workspace}`, files: workspaceFiles(workspace), message: 'conformance corpus' })
    await store.keys.add(id, {
      kid: `${id}-hs256`, alg: 'HS256', kty: 'oct', label: 'conformance key', publicJwk: null,
      privateJwk: { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: `${id}-hs256`, alg: 'HS256' }, createdAt: new Date().toISOString(),
    })
  }
  await store.workspaces.updateSettings(id, { profile })
  if (id === DEMO_WORKSPACE_ID) await workspaceHost.reload()
  else await workspaceHost.switchTo(id)
  const key = (await workspaceKeys(store, id)).find((k) => k.alg === 'HS256')
  if (!key?.privateJwk) throw new Error(`no HS256 key in workspace ${id}`)
  return key.privateJwk as JWK
}

export interface ReplayOptions {
  readonly only?: (scenarioId: string) => boolean
  readonly graceMs?: number
}

/** Every step of the corpus in `profile`, compared with its golden. */
export async function replay(profile: ProfileId, opts: ReplayOptions = {}): Promise<StepComparison[]> {
  const results: StepComparison[] = []
  for (const workspace of Object.keys(CORPUS) as WorkspaceName[]) {
    const golden = readGolden(workspace, ORDER_OF[profile])
    const h = await startHarness()
    try {
      const jwk = await serve(h, workspace, profile)
      for (const scenario of CORPUS[workspace]) {
        if (opts.only && !opts.only(scenario.id)) continue
        const expected = golden.scenarios.find((s) => s.id === scenario.id)
        if (!expected) throw new Error(`no golden for scenario ${scenario.id}: run npm run conformance:record`)
        const t = await drive(scenario, { url: h.wsUrl, key: { jwk }, expected, graceMs: opts.graceMs ?? 15, ignoreTypes: ['STATE_SIGNATURE'] })
        results.push(...compareScenario(scenario, expected.steps, t.steps))
      }
    } finally {
      await h.close()
    }
  }
  return results
}
