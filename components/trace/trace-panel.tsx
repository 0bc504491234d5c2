'use client'

import { useState, type ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Select } from '@/components/ui/field'
import { TraceItem } from './trace-item'
import { summarizeTrace, type TraceEntry } from './trace-format'

type VerdictFilter = 'all' | 'deny' | 'allow'

/**
 * Decisions, newest first, each opening into its layers. The newest one is
 * announced politely to screen readers.
 */
export function TracePanel({ entries, status, onClear, empty, actionsFor }: { entries: readonly TraceEntry[]; status?: ReactNode; onClear?: () => void; empty?: ReactNode; actionsFor?: (entry: TraceEntry) => ReactNode }) {
  const [filter, setFilter] = useState<VerdictFilter>('all')
  const shown = filter === 'all' ? entries : entries.filter((e) => e.decision.verdict === filter)
  const newest = entries[0]
  const announce = newest ? announcement(newest) : ''
  return (
    <Card aria-labelledby="trace-title">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <CardTitle id="trace-title">Decision trace</CardTitle>
          {status}
        </div>
        <div className="flex items-center gap-2">
          <label htmlFor="trace-filter" className="text-xs text-muted">Show</label>
          <div className="w-32">
            <Select id="trace-filter" value={filter} onChange={(e) => setFilter(e.target.value as VerdictFilter)}>
              <option value="all">All</option>
              <option value="deny">Denied</option>
              <option value="allow">Allowed</option>
            </Select>
          </div>
          {onClear && <Button onClick={onClear} disabled={entries.length === 0}>Clear</Button>}
        </div>
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true">{announce}</p>
      {shown.length === 0 ? (
        <div className="mt-3 rounded-md border border-dashed border-line p-4 text-sm text-muted">
          {entries.length === 0 ? (empty ?? 'No decisions yet.') : 'No decision matches this filter.'}
        </div>
      ) : (
        <ul className="mt-3 space-y-2" aria-label="Decisions, newest first">
          {shown.map((entry, i) => <TraceItem key={entry.key} entry={entry} defaultOpen={i === 0 && entry.decision.verdict === 'deny'} actions={actionsFor?.(entry)} />)}
        </ul>
      )}
    </Card>
  )
}

function announcement(entry: TraceEntry): string {
  const s = summarizeTrace(entry.decision, entry.meta)
  const flag = entry.comparison?.agreement.status === 'disagree' ? ' Server and studio disagree.' : ''
  return `${s.verdict === 'ALLOW' ? 'Allowed' : 'Denied'}: ${s.message} ${s.target}. ${s.reason}.${flag}`
}
