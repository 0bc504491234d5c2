'use client'

import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import { readDraft } from '@/components/rules/draft-store'
import { LiveClient } from '@/lib/live/client'
import { LiveRegistry, type RegistryDeps, type RegistrySnapshot } from './live-registry'
import type { LiveSession, SessionSnapshot } from './live-session'
import { builtInLiveUrl, isBuiltInUrl } from './live-url'
import { fetchComponents, fetchPersonas, mintPersonaToken, predict } from './studio-api'
import { refreshWorkspaceVersion } from './use-studio-data'

const RegistryContext = createContext<LiveRegistry | null>(null)

/** The browser's implementations; nothing here runs before it is called (the registry is also built during the server render). */
function browserDeps(): RegistryDeps {
  return {
    createClient: () => new LiveClient({ requestTimeoutMs: 8000 }),
    isBuiltIn: (url) => isBuiltInUrl(url, window.location),
    workspaceVersion: refreshWorkspaceVersion,
    autopilot: { liveUrl: () => builtInLiveUrl(window.location), personas: fetchPersonas, mintToken: (persona) => mintPersonaToken(persona) },
    openStream: () => (typeof EventSource === 'undefined' ? undefined : new EventSource('/api/inspector/stream')),
    predict,
    draftFiles: async () => {
      const components = await fetchComponents()
      return components.ok ? readDraft(window.localStorage, components.value.workspaceId)?.files : undefined
    },
  }
}

/**
 * Owns the live tester's connections for the whole studio shell: they stay
 * open while the user moves between pages, and close only when asked (or
 * when the tab goes away).
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new LiveRegistry(browserDeps()))
  useEffect(() => () => registry.closeAll(), [registry])
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>
}

export function useLiveRegistry(): LiveRegistry {
  const registry = useContext(RegistryContext)
  if (registry === null) throw new Error('useLiveRegistry: render inside <LiveProvider> (app/(studio)/layout.tsx mounts it)')
  return registry
}

export function useRegistrySnapshot(): RegistrySnapshot {
  const registry = useLiveRegistry()
  return useSyncExternalStore(registry.subscribe, registry.getSnapshot, registry.getSnapshot)
}

export function useSessionSnapshot(session: LiveSession): SessionSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot)
}
