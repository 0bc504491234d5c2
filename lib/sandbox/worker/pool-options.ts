/** How many sandbox workers, and how long past its deadline a call may run (environment variables, README "Configuration"). */
import os from 'node:os'
import type { OverrunJudge } from './overrun-judge'

export const DEFAULT_GRACE_MS = 100

export interface PoolOptions {
  /** Worker threads; 0 runs workspace code on the calling thread (no watchdog). */
  readonly workers: number
  /** Milliseconds past a call's deadline before the watchdog stops its worker. */
  readonly graceMs: number
  /** Decides when an overrunning worker is stopped (default: by the CPU it used, see overrun-judge.ts). */
  readonly judge?: OverrunJudge
}

/** `STUDIO_SANDBOX_WORKERS`, else one per core but one (for the studio's own thread), at least 2 and at most 8. */
export function poolOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PoolOptions {
  const raw = env.STUDIO_SANDBOX_WORKERS
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  const fallback = Math.min(8, Math.max(2, cores - 1))
  const parsed = raw === undefined || raw.trim() === '' ? fallback : Number(raw)
  const workers = Number.isInteger(parsed) && parsed >= 0 && parsed <= 64 ? parsed : fallback
  const grace = Number(env.STUDIO_SANDBOX_GRACE_MS)
  return { workers, graceMs: Number.isFinite(grace) && grace >= 10 ? grace : DEFAULT_GRACE_MS }
}
