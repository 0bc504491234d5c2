/**
 * "Open in live tester" in one go: the steps a link (or another page) asks a
 * connection to take — connect, authenticate, mount — and how each reads on
 * screen. Pure; the runner is autopilot.ts.
 */
import type { LivePrefill } from './live-url'

/** What a link asks a connection to do (never a token: links carry a persona, and a token minted for it stays in memory). */
export interface LiveOpenRequest extends LivePrefill {
  /** Where the request came from, for the step list's heading, e.g. 'a link'. */
  readonly origin?: string
}

export type StepId = 'connect' | 'auth' | 'mount'

/** `denied`: the server answered and refused (e.g. AUTH_DENIED); `failed`: the step could not be done. */
export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'denied' | 'failed'

export interface AutopilotStep {
  readonly id: StepId
  readonly status: StepStatus
  /** The error, or what the step found (e.g. the session id AUTH signed in as). */
  readonly detail?: string
}

export interface AutopilotView {
  readonly request: LiveOpenRequest
  readonly steps: readonly AutopilotStep[]
  /** Bumped on every start and retry: a superseded run stops reporting. */
  readonly run: number
}

/** Connect, authenticate (a step even when it stays anonymous, so the list says so), and mount when a component is named. */
export function planSteps(request: LiveOpenRequest): AutopilotStep[] {
  const ids: StepId[] = ['connect', 'auth', ...(request.component !== undefined ? (['mount'] as const) : [])]
  return ids.map((id) => ({ id, status: 'pending' }))
}

export function startView(request: LiveOpenRequest, previousRun = 0): AutopilotView {
  return { request, steps: planSteps(request), run: previousRun + 1 }
}

/** The view with step `id` set to `status` (and its detail replaced). */
export function withStep(view: AutopilotView, id: StepId, status: StepStatus, detail?: string): AutopilotView {
  return {
    ...view,
    steps: view.steps.map((step) => (step.id === id ? { id, status, ...(detail !== undefined && { detail }) } : step)),
  }
}

export type AutopilotPhase = 'running' | 'done' | 'denied' | 'failed'

/** Where a run stands: any failure wins, then a denial, then running while a step is pending. */
export function phaseOf(view: AutopilotView): AutopilotPhase {
  const statuses = view.steps.map((s) => s.status)
  if (statuses.includes('failed')) return 'failed'
  if (statuses.includes('denied')) return 'denied'
  if (statuses.some((s) => s === 'pending' || s === 'running')) return 'running'
  return 'done'
}

/** The step a retry starts from: the one that failed or was denied; undefined while running or when all went well. */
export function retryStep(view: AutopilotView): StepId | undefined {
  return view.steps.find((s) => s.status === 'failed' || s.status === 'denied')?.id
}

/** A retry: the view with `from` and every step after it pending again, under a new run number. */
export function retryView(view: AutopilotView, from: StepId): AutopilotView {
  const start = view.steps.findIndex((s) => s.id === from)
  if (start === -1) return view
  return { ...view, run: view.run + 1, steps: view.steps.map((step, i) => (i >= start ? { id: step.id, status: 'pending' } : step)) }
}

/**
 * The short line a step shows: 'Connected', 'Authenticating as moderator…',
 * 'Mount AdminPanel denied'. Why a step failed or was denied is its `detail`,
 * shown on its own; a finished AUTH step's detail says who it signed in as.
 */
export function stepText(step: AutopilotStep, request: LiveOpenRequest): string {
  switch (step.id) {
    case 'connect':
      return { pending: 'Connect', running: 'Connecting…', done: 'Connected', skipped: 'Connected', denied: 'Connect refused', failed: 'Connect failed' }[step.status]
    case 'auth': {
      if (step.status === 'done' || step.status === 'skipped') return step.detail ?? (step.status === 'done' ? `Authenticated as ${request.persona ?? '?'}` : 'Anonymous')
      if (request.persona === undefined) return 'Stay anonymous'
      const subject = `as ${request.persona}`
      return { pending: `Authenticate ${subject}`, running: `Authenticating ${subject}…`, denied: `Not signed in ${subject}`, failed: `Authentication ${subject} failed` }[step.status]
    }
    case 'mount': {
      const name = request.component ?? '?'
      return { pending: `Mount ${name}`, running: `Mounting ${name}…`, done: `Mounted ${name}`, skipped: `Mount ${name} skipped`, denied: `Mount ${name} denied`, failed: `Mount ${name} failed` }[step.status]
    }
  }
}

/** What went wrong at the step a run stopped at, fit for the screen; undefined when nothing did. */
export function problemOf(view: AutopilotView): { readonly step: AutopilotStep; readonly text: string } | undefined {
  const step = view.steps.find((s) => s.status === 'failed' || s.status === 'denied')
  if (!step) return undefined
  return { step, text: `${stepText(step, view.request)}${step.detail ? `: ${step.detail}` : ''}` }
}

/** 'persona moderator · ModerationPanel.banUser': what a request is about, for the step list's heading. */
export function describeRequest(request: LiveOpenRequest): string {
  const who = request.persona !== undefined ? `persona ${request.persona}` : 'anonymous'
  const what = request.component === undefined ? '' : request.action !== undefined ? `${request.component}.${request.action}` : request.component
  return [who, what].filter((part) => part !== '').join(' · ')
}
