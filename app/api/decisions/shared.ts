/** Server glue shared by the decision-log routes: the log of the running studio, error mapping. */
import { getRuntime } from '@/lib/server/registry'
import { ApiError, errorResponse } from '@/lib/server/token-service'
import type { DecisionStore } from '@/lib/store/contract'
import { isStoreError } from '@/lib/store/errors'

export const NO_STORE = { 'cache-control': 'no-store' } as const

/** The decision log of the running studio: its reads, metrics and retention (started with the server). */
export function decisionLog(): DecisionStore {
  return getRuntime().decisions
}

/** errorResponse, with the store's "not found" / "invalid" as 404 / 400. */
export function decisionError(error: unknown): Response {
  if (isStoreError(error, 'STORE_NOT_FOUND')) return errorResponse(new ApiError('NOT_FOUND', error.message))
  if (isStoreError(error, 'STORE_INVALID')) return errorResponse(new ApiError('BAD_REQUEST', error.message))
  return errorResponse(error)
}
