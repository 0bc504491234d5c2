/** Server glue shared by the decision-log routes: the log reader, the retention worker, error mapping. */
import { getRuntime } from '@/lib/server/registry'
import { ApiError, errorResponse } from '@/lib/server/token-service'
import { decisionQueriesFor, type DecisionQueries } from '@/lib/store/decision-queries'
import { decisionRetentionFor, type DecisionRetention } from '@/lib/store/decision-retention'
import { StoreError } from '@/lib/store/errors'

export const NO_STORE = { 'cache-control': 'no-store' } as const

/** The log reader and retention worker of the running studio (retention starts on first use). */
export function decisionServices(): { queries: DecisionQueries; retention: DecisionRetention } {
  const { store } = getRuntime()
  return { queries: decisionQueriesFor(store.file), retention: decisionRetentionFor(store.file) }
}

/** errorResponse, with the store's "not found" / "invalid" as 404 / 400. */
export function decisionError(error: unknown): Response {
  if (error instanceof StoreError && error.code === 'STORE_NOT_FOUND') return errorResponse(new ApiError('NOT_FOUND', error.message))
  if (error instanceof StoreError && error.code === 'STORE_INVALID') return errorResponse(new ApiError('BAD_REQUEST', error.message))
  return errorResponse(error)
}
