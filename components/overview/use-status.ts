'use client'

import { useEffect, useState } from 'react'
import { statusSchema, type Status } from '@/lib/api/status'

export type StatusState =
  | { phase: 'loading' }
  | { phase: 'ready'; status: Status; receivedAt: number }
  | { phase: 'error'; message: string; last?: Status }

/** Polls `/api/status`; keeps the last good value on screen when the server goes away. */
export function useStatus(intervalMs = 2000): StatusState {
  const [state, setState] = useState<StatusState>({ phase: 'loading' })

  useEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const res = await fetch('/api/status', { cache: 'no-store' })
        if (!res.ok) throw new Error(`The server answered ${res.status}`)
        const status = statusSchema.parse(await res.json())
        if (!cancelled) setState({ phase: 'ready', status, receivedAt: Date.now() })
      } catch (error) {
        if (!cancelled) {
          setState((prev) => ({
            phase: 'error',
            message: error instanceof TypeError ? 'The studio server is not reachable.' : (error as Error).message,
            last: prev.phase === 'ready' ? prev.status : prev.phase === 'error' ? prev.last : undefined,
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
  }, [intervalMs])

  return state
}
