'use client'

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { ComponentsResponse } from '@/lib/api/decide'
import { onSettingsChanged } from '@/components/settings/settings-signal'
import { fetchComponents, fetchPersonas, type PersonaView } from './studio-api'

export type Loadable<T> = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly value: T } | { readonly phase: 'error'; readonly error: string }

/** Personas and the component palette of the active workspace, loaded once (reload on demand, and when a new version is saved). */
export function useStudioData() {
  const [personas, setPersonas] = useState<Loadable<PersonaView[]>>({ phase: 'loading' })
  const [components, setComponents] = useState<Loadable<ComponentsResponse>>({ phase: 'loading' })
  const fetchAll = useCallback(() => {
    void fetchPersonas().then((r) => setPersonas(r.ok ? { phase: 'ready', value: r.value } : { phase: 'error', error: r.error }))
    void fetchComponents().then((r) => setComponents(r.ok ? { phase: 'ready', value: r.value } : { phase: 'error', error: r.error }))
  }, [])
  useEffect(fetchAll, [fetchAll])
  // A settings save (here or in another tab) changes the profile and claim mapping shown and used here.
  useEffect(() => onSettingsChanged(() => {
    void fetchComponents().then((r) => r.ok && setComponents({ phase: 'ready', value: r.value }))
  }), [])
  const reload = useCallback(() => {
    setPersonas({ phase: 'loading' })
    setComponents({ phase: 'loading' })
    fetchAll()
  }, [fetchAll])
  const current = useWorkspaceVersion()
  const shown = components.phase === 'ready' ? components.value.workspaceVersion : undefined
  useEffect(() => {
    if (current !== undefined && shown !== undefined && current !== shown) {
      void fetchComponents().then((r) => r.ok && setComponents({ phase: 'ready', value: r.value }))
    }
  }, [current, shown])
  return { personas, components, reload }
}

// The workspace's current version, shared by every card on the page: one poll
// (every 5 s and when the window regains focus) while anything listens.
const POLL_MS = 5000
let currentVersion: number | undefined
const listeners = new Set<() => void>()
let stopPolling: (() => void) | undefined

/** Fetches the current version now; resolves with it (or the last known one when the fetch fails). */
export async function refreshWorkspaceVersion(): Promise<number | undefined> {
  const r = await fetchComponents()
  if (r.ok && r.value.workspaceVersion !== currentVersion) {
    currentVersion = r.value.workspaceVersion
    listeners.forEach((l) => l())
  }
  return currentVersion
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!stopPolling) {
    const tick = () => void refreshWorkspaceVersion()
    const timer = setInterval(tick, POLL_MS)
    window.addEventListener('focus', tick)
    stopPolling = () => {
      clearInterval(timer)
      window.removeEventListener('focus', tick)
    }
    tick()
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) {
      stopPolling?.()
      stopPolling = undefined
    }
  }
}

/** The active workspace's current version (undefined until first known). */
export function useWorkspaceVersion(): number | undefined {
  return useSyncExternalStore(subscribe, () => currentVersion, () => undefined)
}

/** The tester's hot-load notice: set when a component runs an older version than the current one. */
export function staleVersionNote(mountedVersion: number | undefined, current: number | undefined): string | undefined {
  if (mountedVersion === undefined || current === undefined || mountedVersion >= current) return undefined
  return `runs workspace v${mountedVersion}; v${current} is current — re-mount to use it`
}
