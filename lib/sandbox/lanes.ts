/**
 * Who a guest call is made for. The live server runs each client's work inside
 * a lane (its connection); the sandbox reads the lane of every call it queues,
 * to share the workers fairly between lanes and to charge the time each call
 * took to whoever asked. Rule functions called by lib/auth need no extra
 * argument: the lane follows the async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface SandboxLane {
  /** Requests of one key are served in order; keys take turns. */
  readonly key: string
  /** Worker milliseconds spent for this lane; `stopped` when the watchdog had to stop the worker. */
  charge(ms: number, stopped: boolean): void
}

const storage = new AsyncLocalStorage<SandboxLane>()

/** Runs `fn` with `lane` as the lane of every guest call it makes, directly or after awaits. */
export function inLane<T>(lane: SandboxLane, fn: () => T): T {
  return storage.run(lane, fn)
}

export function currentLane(): SandboxLane | undefined {
  return storage.getStore()
}
