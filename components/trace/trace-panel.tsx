'use client'

import { useId, useState, type ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/field'
import { TraceItem } from './trace-item'
import { summarizeTrace, type TraceEntry } from './trace-format'

type VerdictFilter = 'all' | 'deny' | 'allow'

/**
 * Decisions, newest first, each opening into its layers, with a verdict
 * filter. The newest one is announced politely to screen readers unless the
 * caller announces it itself (`announce={false}`, e.g. when the panel can be hidden).
 */
export function TracePanel({ entries, onClear, empty, actionsFor, announce = true }: { entries: readonly TraceEntry[]; onClear?: () => void; empty?: ReactNode; actionsFor?: (entry: TraceEntry) => ReactNode; announce?: boolean }) {
  const id = useId()
  const [filter, setFilter] = useState<VerdictFilter>('all')
  const shown = filter === 'all' ? entries : entries.filter((e) => e.decision.verdict === filter)
  const newest = entries[0]
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <label htmlFor={`${id}-filter`} className="text-xs text-muted">Show</label>
        <div className="w-32">
          <Select id={`${id}-filter`} value={filter} onChange={(e) => setFilter(e.target.value as VerdictFilter)}>
            <option value="all">All</option>
            <option value="deny">Denied</option>
            <option value="allow">Allowed</option>
          </Select>
        </div>
        {onClear && <Button onClick={onClear} disabled={entries.length === 0} aria-label="Clear decisions">Clear</Button>}
      </div>
      {announce && <p className="sr-only" aria-live="polite" aria-atomic="true">{newest ? traceAnnouncement(newest) : ''}</p>}
      {shown.length === 0 ? (
        <div className="rounded-md border border-dashed border-line p-4 text-sm text-muted">
          {entries.length === 0 ? (empty ?? 'No decisions yet.') : 'No decision matches this filter.'}
        </div>
      ) : (
        <ul className="space-y-2" aria-label="Decisions, newest first">
          {shown.map((entry, i) => <TraceItem key={entry.key} entry={entry} defaultOpen={i === 0 && entry.decision.verdict === 'deny'} actions={actionsFor?.(entry)} />)}
        </ul>
      )}
    </div>
  )
}

/** 'Denied: COMPONENT_MOUNT AdminPanel. AUTH_DENIED: …': what a screen reader hears about a new decision. */
export function traceAnnouncement(entry: TraceEntry): string {
  const s = summarizeTrace(entry.decision, entry.meta)
  const flag = entry.comparison?.agreement.status === 'disagree' ? ' Server and studio disagree.' : ''
  return `${s.verdict === 'ALLOW' ? 'Allowed' : 'Denied'}: ${s.message} ${s.target}. ${s.reason}.${flag}`
}
