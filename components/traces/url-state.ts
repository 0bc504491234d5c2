/**
 * The /traces URL (pure): the filter's keys and `id`, the decision open in the
 * side panel (/traces?verdict=deny&id=123). Each part changes without touching the other.
 */
import { QUERY_KEYS } from '@/lib/api/decisions'

export const DETAIL_PARAM = 'id'

const ID = /^\d{1,15}$/

/** The decision id in a search string or params; undefined when absent or not a positive integer. */
export function detailIdFrom(search: string | Pick<URLSearchParams, 'get'>): number | undefined {
  const raw = typeof search === 'string' ? new URLSearchParams(search).get(DETAIL_PARAM) : search.get(DETAIL_PARAM)
  if (raw === null || !ID.test(raw)) return undefined
  const id = Number(raw)
  return id > 0 ? id : undefined
}

const asSearch = (params: URLSearchParams) => {
  const s = params.toString()
  return s ? `?${s}` : ''
}

/** `search` with the open decision set to `id` (or removed), every other parameter kept. */
export function withDetail(search: string, id: number | undefined): string {
  const params = new URLSearchParams(search)
  params.delete(DETAIL_PARAM)
  if (id !== undefined) params.set(DETAIL_PARAM, String(id))
  return asSearch(params)
}

/** `search` with the filter replaced by `filter` (the filter's own keys only); the open decision and unknown keys kept. */
export function withFilter(search: string, filter: URLSearchParams): string {
  const current = new URLSearchParams(search)
  const out = new URLSearchParams()
  for (const [k, v] of filter) out.append(k, v)
  const filterKeys = new Set<string>(QUERY_KEYS)
  for (const [k, v] of current) if (!filterKeys.has(k) && k !== DETAIL_PARAM) out.append(k, v)
  const id = current.get(DETAIL_PARAM)
  if (id !== null) out.set(DETAIL_PARAM, id)
  return asSearch(out)
}
