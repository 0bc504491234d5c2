/**
 * Runs an "Open in live tester" request on one connection: connect to the
 * built-in server, authenticate as the persona (with a token minted on the
 * spot), mount the component. Each step reports as it goes;
 * the first that fails stops the run, with its reason, and a retry starts there.
 */
import type { AuthOutcome, ConnectionStatus, LiveResult, MountedComponent } from '@/lib/live/client'
import type { ApiResult } from '@/lib/api/call'
import type { LiveOpenRequest, StepId, StepStatus } from './autopilot-model'

/** The part of a connection the autopilot drives (LiveSession in the page, a fake in tests). */
export interface AutopilotTarget {
  status(): ConnectionStatus
  /** Why the socket last closed, in a sentence (close-codes.ts). */
  closeExplanation(): string
  connect(url: string): Promise<LiveResult<void>>
  authenticate(token: string | undefined, source: string, persona?: string): Promise<LiveResult<AuthOutcome>>
  mount(component: string): Promise<LiveResult<MountedComponent>>
}

export interface AutopilotPersona {
  readonly id: string
  readonly label: string
  /** null: the persona is anonymous (no token). */
  readonly claims: Readonly<Record<string, unknown>> | null
}

export interface AutopilotDeps {
  /** The studio's own live endpoint. */
  liveUrl(): string
  personas(): Promise<ApiResult<readonly AutopilotPersona[]>>
  mintToken(persona: string): Promise<ApiResult<string>>
  /** Resolves once the connection's decisions will reach its trace (the inspector stream is open), or after a short wait. */
  streamReady(): Promise<void>
}

export type StepReport = (id: StepId, status: StepStatus, detail?: string) => void

const ORDER: readonly StepId[] = ['connect', 'auth', 'mount']

/**
 * Runs the steps from `from` on. `report` receives every change; `stale()`
 * says the run was superseded (a retry, the connection removed) and must stop.
 * A step after `connect` needs an open socket: when it is not open the run
 * starts at `connect` again.
 */
export async function runAutopilot(target: AutopilotTarget, request: LiveOpenRequest, deps: AutopilotDeps, report: StepReport, stale: () => boolean, from: StepId = 'connect'): Promise<void> {
  const start = target.status() === 'open' ? ORDER.indexOf(from) : 0
  for (const id of ORDER.slice(start)) {
    if (id === 'mount' && request.component === undefined) continue
    if (stale()) return
    report(id, 'running')
    const outcome = await STEPS[id](target, request, deps, stale)
    if (stale()) return
    report(id, outcome.status, outcome.detail)
    if (outcome.status === 'failed' || outcome.status === 'denied') return
  }
}

interface Outcome {
  readonly status: StepStatus
  readonly detail?: string
}

type Step = (target: AutopilotTarget, request: LiveOpenRequest, deps: AutopilotDeps, stale: () => boolean) => Promise<Outcome>

const STEPS: Readonly<Record<StepId, Step>> = {
  async connect(target, _request, deps) {
    if (target.status() === 'open') return { status: 'done' }
    if (target.status() === 'connecting') return { status: 'failed', detail: 'the connection is still opening; wait for it, then retry' }
    const result = await target.connect(deps.liveUrl())
    return result.ok ? { status: 'done' } : { status: 'failed', detail: target.closeExplanation() }
  },

  async auth(target, request, deps, stale) {
    // Decisions reach a connection's trace through the inspector stream: wait for it so AUTH is not missed.
    await deps.streamReady()
    if (stale()) return { status: 'failed' }
    if (request.persona === undefined) return { status: 'skipped', detail: 'Anonymous: the link names no persona' }
    const personas = await deps.personas()
    if (!personas.ok) return { status: 'failed', detail: `personas unavailable: ${personas.error}` }
    const persona = personas.value.find((p) => p.id === request.persona)
    if (persona === undefined) return { status: 'failed', detail: `the workspace has no persona “${request.persona}” (renamed or deleted?)` }
    if (persona.claims === null) return { status: 'skipped', detail: `Anonymous: persona ${persona.id} carries no token` }
    const minted = await deps.mintToken(persona.id)
    if (!minted.ok) return { status: 'failed', detail: `could not mint a token for ${persona.label}: ${minted.error}` }
    if (stale()) return { status: 'failed' }
    const result = await target.authenticate(minted.value, `persona ${persona.id}`, persona.id)
    return authOutcome(result, `Authenticated as ${persona.id}`)
  },

  async mount(target, request) {
    const result = await target.mount(request.component ?? '')
    if (result.ok) return { status: 'done' }
    // The server answered and said no: that is the decision being replayed, shown as a denial.
    return { status: result.code === 'REJECTED' ? 'denied' : 'failed', detail: result.error }
  },
}

function authOutcome(result: LiveResult<AuthOutcome>, done: string): Outcome {
  if (!result.ok) return { status: 'failed', detail: result.error }
  if (!result.value.authenticated) return { status: 'denied', detail: `the server answered AUTH without signing in (${result.value.error ?? 'Authentication failed'})` }
  return { status: 'done', detail: done }
}
