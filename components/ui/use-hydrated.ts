'use client'

import { useSyncExternalStore } from 'react'

const noSubscribe = () => () => {}

/**
 * False while the page as the server rendered it is not yet interactive (the
 * server render and hydration), true from then on. Controls rendered before
 * hydration are disabled: text typed or a choice made before then would be
 * reset by hydration, and a form submitted then would reload the page.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscribe, () => true, () => false)
}
