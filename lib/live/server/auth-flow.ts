/**
 * The AUTH flow (live-protocol.md): verify the token, then ask the workspace's
 * providers in order (default first) with `{ ...credentials, claims }`; the
 * first authenticated result wins, a provider that throws or times out is
 * skipped, none means anonymous. Without providers the built-in provider maps
 * verified claims to a session. The result carries a trace like every other
 * decision; the token appears in none of it.
 */
import { anonymousContext, createAuthContext, type Decision, type JsonValue, type LiveAuthContext, type Step } from '../../auth'
import { sessionFromClaims, type StudioKey } from '../../tokens'
import type { SandboxLane, SandboxProvider } from '../../sandbox'
import type { HostedVersion } from './live-host'
import { verifyAuthToken, type TokenCheck } from './jwt-provider'
import { sessionMappingOf } from './live-settings'

export const PROVIDER_TIMEOUT_MS = 1000
/** The one place AUTH differs from the library on purpose (README, "Intended differences"). */
const BUILT_IN_NOTE = 'the workspace registers no provider, so the studio maps the verified claims itself; a FluxStack Live app without a provider leaves every connection anonymous'
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export interface AuthRequest {
  readonly credentials: Readonly<Record<string, unknown>> | undefined
  readonly hosted: HostedVersion
  readonly keys: readonly StudioKey[]
  /** Epoch ms (token clock and authenticatedAt). */
  readonly nowMs: number
  /** Monotonic ms for durations. */
  readonly clock: () => number
  /** Whom the providers' sandbox time is charged to. */
  readonly lane?: SandboxLane
}

export interface AuthOutcome {
  readonly ctx: LiveAuthContext
  readonly decision: Decision
}

function step(layer: string, outcome: Step['outcome'], reason: string, inputs: Record<string, JsonValue>, durationUs: number): Step {
  return { layer, outcome, reason, inputs, durationUs }
}

/** Own, non-prototype keys only: credentials cross into the sandbox as data. */
function cleanCredentials(raw: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(raw ?? {})) {
    if (!FORBIDDEN_KEYS.has(key)) Object.defineProperty(out, key, { value: raw?.[key], enumerable: true, writable: true, configurable: true })
  }
  return out
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function verifyStep(token: unknown, req: AuthRequest): Promise<{ check: TokenCheck | undefined; step: Step }> {
  const t0 = req.clock()
  if (typeof token !== 'string' || token.length === 0) {
    return { check: undefined, step: step('token.verify', 'skip', 'no token in AUTH', {}, 0) }
  }
  const check = await verifyAuthToken(token, req.keys, req.hosted.settings.jwt, req.nowMs)
  const us = (req.clock() - t0) * 1000
  if (check.ok) {
    const inputs = { kid: check.kid ?? null, alg: check.alg, claims: Object.keys(check.claims) }
    return { check, step: step('token.verify', 'pass', 'token verified', inputs, us) }
  }
  return { check, step: step('token.verify', 'deny', check.message, { code: check.code }, us) }
}

interface ProviderRun { readonly ctx: LiveAuthContext | undefined; readonly steps: Step[] }

async function askProviders(providers: readonly SandboxProvider[], credentials: Record<string, unknown>, token: string | undefined, req: AuthRequest): Promise<ProviderRun> {
  const steps: Step[] = []
  for (const provider of providers) {
    const layer = `provider.${provider.name}.authenticate`
    if (steps.some((s) => s.outcome === 'pass')) {
      steps.push(step(layer, 'skip', 'not reached: an earlier provider authenticated', {}, 0))
      continue
    }
    const t0 = req.clock()
    try {
      const snapshot = await withTimeout(provider.authenticate(credentials, req.lane), PROVIDER_TIMEOUT_MS, `Provider '${provider.name}'`)
      const us = (req.clock() - t0) * 1000
      if (snapshot?.authenticated === true && snapshot.session !== undefined) {
        steps.push(step(layer, 'pass', `provider '${provider.name}' authenticated '${snapshot.session.id}'`, { sessionId: snapshot.session.id }, us))
        return { ctx: createAuthContext(snapshot.session, token, req.nowMs, provider.name), steps: fillSkipped(providers, steps) }
      }
      steps.push(step(layer, 'skip', `provider '${provider.name}' returned no session`, {}, us))
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const safe = token !== undefined && token.length >= 8 ? message.split(token).join('[token]') : message
      steps.push(step(layer, 'error', `provider '${provider.name}' failed and was skipped: ${safe}`, { thrown: safe }, (req.clock() - t0) * 1000))
    }
  }
  return { ctx: undefined, steps }
}

