'use client'

import { useRef } from 'react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'
import { describeRequest, phaseOf, problemOf, stepText, type AutopilotPhase, type AutopilotView, type StepStatus } from './autopilot-model'

const MARK: Record<StepStatus, { readonly mark: string; readonly tone: string }> = {
  pending: { mark: '○', tone: 'text-muted' },
  running: { mark: '…', tone: 'text-warn' },
  done: { mark: '✓', tone: 'text-allow' },
  skipped: { mark: '•', tone: 'text-muted' },
  denied: { mark: '✕', tone: 'text-deny' },
  failed: { mark: '✕', tone: 'text-deny' },
}

const BOX: Record<AutopilotPhase, string> = {
  running: 'border-line bg-surface',
  done: 'border-allow/40 bg-allow/5',
  denied: 'border-deny/40 bg-deny/5',
  failed: 'border-deny/40 bg-deny/5',
}

/**
 * "Open in live tester" on this connection: Connected ✓ Authenticated as
 * moderator ✓ Mounted ModerationPanel ✓, or where it stopped, why, and a retry.
 */
export function AutopilotSteps({ view, onRetry, onDismiss }: { view: AutopilotView; onRetry: () => void; onDismiss: () => void }) {
  const statusRef = useRef<HTMLDivElement>(null)
  const phase = phaseOf(view)
  const problem = problemOf(view)
  const { request } = view
  return (
    <div className={cn('space-y-2 rounded-md border px-3 py-2', BOX[phase])} data-testid="autopilot" data-phase={phase}>
      <div className="flex flex-wrap items-center gap-2">
        <p className="text-xs text-muted">
          Opened from {request.origin ?? 'another page'}: <span className="font-mono text-ink">{describeRequest(request)}</span>
        </p>
        <Button variant="ghost" className="ml-auto px-2 py-0.5 text-xs" onClick={onDismiss} aria-label="Hide these steps">Hide</Button>
      </div>
      <div ref={statusRef} tabIndex={-1} role="status" aria-label="Steps" className="rounded-sm">
        <ol className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {view.steps.map((step) => (
            <li key={step.id} className="flex items-baseline gap-1.5" data-step={step.id} data-status={step.status}>
              <span aria-hidden="true" className={cn('w-3 text-center font-semibold', MARK[step.status].tone, step.status === 'running' && 'animate-pulse')}>{MARK[step.status].mark}</span>
              <span className={cn(step.status === 'pending' && 'text-muted', (step.status === 'failed' || step.status === 'denied') && 'font-medium text-deny')}>{stepText(step, request)}</span>
            </li>
          ))}
        </ol>
        {problem && <p className="mt-1 break-words text-sm" data-testid="autopilot-problem">{problem.text}</p>}
        {phase === 'done' && request.action !== undefined && (
          <p className="mt-1 text-xs text-muted">
            The action <span className="font-mono text-ink">{request.action}</span> {request.payload !== undefined ? 'and its payload are' : 'is'} filled in on the component below: press Call to replay it.
          </p>
        )}
      </div>
      {problem && (
        <Button
          onClick={() => {
            statusRef.current?.focus()
            onRetry()
          }}
        >
          Retry from “{stepText({ id: problem.step.id, status: 'pending' }, request)}”
        </Button>
      )}
    </div>
  )
}
