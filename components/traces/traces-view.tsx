'use client'

import Link from 'next/link'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { Notice } from '@/components/ui/notice'
import { searchFromQuery, type DecisionQueryInput } from '@/lib/api/decisions'
import { plural } from '@/lib/utils'
import { DecisionGrid } from './decision-grid'
import { ROW_HEIGHT } from './decision-row'
import { DetailPanel } from './detail-panel'
import { activeFilterCount, EMPTY_FORM, formToQuery, type FilterForm } from './filter-form'
import { FiltersBar } from './filters-bar'
import { RetentionForm } from './retention-form'
import { useDecisionLog, type StreamState } from './use-decision-log'
import { useDetailUrl } from './use-detail-url'
import { useFacets } from './use-facets'
import { withFilter } from './url-state'

const DEBOUNCE_MS = 300
const LIST_HEIGHT = 12 * ROW_HEIGHT

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

const STREAM_TEXT: Record<StreamState, string> = { connecting: 'Connecting…', live: 'Live', paused: 'Paused', offline: 'Stream offline' }

/** The count line; while a filter is being asked for, "Counting…" rather than the previous filter's number. */
function countText(total: number | undefined, pending: number, counting: boolean): string {
  const matching = counting || total === undefined ? 'Counting…' : total > 1_000 ? 'More than 1,000 matching' : `${total.toLocaleString('en-US')} matching`
  return pending > 0 ? `${matching} · ${plural(pending, 'new decision')} while paused` : matching
}

/** What the list shows instead of rows: loading, an empty log, or a filter that matches nothing. */
function EmptyList({ loading, filtered, mismatchOnly, onClear }: { loading: boolean; filtered: boolean; mismatchOnly: boolean; onClear: () => void }) {
  if (loading) {
    return (
      <div aria-busy="true" className="space-y-2 rounded-md border border-line p-3" data-testid="log-loading">
        <p className="text-sm text-muted">Loading decisions…</p>
        {[0, 1, 2].map((i) => <div key={i} className="h-7 animate-pulse rounded bg-line" aria-hidden="true" />)}
      </div>
    )
  }
  return (
    <div className="rounded-md border border-dashed border-line p-6 text-center text-sm" data-testid="log-empty">
      {filtered ? (
        <>
          <p className="font-medium">{mismatchOnly ? 'No mismatch: every observed decision that matches these filters agrees with the workspace.' : 'No decision matches these filters.'}</p>
          <p className="mt-1 text-muted">New decisions that match appear here as they are made.</p>
          <Button className="mt-3" onClick={onClear}>Clear filters</Button>
        </>
      ) : (
        <>
          <p className="font-medium">No decisions yet — open the live tester to make some.</p>
          <p className="mt-1 text-muted">Every mount, action, room and property decision of the live server lands here, newest first, as it is made.</p>
          <Link href="/live" className="mt-3 inline-flex items-center rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 dark:text-slate-950">Open the live tester</Link>
        </>
      )}
    </div>
  )
}

/** The /traces page: filters, the log as a keyboard-driven grid with live rows, and the open decision in a side panel. */
export function TracesView({ initialForm }: { initialForm: FilterForm }) {
  const [form, setForm] = useState(initialForm)
  const debounced = useDebounced(form, DEBOUNCE_MS)
  const parsed = useMemo(() => formToQuery(debounced), [debounced])
  const query: DecisionQueryInput = parsed.query
  const log = useDecisionLog(query)
  const search = searchFromQuery(query).toString()
  const detail = useDetailUrl()
  const facets = useFacets()
  const gridRef = useRef<HTMLDivElement>(null)

  // The filter lives in the URL too (replacing the entry: typing is not history); the open decision is kept.
  useEffect(() => {
    const { pathname, search: current } = window.location
    const next = withFilter(current, new URLSearchParams(search))
    if (next !== current) window.history.replaceState(null, '', `${pathname}${next}`)
  }, [search])

  const { close } = detail
  const closeDetail = useCallback((returnFocus: boolean) => {
    const id = detail.id
    close()
    if (!returnFocus || id === undefined) return
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>(`[data-testid="decision-row"][data-id="${id}"]`)?.focus())
  }, [close, detail.id])

  const paused = log.stream === 'paused'
  // The filter typed but not yet asked for (debounced) counts as loading for the count line.
  const counting = log.loading || form !== debounced
  const filtered = activeFilterCount(form) > 0
  return (
    <div className="space-y-4">
      <Card aria-labelledby="filters-title">
        <CardTitle id="filters-title">Filters</CardTitle>
        <FiltersBar form={form} onChange={setForm} facets={facets} {...(parsed.error ? { error: parsed.error } : {})} />
      </Card>
      <div className="flex items-start gap-4">
        <Card aria-labelledby="log-title" className="min-w-0 flex-1">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <div className="flex items-center gap-3">
              <CardTitle id="log-title">Decisions</CardTitle>
              <p className="mb-3 text-sm text-muted" role="status" aria-busy={counting} data-testid="log-count">{countText(log.total, log.pending, counting)}</p>
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
          {log.error && (
            <Notice tone="deny" role="alert" className="mb-3 flex flex-wrap items-center justify-between gap-2">
              <span>{log.error}</span>
              <Button variant="ghost" onClick={log.reload}>Retry</Button>
            </Notice>
          )}
          {log.rows.length === 0 ? (
            log.error ? null : <EmptyList loading={log.loading} filtered={filtered} mismatchOnly={query.mismatch === true} onClear={() => setForm(EMPTY_FORM)} />
          ) : (
            // While a new filter loads, the rows of the old one stay, dimmed.
            <div ref={gridRef} aria-busy={log.loading} className={log.loading ? 'opacity-60 transition-opacity' : 'transition-opacity'}>
              <DecisionGrid
                rows={log.rows}
                selectedId={detail.id}
                height={Math.min(LIST_HEIGHT, Math.max(ROW_HEIGHT * 4, log.rows.length * ROW_HEIGHT))}
                label="Decisions, newest first"
                onOpen={detail.open}
                {...(log.hasMore ? { onEndReached: log.loadMore } : {})}
              />
              <p className="mt-2 text-xs text-muted">
                <kbd className="font-mono">↑</kbd> <kbd className="font-mono">↓</kbd> move between rows · <kbd className="font-mono">Enter</kbd> opens a decision · <kbd className="font-mono">Esc</kbd> closes it
              </p>
            </div>
          )}
        </Card>
        {detail.id !== undefined && <DetailPanel id={detail.id} onClose={closeDetail} />}
      </div>
      <p className="sr-only" role="status">{detail.id !== undefined ? `Decision ${detail.id} is open in the side panel; Escape closes it.` : ''}</p>
      <Card aria-labelledby="retention-title">
        <CardTitle id="retention-title">Retention</CardTitle>
        <RetentionForm />
      </Card>
    </div>
  )
}
