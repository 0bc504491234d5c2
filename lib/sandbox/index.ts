/** lib/sandbox: workspace code runs in QuickJS (fixed memory, small stack, deadline) on worker threads, never in Node. */
export { loadWorkspace, warmUpSandbox, DEFAULTS } from './load-workspace'
export { SandboxError, type SandboxErrorCode, type SandboxFailure } from './errors'
export { COMPAT_API_TYPES } from './compat-api-types'
export { laneOf, type SandboxLane } from './lanes'
export { sandboxPool, closeSandboxPool } from './worker/pool'
export type * from './types'
