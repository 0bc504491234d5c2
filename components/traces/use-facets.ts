'use client'

import { useEffect, useState } from 'react'
import { z } from 'zod'
import type { FacetName } from './filter-form'

/** GET /api/decisions/facets: values seen in the log, offered as suggestions by the text filters. */
const facetsSchema = z.object({
  components: z.array(z.string()),
  actions: z.array(z.string()),
  layers: z.array(z.string()),
  personas: z.array(z.string()),
  versions: z.array(z.number()),
  /** Upstreams whose decisions the recording proxy logged (the studio's own server is not listed). */
  sources: z.array(z.string()).default([]),
}) satisfies z.ZodType<Record<FacetName, readonly (string | number)[]>>
export type Facets = z.infer<typeof facetsSchema>

/** The facets once loaded; undefined while loading or when the server does not answer (the filters work without them). */
export function useFacets(): Facets | undefined {
  const [facets, setFacets] = useState<Facets>()
  useEffect(() => {
    let cancelled = false
    fetch('/api/decisions/facets', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : undefined))
      .then((body: unknown) => {
        const parsed = facetsSchema.safeParse(body)
        if (!cancelled && parsed.success) setFacets(parsed.data)
      }, () => {})
    return () => { cancelled = true }
  }, [])
  return facets
}
