'use client'

import { useEffect, useId, useRef } from 'react'
import type { ComponentsResponse } from '@/lib/api/decide'
import { ConnectionActivity } from './connection-activity'
import { ConnectionPanel } from './connection-panel'
import { useSessionSnapshot } from './live-provider'
import type { LiveSession } from './live-session'
import type { PersonaView } from './studio-api'
import type { Loadable } from './use-studio-data'

export interface ConnectionRowProps {
  readonly session: LiveSession
  readonly personas: Loadable<PersonaView[]>
  readonly components: Loadable<ComponentsResponse>
  /** Scroll to this connection and focus its heading (it was just opened from a link). */
  readonly focus: boolean
  readonly onFocused: () => void
  readonly onRemove: () => void
}

/** One connection and, beside it on wide screens (below it on narrow ones), its own decisions and frames. */
export function ConnectionRow({ session, personas, components, focus, onFocused, onRemove }: ConnectionRowProps) {
  const snapshot = useSessionSnapshot(session)
  const titleId = useId()
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    if (!focus) return
    ref.current?.scrollIntoView({ block: 'start' })
    document.getElementById(titleId)?.focus({ preventScroll: true })
    onFocused()
  }, [focus, onFocused, titleId])
  return (
    <section ref={ref} aria-labelledby={titleId} data-testid="connection" data-label={session.label} data-status={snapshot.view.status}
      className="grid scroll-mt-20 items-start gap-4 xl:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
      <ConnectionPanel session={session} snapshot={snapshot} titleId={titleId} personas={personas} components={components} onRemove={onRemove} />
      <ConnectionActivity session={session} snapshot={snapshot} />
    </section>
  )
}
