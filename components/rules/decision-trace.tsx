/** One decision with its verdict line and layer-by-layer steps (the trace view's step list). */
import type { DecisionView } from '@/lib/api/decide'
import { StepList } from '@/components/trace/step-list'
import { Badge } from '@/components/ui/notice'

export function DecisionTrace({ title, decision }: { title: string; decision: DecisionView }) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={decision.verdict === 'allow' ? 'allow' : 'deny'}>{decision.verdict.toUpperCase()}</Badge>
        <span className="font-medium">{title}</span>
        {decision.decidedBy && <span className="text-muted">decided by <span className="font-mono">{decision.decidedBy}</span></span>}
        <span className="font-mono text-xs text-muted">profile {decision.profile}</span>
      </div>
      {decision.reason && <p className="text-sm">{decision.reason}</p>}
      <StepList steps={decision.trace} />
    </div>
  )
}
