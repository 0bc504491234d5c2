'use client'

import { useId, useState, type ReactNode } from 'react'
import { Badge, Notice } from '@/components/ui/notice'
import { sharpEdgeOf } from '@/lib/auth/sharp-edges'
import { wireDenial } from '@/lib/live/wire-answer'
import { cn } from '@/lib/utils'
import { predictedWireText } from './compare'
import { VerdictBadge } from './outcome-badge'
import { StepList } from './step-list'
import { summarizeTrace, type TraceEntry } from './trace-format'

/** One decision: a summary line that opens into its steps (a disclosure button with aria-expanded). */
export function TraceItem({ entry, defaultOpen = false, actions }: { entry: TraceEntry; defaultOpen?: boolean; actions?: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen)
  const bodyId = useId()
  const { decision, meta, comparison } = entry
  const summary = summarizeTrace(decision, meta)
  const sharpEdges = decision.warnings.filter((w) => sharpEdgeOf(w) !== undefined)
  const otherWarnings = decision.warnings.filter((w) => sharpEdgeOf(w) === undefined)
  return (
    <li className="rounded-md border border-line bg-panel" data-testid="trace-item" data-verdict={decision.verdict}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-3 py-2 text-left hover:bg-surface"
      >
        <span aria-hidden="true" className={cn('inline-block w-3 text-muted transition', open && 'rotate-90')}>▸</span>
        <VerdictBadge verdict={summary.verdict} />
        <span className="font-mono text-xs text-muted">{summary.message}</span>
        <span className="font-mono text-sm font-medium">{summary.target}</span>
        {summary.layer && <span className="font-mono text-xs text-accent">{summary.layer}</span>}
        <span className="min-w-0 flex-1 basis-48 truncate text-sm" title={summary.reason}>{summary.reason}</span>
        {sharpEdges.length > 0 && <Badge tone="warn">library sharp edge</Badge>}
        {meta.connection && <Badge>{meta.connection}</Badge>}
        {comparison && <AgreementBadge status={comparison.agreement.status} />}
        <span className="font-mono text-xs text-muted">{summary.duration}</span>
      </button>
      <div id={bodyId} hidden={!open} className="space-y-2 border-t border-line px-3 py-2">
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
          <span>profile <span className="font-mono text-ink">{decision.profile}</span></span>
          {meta.persona && <span>persona <span className="font-mono text-ink">{meta.persona}</span></span>}
          <span>at <span className="font-mono text-ink">{new Date(entry.at).toLocaleTimeString()}</span></span>
          {decision.sessionFieldsRead.length > 0 && (
            <span>session fields read <span className="font-mono text-ink">{decision.sessionFieldsRead.join(', ')}</span></span>
          )}
        </p>
        {decision.verdict === 'deny' && !comparison && <ClientReceives decision={decision} />}
        {comparison && <Comparison comparison={comparison} predicted={predictedWireText(decision)} />}
        <StepList steps={decision.trace} />
        {sharpEdges.length > 0 && (
          <Notice tone="warn" data-testid="sharp-edges">
            <p className="font-medium">Library sharp edge: a real FluxStack Live 0.11 app answers the same way, and is exposed the same way</p>
            <ul className="ml-4 list-disc">
              {sharpEdges.map((w) => <li key={w}>{w.replace(/^Library sharp edge \([a-z-]+\): /, '')}</li>)}
            </ul>
          </Notice>
        )}
        {otherWarnings.length > 0 && (
          <Notice tone="warn">
            <p className="font-medium">Warnings</p>
            <ul className="ml-4 list-disc">
              {otherWarnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          </Notice>
        )}
        {actions}
      </div>
    </li>
  )
}

function AgreementBadge({ status }: { status: 'agree' | 'disagree' | 'inconclusive' }) {
  const tone = status === 'agree' ? 'allow' : status === 'disagree' ? 'deny' : 'warn'
  const text = status === 'agree' ? 'server agrees' : status === 'disagree' ? 'DISAGREEMENT' : 'inconclusive'
  return <Badge tone={tone}>{text}</Badge>
}

/** The answer a client of the library gets for this denial, and the ERROR frame before it when there is one. */
function ClientReceives({ decision }: { decision: TraceEntry['decision'] }) {
  const wire = wireDenial(decision)
  return (
    <p className="text-xs text-muted" data-testid="client-receives">
      The client receives <span className="font-mono text-ink">{wire.error}</span>
      {wire.componentError && <> after an <span className="font-mono text-ink">ERROR</span> frame with the same text (an action-security layer, not an auth denial)</>}
    </p>
  )
}

function Comparison({ comparison, predicted }: { comparison: NonNullable<TraceEntry['comparison']>; predicted: string | undefined }) {
  const { answer, agreement } = comparison
  const tone = agreement.status === 'agree' ? 'allow' : agreement.status === 'disagree' ? 'deny' : 'warn'
  return (
    <div className="space-y-2">
      <div className="grid gap-2 sm:grid-cols-2">
        <div className="rounded-md border border-line p-2">
          <p className="text-xs font-medium text-muted">Server answered</p>
          <p className="font-mono text-sm">{answer.ok ? 'success' : answer.error}</p>
        </div>
        <div className="rounded-md border border-line p-2">
          <p className="text-xs font-medium text-muted">Studio predicts ({comparison.source === 'draft' ? 'unsaved draft' : 'saved workspace'}, lib/auth)</p>
          <p className="font-mono text-sm">{predicted ?? 'success'}</p>
        </div>
      </div>
      <Notice tone={tone}>{agreement.note}</Notice>
    </div>
  )
}
