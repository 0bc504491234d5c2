import type { StepView } from '@/lib/api/decide'
import { cn } from '@/lib/utils'

// On their tinted backgrounds the theme's allow, deny and warn colours fall under 4.5:1 in the
// light theme, so badge text takes a darker shade there (the dark theme's are light enough).
const ALLOW_TEXT = 'text-green-800 dark:text-allow'
const DENY_TEXT = 'text-red-800 dark:text-deny'
const WARN_TEXT = 'text-amber-800 dark:text-warn'

const STEP_TONE: Record<StepView['outcome'], string> = {
  pass: `border-allow/40 bg-allow/10 ${ALLOW_TEXT}`,
  deny: `border-deny/40 bg-deny/10 ${DENY_TEXT}`,
  error: `border-warn/50 bg-warn/10 ${WARN_TEXT}`,
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
  const tone = verdict === 'ALLOW' ? `bg-allow/10 border-allow/40 ${ALLOW_TEXT}` : `bg-deny/10 border-deny/40 ${DENY_TEXT}`
  return <span className={cn('inline-flex w-14 justify-center rounded border px-1 py-0.5 font-mono text-xs font-bold', tone)}>{verdict}</span>
}
