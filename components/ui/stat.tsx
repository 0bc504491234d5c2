import type { ReactNode } from 'react'

/** A labelled value inside a description list. */
export function Stat({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="mt-1 truncate text-lg font-semibold tabular-nums" title={hint}>
        {children}
      </dd>
    </div>
  )
}
