import type { HTMLAttributes } from 'react'
import { cn } from '@/lib/utils'

type Tone = 'info' | 'allow' | 'deny' | 'warn'

const tones: Record<Tone, string> = {
  info: 'border-line bg-surface text-ink',
  allow: 'border-allow/40 bg-allow/10 text-ink',
  deny: 'border-deny/40 bg-deny/10 text-ink',
  warn: 'border-warn/50 bg-warn/10 text-ink',
}

/** A bordered message box; pass role="alert" or "status" as fits. */
export function Notice({ tone = 'info', className, ...props }: HTMLAttributes<HTMLDivElement> & { tone?: Tone }) {
  return <div className={cn('rounded-md border px-3 py-2 text-sm', tones[tone], className)} {...props} />
}

/** A small inline label: a code, an algorithm, a severity. */
export function Badge({ tone = 'info', className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: Tone }) {
  const text = { info: 'text-muted', allow: 'text-allow', deny: 'text-deny', warn: 'text-warn' }[tone]
  return <span className={cn('inline-flex items-center rounded border border-current/30 px-1.5 py-0.5 font-mono text-[11px] font-medium', text, className)} {...props} />
}
