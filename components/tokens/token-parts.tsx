import { cn } from '@/lib/utils'

// 700s in the light theme: rose-600 and sky-600 fall under 4.5:1 on the surface colour.
const PART_COLOURS = ['text-rose-700 dark:text-rose-400', 'text-violet-600 dark:text-violet-400', 'text-sky-700 dark:text-sky-400']
const PART_NAMES = ['header', 'payload', 'signature']

/** A compact token with its three parts coloured (header, payload, signature). */
export function TokenParts({ token, className }: { token: string; className?: string }) {
  const parts = token.split('.')
  return (
    <code data-testid="token-output" className={cn('block break-all rounded-md border border-line bg-surface p-3 font-mono text-xs leading-relaxed', className)}>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 && <span className="text-muted">.</span>}
          <span className={PART_COLOURS[index] ?? 'text-ink'} title={PART_NAMES[index]}>
            {part}
          </span>
        </span>
      ))}
    </code>
  )
}

/** The colour legend for TokenParts. */
export function TokenLegend() {
  return (
    <p className="flex gap-3 text-xs" aria-hidden="true">
      {PART_NAMES.map((name, index) => (
        <span key={name} className={PART_COLOURS[index]}>
          ■ {name}
        </span>
      ))}
    </p>
  )
}
