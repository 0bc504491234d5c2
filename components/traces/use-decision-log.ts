'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import {
  decisionPageSchema, decisionSummarySchema, matchesQuery, searchFromQuery,
  type DecisionQueryInput, type DecisionSummaryView,
} from '@/lib/api/decisions'
import { appendPage, mergeLive, summaryOfWritten } from './log-model'

export const PAGE_SIZE = 200
/** Live rows are applied at most this often, so a burst re-renders once. */
const FLUSH_MS = 250

export type StreamState = 'connecting' | 'live' | 'paused' | 'offline'

export interface DecisionLogState {
  readonly rows: readonly DecisionSummaryView[]
  readonly total: number | undefined
  readonly loading: boolean
  readonly error: string | undefined
  readonly hasMore: boolean
  readonly stream: StreamState
  /** Matching rows received while paused (shown on resume). */
  readonly pending: number
  loadMore(): void
  setPaused(paused: boolean): void
  reload(): void
}

async function fetchPage(query: DecisionQueryInput, before?: { at: number; id: number }, withTotal = false) {
  const params = searchFromQuery(query)
  params.set('limit', String(PAGE_SIZE))
  if (before) params.set('before', `${before.at}:${before.id}`)
  if (withTotal) params.set('total', '1')
  const res = await fetch(`/api/decisions?${params}`, { cache: 'no-store' })
  const body: unknown = await res.json().catch(() => ({}))
  if (!res.ok) throw new Error((body as { message?: string }).message ?? `The server answered ${res.status}`)
  return decisionPageSchema.parse(body)
}

/** The decision log for `query`: keyset pages on demand, plus live rows from the inspector stream. */
export function useDecisionLog(query: DecisionQueryInput): DecisionLogState {
  const [rows, setRows] = useState<DecisionSummaryView[]>([])
  const [next, setNext] = useState<{ at: number; id: number } | undefined>()
  const [total, setTotal] = useState<number | undefined>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | undefined>()
  const [stream, setStream] = useState<StreamState>('connecting')
  const [paused, setPausedState] = useState(false)
  const [pending, setPending] = useState(0)
  const [generation, setGeneration] = useState(0)
  const queryRef = useRef(query)
  const pausedRef = useRef(false)
  const buffer = useRef<DecisionSummaryView[]>([])
  const loadingMore = useRef(false)

  const key = `${searchFromQuery(query).toString()}#${generation}`
  // A new filter resets the counters during render (React's pattern for state derived from props).
  const [shownKey, setShownKey] = useState(key)
  if (shownKey !== key) {
    setShownKey(key)
    setPending(0)
    setLoading(true)
  }
  useEffect(() => {
    queryRef.current = query
    buffer.current = []
    let cancelled = false
    fetchPage(query, undefined, true).then((page) => {
      if (cancelled) return
      setRows(page.rows)
      setNext(page.next)
      setTotal(page.total)
      setError(undefined)
    }, (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e))).finally(() => !cancelled && setLoading(false))
    return () => { cancelled = true }
    // `key` stands for `query` (a new object on every render) and `generation`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  useEffect(() => {
    const source = new EventSource('/api/inspector/stream')
    source.onopen = () => setStream(pausedRef.current ? 'paused' : 'live')
    source.onerror = () => setStream('offline')
    source.addEventListener('decision', (event) => {
      let raw: unknown
      try {
        raw = JSON.parse((event as MessageEvent<string>).data)
      } catch {
        return
      }
      const row = decisionSummarySchema.safeParse(summaryOfWritten(raw))
      if (!row.success || !matchesQuery(row.data, queryRef.current)) return
      buffer.current.push(row.data)
      if (pausedRef.current) setPending(buffer.current.length)
    })
    const timer = setInterval(() => {
      if (pausedRef.current || buffer.current.length === 0) return
      const incoming = buffer.current
      buffer.current = []
      setRows((r) => mergeLive(r, incoming))
      setTotal((t) => (t === undefined ? t : t + incoming.reduce((n, r) => n + r.repeatCount, 0)))
    }, FLUSH_MS)
    return () => {
      clearInterval(timer)
      source.close()
    }
  }, [])

  const loadMore = useCallback(() => {
    if (!next || loadingMore.current) return
    loadingMore.current = true
    fetchPage(queryRef.current, next).then((page) => {
      setRows((r) => appendPage(r, page.rows))
      setNext(page.next)
    }, (e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => { loadingMore.current = false })
  }, [next])

  const setPaused = useCallback((value: boolean) => {
    pausedRef.current = value
    setPausedState(value)
    setStream((s) => (s === 'offline' ? s : value ? 'paused' : 'live'))
    if (!value) setPending(0)
  }, [])

  return {
    rows, total, loading, error, hasMore: next !== undefined, stream: paused && stream !== 'offline' ? 'paused' : stream, pending,
    loadMore, setPaused, reload: () => setGeneration((g) => g + 1),
  }
}
