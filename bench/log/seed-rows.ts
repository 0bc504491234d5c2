/**
 * Fills a fresh store with `count` decisions made by the real engine against the
 * demo workspace's declarative rules (a few dozen templates, repeated with varied
 * times, sessions and versions), written through the real DecisionLog.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { anonymousContext, createAuthContext, decideAction, decideMount, decideProperty, snapshotOf, type Decision, type LiveAuthContext } from '../../lib/auth'
import { loadWorkspace } from '../../lib/sandbox'
import { seedDemoWorkspace } from '../../lib/server/seed-demo'
import { type DecisionInput } from '../../lib/store/model/decision'
import { DecisionLog } from '../../lib/store/sqlite/decision-log'
import { SqliteStore as Store } from '../../lib/store/sqlite/sqlite-store'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'
import { readDemoWorkspace } from '../../lib/workspace/demo'

export type Template = Omit<DecisionInput, 'at'>

const TARGETS: { kind: 'mount' | 'action' | 'property'; component: string; action?: string; payload?: unknown }[] = [
  { kind: 'mount', component: 'AdminPanel' },
  { kind: 'mount', component: 'ModerationPanel' },
  { kind: 'action', component: 'ModerationPanel', action: 'deleteReport', payload: { reportId: 'r1' } },
  { kind: 'action', component: 'ModerationPanel', action: 'banUser', payload: { userId: 'u-ghost' } },
  { kind: 'mount', component: 'LiveChat' },
  { kind: 'action', component: 'LiveChat', action: 'sendMessage', payload: { text: 'hi' } },
  { kind: 'property', component: 'LiveChat', action: 'property:$user', payload: { value: 'x' } },
]

function contextOf(personaId: string): LiveAuthContext {
  const claims = DEMO_PERSONAS.find((p) => p.id === personaId)?.claims as Record<string, unknown> | undefined
  if (!claims) return anonymousContext()
  const { sub, ...rest } = claims
  return createAuthContext({ id: String(sub), ...rest }, undefined, 0, 'jwt')
}

/** The demo decisions the seeds repeat: every target for each demo persona, decided by the real engine. */
export async function templates(): Promise<Template[]> {
  const loaded = await loadWorkspace(readDemoWorkspace())
  const out: Template[] = []
  for (const persona of ['admin', 'moderator', 'pro-user', 'free-user', 'anonymous']) {
    const auth = contextOf(persona)
    for (const t of TARGETS) {
      const spec = loaded.components.find((c) => c.name === t.component)
      if (!spec) throw new Error(`demo has no ${t.component}`)
      const d: Decision = t.kind === 'mount'
        ? await decideMount({ component: spec, auth })
        : t.kind === 'action'
          ? await decideAction({ component: spec, action: t.action ?? '', payload: t.payload, auth })
          : await decideProperty({ component: spec, property: (t.action ?? '').slice(9), value: 'x' })
      const sessionId = auth.session?.id
      out.push({
        kind: d.kind, verdict: d.verdict, profile: d.profile, durationUs: d.durationUs, trace: d.trace, warnings: d.warnings,
        auth: snapshotOf(auth), component: t.component, connectionId: `c-${persona}`, workspaceId: 'demo',
        ...(t.action !== undefined ? { action: t.action } : {}), ...(t.payload !== undefined ? { payload: t.payload } : {}),
        ...(d.decidedBy !== undefined ? { decidedBy: d.decidedBy } : {}), ...(d.reason !== undefined ? { reason: d.reason } : {}),
        ...(persona !== 'anonymous' ? { persona } : {}), ...(typeof sessionId === 'string' ? { sessionId } : {}),
      })
    }
  }
  loaded.dispose()
  return out
}

/** A store with the demo workspace and `count` decisions spread over the last `count` seconds. */
export async function seedDecisions(count: number): Promise<{ file: string; dir: string; firstAt: number; lastAt: number; writeMs: number; close(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-log-rows-'))
  const store = new Store({ dataDir: dir })
  await seedDemoWorkspace(store)
  const log = new DecisionLog(store.file)
  const list = await templates()
  const lastAt = Date.now()
  const firstAt = lastAt - count * 1000
  const t0 = performance.now()
  for (let i = 0; i < count; i++) {
    const t = list[(i * 7919) % list.length] as Template
    log.append({ ...t, at: firstAt + i * 1000, workspaceVersion: i < count / 2 ? 1 : 2 })
    if (i % 5000 === 4999) log.flush()
  }
  log.close()
  const writeMs = performance.now() - t0
  return { file: store.file, dir, firstAt, lastAt, writeMs, close: () => store.close() }
}
