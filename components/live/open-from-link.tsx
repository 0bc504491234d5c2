'use client'

import { useEffect } from 'react'
import { useRouter, useSearchParams } from 'next/navigation'
import { useLiveRegistry } from './live-provider'

/**
 * "Open in live tester" links (`/live?persona&component&action&payload`):
 * hands the query to the shell's connections, which connect, authenticate and
 * mount by themselves, then drops it from the address so a reload or a later
 * visit does not run it again. Renders nothing.
 */
export function OpenFromLink() {
  const search = useSearchParams().toString()
  const registry = useLiveRegistry()
  const router = useRouter()
  useEffect(() => {
    if (registry.openFromQuery(search)) router.replace('/live', { scroll: false })
  }, [registry, router, search])
  return null
}
