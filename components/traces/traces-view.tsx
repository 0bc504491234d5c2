'use client'

import { useCallback, useEffect, useMemo, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import { searchFromQuery, type DecisionQueryInput } from '@/lib/api/decisions'
import { DecisionDetail } from './decision-detail'
import { DecisionRow, ROW_HEIGHT } from './decision-row'
import { formToQuery, type FilterForm } from './filter-form'
import { FiltersBar } from './filters-bar'
import { RetentionForm } from './retention-form'
import { useDecisionLog, type StreamState } from './use-decision-log'
import { VirtualList } from './virtual-list'

const DEBOUNCE_MS = 300

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

const STREAM_TEXT: Record<StreamState, string> = { connecting: 'Connecting…', live: 'Live', paused: 'Paused', offline: 'Stream offline' }

/** The /traces page: filters, the virtualized log with live rows, and the selected decision. */
export function TracesView({ initialForm, initialId }: { initialForm: FilterForm; initialId?: number }) {
  const [form, setForm] = useState(initialForm)
  const [selected, setSelected] = useState<number | undefined>(initialId)
  const debounced = useDebounced(form, DEBOUNCE_MS)
  const parsed = useMemo(() => formToQuery(debounced), [debounced])
  const query: DecisionQueryInput = parsed.query
  const log = useDecisionLog(query)
  const search = searchFromQuery(query).toString()

  useEffect(() => {
    const url = `${window.location.pathname}${search ? `?${search}` : ''}`
    window.history.replaceState(null, '', url)
  }, [search])

  const open = useCallback((id: number) => setSelected(id), [])
  const paused = log.stream === 'paused'
  return (
    <div className="space-y-4">
      <Card aria-labelledby="filters-title">
        <CardTitle id="filters-title">Filters</CardTitle>
        <FiltersBar form={form} onChange={setForm} {...(parsed.error ? { error: parsed.error } : {})} />
      </Card>
      <Card aria-labelledby="log-title">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <div className="flex items-center gap-3">
            <CardTitle id="log-title">Decisions</CardTitle>
            <p className="mb-3 text-sm text-muted" role="status" data-testid="log-count">
              {log.total === undefined ? '…' : log.total > 1_000 ? 'More than 1,000 matching' : `${log.total.toLocaleString()} matching`}{log.pending > 0 ? ` · ${log.pending} new while paused` : ''}
            </p>
          </div>
          <div className="mb-3 flex items-center gap-2">
            <span className="inline-flex items-center gap-2 text-xs text-muted" data-testid="stream-state">
              <span aria-hidden="true" className={`h-2 w-2 rounded-full ${log.stream === 'live' ? 'animate-pulse bg-allow' : log.stream === 'offline' ? 'bg-deny' : 'bg-muted'}`} />
              {STREAM_TEXT[log.stream]}
            </span>
            <Button onClick={() => log.setPaused(!paused)} aria-pressed={paused}>{paused ? 'Resume' : 'Pause'}</Button>
            <a className="inline-flex items-center rounded-md border border-line bg-panel px-3 py-1.5 text-sm font-medium hover:bg-surface" href={`/api/decisions/export${search ? `?${search}` : ''}`} download>
              Export JSONL
            </a>
          </div>
        </div>
        {log.error && <Notice tone="deny" role="alert" className="mb-3">{log.error}</Notice>}
        {!log.loading && log.rows.length === 0 ? (
          <div className="rounded-md border border-dashed border-line p-6 text-center text-sm text-muted">
            No decision matches. Decisions appear here as soon as the live server makes them (connect on the Live page).
          </div>
        ) : (
          <VirtualList
            items={log.rows}
            rowHeight={ROW_HEIGHT}
            height={Math.min(528, Math.max(ROW_HEIGHT * 4, log.rows.length * ROW_HEIGHT))}
            label="Decisions, newest first"
            getKey={(r) => r.id}
            onEndReached={log.hasMore ? log.loadMore : undefined}
            renderRow={(row) => <DecisionRow row={row} selected={row.id === selected} onOpen={open} />}
          />
        )}
      </Card>
      {selected !== undefined && <DecisionDetail key={selected} id={selected} onClose={() => setSelected(undefined)} />}
      <Card aria-labelledby="retention-title">
        <CardTitle id="retention-title">Retention</CardTitle>
        <RetentionForm />
      </Card>
    </div>
  )
}
