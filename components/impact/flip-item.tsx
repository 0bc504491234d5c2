'use client'

import { useId, useState } from 'react'
import { z } from 'zod'
import { VerdictBadge } from '@/components/trace/outcome-badge'
import { StepList } from '@/components/trace/step-list'
import { Badge } from '@/components/ui/notice'
import { stepSchema } from '@/lib/api/decide'
import type { ImpactFlip } from '@/lib/impact/types'
import { cn } from '@/lib/utils'

const steps = (trace: unknown) => {
  const parsed = z.array(stepSchema).safeParse(trace)
  return parsed.success ? parsed.data : []
}
const upper = (v: 'allow' | 'deny') => (v === 'allow' ? 'ALLOW' : 'DENY') as 'ALLOW' | 'DENY'

/** One flipped decision: old -> new verdict, opening into both traces side by side. */
export function FlipItem({ flip }: { flip: ImpactFlip }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const widening = flip.direction === 'widening'
  const target = flip.action ? `${flip.component ?? ''}.${flip.action}` : (flip.component ?? '')
  return (
    <li className={cn('rounded-md border', widening ? 'border-warn/60 bg-warn/10' : 'border-line bg-panel')} data-testid="impact-flip" data-direction={flip.direction}>
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-left">
        <span aria-hidden="true" className={cn('inline-block w-3 text-muted transition', open && 'rotate-90')}>▸</span>
        <Badge tone={widening ? 'warn' : 'info'}>{widening ? 'WIDENS' : 'narrows'}</Badge>
        <VerdictBadge verdict={upper(flip.from)} />
        <span aria-label="becomes">→</span>
        <VerdictBadge verdict={upper(flip.to)} />
        <span className="font-mono text-xs text-muted">{flip.kind}</span>
        <span className="font-mono text-sm font-medium">{target}</span>
        <span className="text-sm text-muted">{flip.persona ?? 'anonymous'}</span>
        <span className="ml-auto font-mono text-xs text-muted">#{flip.id} · {new Date(flip.at).toLocaleTimeString()}</span>
      </button>
      <div id={id} hidden={!open} className="grid gap-3 border-t border-line p-3 lg:grid-cols-2">
        <section aria-label="Logged trace">
          <h4 className="mb-1 text-xs font-semibold uppercase text-muted">Logged ({flip.from}){flip.oldReason ? `: ${flip.oldReason}` : ''}</h4>
          <StepList steps={steps(flip.oldTrace)} />
        </section>
        <section aria-label="Trace under the draft">
          <h4 className="mb-1 text-xs font-semibold uppercase text-muted">With the draft ({flip.to}){flip.newReason ? `: ${flip.newReason}` : ''}</h4>
          <StepList steps={steps(flip.newDecision.trace)} />
        </section>
      </div>
    </li>
  )
}
