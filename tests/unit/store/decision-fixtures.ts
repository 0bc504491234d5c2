import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type DecisionInput } from '@/lib/store/model/decision'
import { DecisionLog } from '@/lib/store/sqlite/decision-log'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

export const T0 = Date.UTC(2026, 10, 23, 10, 0, 0)

const ADMIN = { authenticated: true, session: { id: 'u-admin', roles: ['admin'] } }
const FREE = { authenticated: true, session: { id: 'u-free', roles: ['user'] } }

/** A decision with sensible defaults; `at` is T0 + seconds. */
export function decision(seconds: number, extra: Partial<DecisionInput> = {}): DecisionInput {
  return { at: T0 + seconds * 1000, kind: 'action', verdict: 'allow', profile: 'documented', durationUs: 10, trace: [], auth: ADMIN, ...extra }
}

/** Ten typed rows covering every filter (ids 1..10 in this order). */
export const ROWS: readonly DecisionInput[] = [
  decision(1, { kind: 'auth', persona: 'admin', sessionId: 'u-admin' }),
  decision(2, { kind: 'mount', component: 'AdminPanel', persona: 'admin', sessionId: 'u-admin', workspaceVersion: 1 }),
  decision(3, { kind: 'mount', component: 'AdminPanel', verdict: 'deny', decidedBy: 'auth.roles', reason: "Insufficient roles. Required one of: admin", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 1 }),
  decision(4, { component: 'AdminPanel', action: 'deleteUser', persona: 'admin', sessionId: 'u-admin', workspaceVersion: 2, payload: { userId: 'u1' } }),
  decision(5, { component: 'ModerationPanel', action: 'banUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'banUser'", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2 }),
  decision(6, { component: 'ModerationPanel', action: 'banUser', verdict: 'deny', decidedBy: 'actionAuth.authorize', reason: 'Custom authorization 100% failed', persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2 }),
  decision(6, { kind: 'property', component: 'LiveChat', action: 'property:$user', verdict: 'deny', decidedBy: 'property.serverOnly', reason: "Property '$user' is server-only", workspaceVersion: 2 }),
  decision(8, { kind: 'room', component: 'LiveChat', action: 'room:vip-1', verdict: 'deny', decidedBy: 'provider.authorizeRoom', reason: "Access to room 'vip-1' denied", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2 }),
  decision(9, { component: 'ProDashboard', action: 'refresh', persona: 'pro-user', sessionId: 'u-pro', workspaceVersion: 2 }),
  decision(10, { component: 'AdminPanel', action: 'deleteUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'deleteUser'", persona: 'free-user', sessionId: 'u-free', auth: FREE, workspaceVersion: 2 }),
]

/** A fresh store with `rows` written through the real DecisionLog. */
export function logWith(rows: readonly DecisionInput[] = ROWS): { store: Store; dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-log-'))
  const store = new Store({ dataDir: dir })
  const log = new DecisionLog(store.file)
  for (const r of rows) log.append(r)
  log.close()
  return { store, dir, cleanup: () => { void store.close(); fs.rmSync(dir, { recursive: true, force: true }) } }
}