function fillSkipped(providers: readonly SandboxProvider[], steps: Step[]): Step[] {
  const out = [...steps]
  for (const p of providers.slice(steps.length)) out.push(step(`provider.${p.name}.authenticate`, 'skip', 'not reached: an earlier provider authenticated', {}, 0))
  return out
}

function builtIn(check: TokenCheck | undefined, token: string | undefined, req: AuthRequest): ProviderRun {
  if (check === undefined || !check.ok) {
    return { ctx: undefined, steps: [step('builtin.jwt', 'skip', 'no verified claims to map', {}, 0)] }
  }
  const mapped = sessionFromClaims(check.claims, sessionMappingOf(req.hosted.settings.jwt))
  if (!mapped.ok) return { ctx: undefined, steps: [step('builtin.jwt', 'deny', mapped.reason, {}, 0)] }
  const ctx = createAuthContext(mapped.session, token, req.nowMs, 'jwt')
  const inputs = { sessionId: mapped.session.id, warnings: [...mapped.warnings], studioOnly: BUILT_IN_NOTE }
  return { ctx, steps: [step('builtin.jwt', 'pass', `claims mapped to session '${mapped.session.id}' (studio only: ${BUILT_IN_NOTE})`, inputs, 0)] }
}

function noCredentials(req: AuthRequest): AuthOutcome {
  const trace = [step('credentials', 'skip', 'no credentials (every value empty): anonymous, no provider is asked', {}, 0)]
  const base = { kind: 'auth' as const, profile: req.hosted.settings.profile, trace, durationUs: 0, sessionFieldsRead: [], warnings: [] }
  return { ctx: anonymousContext(), decision: { ...base, verdict: 'deny', reason: 'No token: the connection is anonymous', decidedBy: 'credentials' } }
}

/**
 * Runs one AUTH. Never throws: any failure yields the anonymous context.
 * @example const { ctx, decision } = await runAuth({ credentials: { token }, hosted, keys, nowMs: Date.now(), clock: performance.now })
 */
export async function runAuth(req: AuthRequest): Promise<AuthOutcome> {
  const start = req.clock()
  const credentials = cleanCredentials(req.credentials)
  // LiveAuthManager.authenticate: credentials whose values are all falsy never reach a provider.
  if (Object.keys(credentials).every((k) => !credentials[k])) return noCredentials(req)
  const token = typeof credentials.token === 'string' && credentials.token.length > 0 ? credentials.token : undefined
  const verified = await verifyStep(token, req)
  const claims = verified.check?.ok === true ? verified.check.claims : undefined
  const providers = req.hosted.loaded.providers
  const run = providers.length > 0
    ? await askProviders(providers, { ...credentials, claims }, token, req)
    : builtIn(verified.check, token, req)
  const trace = [verified.step, ...run.steps]
  const durationUs = (req.clock() - start) * 1000
  const base = { kind: 'auth' as const, profile: req.hosted.settings.profile, trace, durationUs, sessionFieldsRead: [], warnings: [] }
  if (run.ctx !== undefined) return { ctx: run.ctx, decision: { ...base, verdict: 'allow' } }
  const decider = [...trace].reverse().find((s) => s.outcome === 'deny' || s.outcome === 'error') ?? trace[trace.length - 1]
  const reason = token === undefined ? 'No token: the connection is anonymous' : (decider?.reason ?? 'Authentication failed')
  return {
    ctx: anonymousContext(),
    decision: { ...base, verdict: 'deny', reason, ...(decider !== undefined ? { decidedBy: decider.layer } : {}) },
  }
}
