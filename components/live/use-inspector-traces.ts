'use client'

import { useEffect, useState } from 'react'
import { parseInspectorData } from '@/components/trace/trace-record'
import type { TraceEntry } from '@/components/trace/trace-format'

export type StreamState = 'connecting' | 'open' | 'error'

/**
 * Subscribes to the admin-only inspector stream and hands over the decisions
 * of this page's own connections (`labelOf` returns undefined for others).
 */
export function useInspectorTraces(labelOf: (connectionId: string) => string | undefined, onTrace: (entry: TraceEntry) => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting')
  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    const source = new EventSource('/api/inspector/stream')
    source.onopen = () => setState('open')
    // EventSource retries by itself; the state says so meanwhile.
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'error' : 'connecting')
    const onDecision = (event: MessageEvent<string>) => {
      const parsed = parseInspectorData(event.data)
      if (!parsed || parsed.connectionId === undefined) return
      const label = labelOf(parsed.connectionId)
      if (label === undefined) return
      onTrace({ ...parsed.entry, meta: { ...parsed.entry.meta, connection: label } })
    }
    source.addEventListener('decision', onDecision)
    return () => {
      source.removeEventListener('decision', onDecision)
      source.close()
    }
  }, [labelOf, onTrace])
  return state
}
