import Link from 'next/link'
import type { ReactNode } from 'react'

/**
 * A horizontal bar chart drawn with plain elements: each bar is a row with its
 * label and value in text, so the chart is its own accessible equivalent. A bar
 * with an `href` links to the decisions it counts.
 */
export function BarList({ items, label, tone = 'deny', empty, format = String }: {
  items: readonly { key: string; label: string; value: number; note?: string; href?: string }[]
  label: string
  tone?: 'deny' | 'accent' | 'warn'
  /** What to say, and where to go next, when there is nothing to draw. */
  empty: ReactNode
  format?: (n: number) => string
}) {
  if (items.length === 0) return <div className="text-sm text-muted" data-testid="bar-list-empty">{empty}</div>
  const max = Math.max(1, ...items.map((i) => i.value))
  const fill = { deny: 'bg-deny/70', accent: 'bg-accent/70', warn: 'bg-warn/70' }[tone]
  return (
    <ol aria-label={label} className="space-y-1.5">
      {items.map((item) => (
        <li key={item.key} className="text-sm">
          <div className="flex items-baseline justify-between gap-2">
            {item.href ? (
              <Link href={item.href} className="min-w-0 truncate font-mono text-xs hover:underline" title={`${item.label}: open these decisions in Traces`}>{item.label}</Link>
            ) : (
              <span className="min-w-0 truncate font-mono text-xs" title={item.label}>{item.label}</span>
            )}
            <span className="shrink-0 font-mono text-xs tabular-nums">{format(item.value)}{item.note ? <span className="text-muted"> {item.note}</span> : null}</span>
          </div>
          <div className="mt-0.5 h-1.5 rounded bg-line" aria-hidden="true">
            <div className={`h-1.5 rounded ${fill}`} style={{ width: `${Math.max(2, (item.value / max) * 100)}%` }} />
          </div>
        </li>
      ))}
    </ol>
  )
}
