'use client'

import { useCallback, useEffect, useState } from 'react'
import type { ComponentsResponse } from '@/lib/api/decide'
import { fetchComponents, fetchPersonas, type PersonaView } from './studio-api'

export type Loadable<T> = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly value: T } | { readonly phase: 'error'; readonly error: string }

/** Personas and the component palette of the active workspace, loaded once (reload on demand). */
export function useStudioData() {
  const [personas, setPersonas] = useState<Loadable<PersonaView[]>>({ phase: 'loading' })
  const [components, setComponents] = useState<Loadable<ComponentsResponse>>({ phase: 'loading' })
  const fetchAll = useCallback(() => {
    void fetchPersonas().then((r) => setPersonas(r.ok ? { phase: 'ready', value: r.value } : { phase: 'error', error: r.error }))
    void fetchComponents().then((r) => setComponents(r.ok ? { phase: 'ready', value: r.value } : { phase: 'error', error: r.error }))
  }, [])
  useEffect(fetchAll, [fetchAll])
  const reload = useCallback(() => {
    setPersonas({ phase: 'loading' })
    setComponents({ phase: 'loading' })
    fetchAll()
  }, [fetchAll])
  return { personas, components, reload }
}
