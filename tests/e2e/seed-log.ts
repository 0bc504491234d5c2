import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { DecisionInput, ObservedAnswer } from '../../lib/store/model/decision'

/**
 * Writes decisions into the running studio's log through the real DecisionLog (the
 * server's store file in the run's data dir): how browser tests get decisions
 * observed on an upstream without running one. They appear on the next page load.
 */
export function seedDecisions(rows: readonly DecisionInput[]): void {
  const dir = process.env.E2E_DATA_DIR
  if (!dir) throw new Error('E2E_DATA_DIR is not set (run through tests/e2e/playwright.config.ts)')
  const root = path.resolve(__dirname, '..', '..')
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'seed-log-cli.ts'), path.join(dir, 'studio.sqlite')], { cwd: root, input: JSON.stringify(rows), stdio: ['pipe', 'inherit', 'inherit'], timeout: 20_000 })
}

const FREE = { authenticated: true, session: { id: 'u-free', roles: ['user'] } }
const DENIAL = "Insufficient roles. Required one of: admin, moderator"
const TRACE = [{ layer: 'auth.roles', outcome: 'deny', reason: DENIAL, inputs: { required: ['admin', 'moderator'], held: ['user'] }, durationUs: 12 }]

/**
 * Two AdminPanel mounts by free-user observed on upstream `source`: one the upstream
 * denied as the workspace predicts, one it allowed although the workspace denies (a mismatch).
 */
export function observedPair(source: string, at = Date.now()): DecisionInput[] {
  const base = {
    kind: 'mount' as const, component: 'AdminPanel', persona: 'free-user', sessionId: 'u-free', profile: 'documented', durationUs: 40,
    trace: TRACE, auth: FREE, source, connectionId: `proxy-${source}`,
  }
  const predicted = { verdict: 'deny' as const, reason: DENIAL, decidedBy: 'auth.roles', wireText: `AUTH_DENIED: ${DENIAL}` }
  const agree: ObservedAnswer = { answer: { ok: false, error: `AUTH_DENIED: ${DENIAL}` }, predicted, agreement: 'agree', note: 'Both deny, with the same answer.' }
  const disagree: ObservedAnswer = { answer: { ok: true }, predicted, agreement: 'disagree', note: `The server allowed it; the studio predicts a denial: AUTH_DENIED: ${DENIAL}` }
  return [
    { ...base, at: at - 2000, verdict: 'deny', reason: `AUTH_DENIED: ${DENIAL}`, decidedBy: 'auth.roles', observed: agree, mismatch: false },
    { ...base, at: at - 1000, verdict: 'allow', observed: disagree, mismatch: true },
  ]
}
