/**
 * Who a guest call is made for. The live server gives each connection a lane;
 * the sandbox queues every call under its lane (lanes take turns on a worker)
 * and charges the time the call took to it. Instances get their lane when
 * created; rule functions find it on the auth context they are called with
 * (lib/auth's taggedContext), so no async context tracking is needed.
 */
import { callTagOf } from '@/lib/auth/context'
import type { LiveAuthContext } from '@/lib/auth/types'

export interface SandboxLane {
  /** Requests of one key are served in order; keys take turns. */
  readonly key: string
  /** Worker milliseconds spent for this lane; `stopped` when the watchdog had to stop the worker. */
  charge(ms: number, stopped: boolean): void
}

function isLane(value: unknown): value is SandboxLane {
  return typeof value === 'object' && value !== null && typeof (value as SandboxLane).key === 'string' && typeof (value as SandboxLane).charge === 'function'
}

/** The lane an auth context was tagged with, if any. */
export function laneOf(auth: LiveAuthContext): SandboxLane | undefined {
  const tag = callTagOf(auth)
  return isLane(tag) ? tag : undefined
}
