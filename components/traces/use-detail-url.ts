'use client'

import { useSearchParams } from 'next/navigation'
import { useCallback } from 'react'
import { detailIdFrom, withDetail } from './url-state'

export interface DetailUrl {
  /** The decision open in the side panel (`?id=` of the URL). */
  readonly id: number | undefined
  /** Opens a decision: a new history entry, so Back returns to the previous one. */
  open(id: number): void
  close(): void
}

function push(id: number | undefined): void {
  const { pathname, search } = window.location
  const next = withDetail(search, id)
  if (next === search) return
  // Next.js keeps useSearchParams in step with the History API (and restores these entries on back/forward).
  window.history.pushState(null, '', `${pathname}${next}`)
}

/** The open decision lives in the URL: /traces?id=123 opens it directly, back/forward move between opened decisions. */
export function useDetailUrl(): DetailUrl {
  const params = useSearchParams()
  const id = detailIdFrom(params)
  const open = useCallback((next: number) => push(next), [])
  const close = useCallback(() => push(undefined), [])
  return { id, open, close }
}
