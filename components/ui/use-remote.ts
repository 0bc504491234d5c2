'use client'

import { useEffect, useState } from 'react'
import type { ApiResult } from '@/lib/api/call'
import { remoteOf, type Remote } from '@/lib/api/remote'

/**
 * Calls `load` on mount and again whenever `key` changes; an answer that
 * arrives after the component moved on is dropped. `load` should be a
 * module-level API function (it is not a dependency).
 */
export function useRemote<T>(load: () => Promise<ApiResult<T>>, key: unknown = 0): Remote<T> {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' })
  useEffect(() => {
    let cancelled = false
    void load().then((res) => {
      if (!cancelled) setState(remoteOf(res))
    })
    return () => {
      cancelled = true
    }
    // `load` is a stable module-level function in every caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return state
}
