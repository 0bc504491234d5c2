/** An API answer as page state: still loading, failed with a message, or ready. */
import type { ApiResult } from './call'

export type Remote<T> = { readonly status: 'loading' } | { readonly status: 'error'; readonly error: string } | { readonly status: 'ready'; readonly value: T }

/** The page state for an API answer. */
export const remoteOf = <T>(res: ApiResult<T>): Remote<T> => (res.ok ? { status: 'ready', value: res.value } : { status: 'error', error: res.error })
