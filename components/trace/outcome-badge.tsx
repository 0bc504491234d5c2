import type { StepView } from '@/lib/api/decide'
import { cn } from '@/lib/utils'

const STEP_TONE: Record<StepView['outcome'], string> = {
  pass: 'border-allow/40 bg-allow/10 text-allow',
  deny: 'border-deny/40 bg-deny/10 text-deny',
  error: 'border-warn/50 bg-warn/10 text-warn',
  skip: 'border-line bg-surface text-muted',
}

/** pass / deny / skip / error, as text (never colour alone). */
export function OutcomeBadge({ outcome, className }: { outcome: StepView['outcome']; className?: string }) {
  return (
    <span className={cn('inline-flex w-12 justify-center rounded border px-1 py-0.5 font-mono text-[11px] font-semibold uppercase', STEP_TONE[outcome], className)}>
      {outcome}
    </span>
  )
}

/** ALLOW / DENY for a whole decision. */
export function VerdictBadge({ verdict }: { verdict: 'ALLOW' | 'DENY' }) {
  const tone = verdict === 'ALLOW' ? 'bg-allow/15 text-allow border-allow/40' : 'bg-deny/15 text-deny border-deny/40'
  return <span className={cn('inline-flex w-14 justify-center rounded border px-1 py-0.5 font-mono text-xs font-bold', tone)}>{verdict}</span>
}
