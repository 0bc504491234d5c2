/** Browser live client: import from '@/lib/live/client'. */
export { LiveClient, type MountOutcome } from './live-client'
export { LiveClientError, type LiveClientErrorCode } from './errors'
export { NOT_CONNECTED_ERROR } from './live-connection'
export { timeoutError } from './pending-requests'
export { REQUEST_FAILED_ERROR } from './answers'
export { applyDelta, replaceState, isForbiddenKey, type ComponentState } from './state-merge'
export { TOKEN_MASK, maskFrameText, maskJwtLike, maskSecretFields } from './mask'
export * from './types'
