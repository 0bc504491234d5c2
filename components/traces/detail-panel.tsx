'use client'

import { useEffect, useRef } from 'react'
import { CopyButton } from '@/components/ui/copy-button'
import { Button } from '@/components/ui/button'
import { DecisionDetail } from './decision-detail'

const FIELD = 'input, textarea, select, [contenteditable="true"]'

/**
 * The open decision beside the list (an overlay on the right below 1280 px), with a
 * link of its own (/traces?id=123). Escape closes it, except while typing in a field.
 */
export function DetailPanel({ id, onClose }: { id: number; onClose: (returnFocus: boolean) => void }) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      const target = e.target instanceof Element ? e.target : null
      if (target?.closest(FIELD) || target?.closest('[role="dialog"], [role="menu"], [role="listbox"]')) return
      e.preventDefault()
      // Focus inside the panel (or nowhere) goes back to the decision's row; elsewhere it stays.
      onClose(!target || target === document.body || (ref.current?.contains(target) ?? false))
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  const href = typeof window === 'undefined' ? `/traces?id=${id}` : `${window.location.origin}/traces?id=${id}`
  return (
    <aside
      ref={ref}
      aria-labelledby="detail-title"
      data-testid="detail-panel"
      className="fixed bottom-0 right-0 top-14 z-30 w-[min(36rem,100vw)] overflow-y-auto border-l border-line bg-panel p-4 shadow-2xl xl:sticky xl:top-[4.5rem] xl:z-auto xl:h-[calc(100vh-5.5rem)] xl:w-[clamp(26rem,36%,44rem)] xl:shrink-0 xl:rounded-lg xl:border xl:shadow-sm"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="detail-title" className="text-sm font-semibold uppercase tracking-wide text-muted">Decision #{id}</h2>
        <div className="flex items-center gap-1">
          <CopyButton text={href} label="Copy link" />
          <Button variant="ghost" onClick={() => onClose(true)} aria-label="Close decision details" title="Close (Escape)">Close</Button>
        </div>
      </div>
      <DecisionDetail key={id} id={id} />
    </aside>
  )
}
