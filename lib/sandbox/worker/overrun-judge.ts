/**
 * When the watchdog stops a worker. A request may run until its deadline plus
 * the grace period (`until`, wall clock); past it, the worker is stopped when
 * it was actually running: when it used at least as much CPU as its whole
 * allowance since the watchdog first saw the request. A worker that got less
 * (the machine is busy: other processes, other threads) is starved, not stuck,
 * and stopping it would fail an innocent request and charge its client; it is
 * given more time, up to STARVED_CAP_MS past `until`. Without CPU figures
 * (not Linux), the clock alone decides, as before.
 */

/** A starved request is stopped anyway this long after its deadline plus grace. */
export const STARVED_CAP_MS = 2000

interface Watch {
  readonly id: number
  readonly seenAt: number
  /** CPU of the thread when the request was seen running for the second time (undefined until then, or unknown). */
  cpuAt: number | undefined
  cpuSampledAt: number
}

export interface Running {
  /** Id of the request running (0: none). */
  readonly id: number
  /** When it must be over (epoch ms; 0: nothing running). */
  readonly until: number
}

export class OverrunJudge {
  private readonly watches = new WeakMap<object, Watch>()

  constructor(private readonly capMs = STARVED_CAP_MS) {}

  /**
   * Called on every watchdog tick for a busy worker (`key` identifies it); true when it must be stopped.
   * `cpuMs` is read lazily: only for a request still running on its second tick, and past its deadline.
   */
  judge(key: object, running: Running, now: number, cpuMs: () => number | undefined): boolean {
    if (running.id === 0 || running.until <= 0) {
      this.watches.delete(key)
      return false
    }
    let watch = this.watches.get(key)
    if (watch === undefined || watch.id !== running.id) {
      watch = { id: running.id, seenAt: now, cpuAt: undefined, cpuSampledAt: now }
      this.watches.set(key, watch)
    } else if (watch.cpuAt === undefined && now > watch.seenAt) {
      watch.cpuAt = cpuMs()
      watch.cpuSampledAt = now
    }
    if (now <= running.until) return false
    if (now - running.until >= this.capMs) return true
    const cpu = cpuMs()
    if (cpu === undefined || watch.cpuAt === undefined) return true
    // The allowance left when CPU sampling started; a request that used it all (or more) is really running long.
    const allowance = Math.max(0, running.until - watch.cpuSampledAt)
    return cpu - watch.cpuAt >= allowance
  }
}
