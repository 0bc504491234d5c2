'use client'

import { useCallback, useEffect, useState } from 'react'
import { callApi } from '@/lib/api/call'
import { historyResponseSchema } from '@/lib/api/workspace'
import type { ImpactReport } from '@/lib/impact/types'

export type ImpactDraft = { readonly files: Readonly<Record<string, string>> } | { readonly version: number }
/** Which logged decisions to replay: the last N, or those in a time range (ms since epoch). */
export type ImpactWindow = { readonly last: number } | { readonly from: number; readonly to: number }
export type ImpactState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'ready'; report: ImpactReport; draftErrors: readonly { file: string; message: string }[] }
  | { phase: 'error'; message: string }

/** Runs POST /api/impact for a draft over a window of logged decisions. */
export function useImpact(draft: ImpactDraft | undefined): { state: ImpactState; run: (window: ImpactWindow) => void } {
  const [state, setState] = useState<ImpactState>({ phase: 'idle' })
  const run = useCallback((window: ImpactWindow) => {
    if (!draft) return
    setState({ phase: 'running' })
    fetch('/api/impact', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ draft, window }) })
      .then(async (res) => {
        const body = (await res.json()) as { report?: ImpactReport; draftErrors?: { file: string; message: string }[]; message?: string }
        if (!res.ok || !body.report) return setState({ phase: 'error', message: body.message ?? `The server answered ${res.status}` })
        setState({ phase: 'ready', report: body.report, draftErrors: body.draftErrors ?? [] })
      }, () => setState({ phase: 'error', message: 'The studio server is not reachable.' }))
  }, [draft])
  return { state, run }
}

export type Versions =
  | { phase: 'loading' }
  | { phase: 'error' }
  | { phase: 'ready'; current: number; list: readonly { version: number; message: string }[] }

/** The active workspace's saved versions (newest first), for picking what to replay against. */
export function useVersions(): Versions {
  const [state, setState] = useState<Versions>({ phase: 'loading' })
  useEffect(() => {
    let cancelled = false
    void callApi('/api/workspace/history', historyResponseSchema).then((res) => {
      if (!cancelled) setState(res.ok ? { phase: 'ready', current: res.value.current, list: res.value.versions } : { phase: 'error' })
    })
    return () => {
      cancelled = true
    }
  }, [])
  return state
}
