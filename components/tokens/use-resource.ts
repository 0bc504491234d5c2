'use client'

import { useCallback, useEffect, useState } from 'react'
import { errorText } from './api'

export type Resource<T> =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly value: T }
  | { readonly phase: 'error'; readonly message: string }

/** Loads a value once and on `reload()`; keeps the old value out of sight while it fails. */
export function useResource<T>(load: () => Promise<T>): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>({ phase: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    let cancelled = false
    load().then(
      (value) => !cancelled && setState({ phase: 'ready', value }),
      (error: unknown) => !cancelled && setState({ phase: 'error', message: errorText(error) }),
    )
    return () => {
      cancelled = true
    }
    // `load` is a stable module-level function in every caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [round])
  const reload = useCallback(() => setRound((n) => n + 1), [])
  return [state, reload]
}
