'use client'

import { useEffect, useState } from 'react'
import { metricsSchema, type MetricsView } from '@/lib/api/metrics'

export type Metrics = MetricsView
export type MetricsState = { phase: 'loading' } | { phase: 'ready'; metrics: Metrics } | { phase: 'error'; message: string; last?: Metrics }

/** Polls /api/metrics; keeps the last figures on screen when the server goes away. */
export function useMetrics(intervalMs = 2000, windowMinutes = 15): MetricsState {
  const [state, setState] = useState<MetricsState>({ phase: 'loading' })
  useEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const res = await fetch(`/api/metrics?windowMinutes=${windowMinutes}`, { cache: 'no-store' })
        if (!res.ok) throw new Error(`The server answered ${res.status}.`)
        const parsed = metricsSchema.safeParse(await res.json())
        if (!parsed.success) throw new Error('The server sent figures this page cannot read.')
        if (!cancelled) setState({ phase: 'ready', metrics: parsed.data })
      } catch (error) {
        if (!cancelled) {
          setState((prev) => ({
            phase: 'error',
            message: error instanceof TypeError ? 'The studio server is not reachable.' : (error as Error).message,
            ...(prev.phase === 'ready' ? { last: prev.metrics } : prev.phase === 'error' && prev.last ? { last: prev.last } : {}),
          }))
        }
      }
      if (!cancelled) timer = setTimeout(tick, intervalMs)
    }
    void tick()
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [intervalMs, windowMinutes])
  return state
}
