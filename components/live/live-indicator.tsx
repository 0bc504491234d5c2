'use client'

import Link from 'next/link'
import { useRegistrySnapshot } from './live-provider'

/** The shell's reminder that live tester connections stay open across pages: how many, and a way back to them. */
export function LiveIndicator() {
  const { open, connecting } = useRegistrySnapshot()
  if (open + connecting === 0) return null
  const count = open > 0 ? open : connecting
  const noun = count === 1 ? 'connection' : 'connections'
  const text = open > 0 ? `${count} live ${noun}` : `${count} connecting`
  // The name starts with the visible text (WCAG 2.5.3, label in name).
  const label = `${text}${open > 0 && connecting > 0 ? `, ${connecting} connecting` : ''}: go to the live tester`
  return (
    <Link
      href="/live"
      aria-label={label}
      title={label}
      data-testid="live-indicator"
      data-open={open}
      className="inline-flex items-center gap-2 rounded-full border border-line bg-surface px-2.5 py-1 text-xs font-medium text-ink hover:border-allow/60"
    >
      <span aria-hidden="true" className={open > 0 ? 'h-2 w-2 rounded-full bg-allow' : 'h-2 w-2 animate-pulse rounded-full bg-warn'} />
      <span aria-hidden="true">{text}</span>
    </Link>
  )
}
