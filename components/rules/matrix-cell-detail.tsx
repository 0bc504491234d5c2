'use client'

/**
 * The picked matrix cell: the payload it was decided with, why it is
 * unreachable or a suspect allow when it is, its trace, and "Save as test".
 */
import type { MatrixCellView, MatrixColumnView } from '@/lib/api/workspace'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { DecisionTrace } from './decision-trace'
import { statusOf, targetOf, undefinedAllowText } from './matrix-model'
import { payloadPreview } from './matrix-payloads'

export function MatrixCellDetail({ persona, column, cell, onEditPayload, onSaveAsTest }: {
  persona: { id: string; label: string }
  column: MatrixColumnView
  cell: MatrixCellView
  onEditPayload: () => void
  onSaveAsTest: (test: RuleTest) => void
}) {
  const status = statusOf(cell)
  const target = targetOf(column)
  const flag = cell.undefinedAllow
  return (
    <div className="space-y-2 rounded-md border border-line p-3" data-testid="matrix-cell-detail">
      {column.kind === 'action' && (
        <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
          <span>
            {column.payload === undefined
              ? 'Called without a payload.'
              : <>Called with payload <code className="break-all font-mono text-ink">{payloadPreview(column.payload, 120)}</code>.</>}
          </span>
          <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={onEditPayload}>Edit the payload of {column.action}</Button>
        </p>
      )}
      {status === 'unreachable' && (
        <Notice role="note" data-testid="unreachable-note">
          <strong>Unreachable.</strong> {persona.label} cannot mount {column.component}
          {cell.unreachable?.decidedBy ? <> (denied by <span className="font-mono">{cell.unreachable.decidedBy}</span>{cell.unreachable.reason ? `: ${cell.unreachable.reason}` : ''})</> : ''}, so it can never call{' '}
          <span className="font-mono">{column.action}</span>. The trace below is what the engine decides if the component were mounted:{' '}
          {cell.verdict === 'allow' ? 'allowed' : 'denied'}.
        </Notice>
      )}
      {flag && (
        <Notice tone="warn" role="note" data-testid="undefined-allow-note">
          <strong>Suspect allow:</strong> {undefinedAllowText(flag)}. With{' '}
          {flag.payloadFields.map((f, i) => <span key={f}>{i > 0 ? ', ' : ''}<span className="font-mono">{f}</span></span>)} set to a value,{' '}
          {flag.probe.decidedBy ? <span className="font-mono">{flag.probe.decidedBy}</span> : 'the rule'} denies{flag.probe.reason ? ` (“${flag.probe.reason}”)` : ''}.
          Give the column a payload a real client would send, or make the rule fail closed when either side is missing.
        </Notice>
      )}
      <DecisionTrace title={`${persona.label} · ${target}`} decision={cell.decision} />
      <Button
        onClick={() =>
          onSaveAsTest({
            id: `${persona.id}-${column.component}-${column.kind === 'mount' ? 'mount' : column.action ?? ''}-${cell.verdict}`.toLowerCase(),
            persona: persona.id,
            component: column.component,
            kind: column.kind,
            ...(column.kind === 'action' ? { action: column.action ?? '' } : {}),
            ...(column.kind === 'action' && column.payload !== undefined ? { payload: column.payload as RuleTest['payload'] } : {}),
            expect: cell.verdict,
          })
        }
      >
        Save as test
      </Button>
    </div>
  )
}
