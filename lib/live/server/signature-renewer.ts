/**
 * Keeps each component's signed state fresh, as FluxStack Live does
 * (component/SignedStateRenewer.ts at fluxstack-live@d8538f75): after a state
 * change, at most one re-signing per interval (1000 ms by default), never
 * sooner than `interval` after the last signing; the new signature goes to the
 * client as `STATE_SIGNATURE`. Unmounting forgets the component.
 */

export const DEFAULT_RENEW_INTERVAL_MS = 1000

export class SignatureRenewer {
  private readonly lastSigned = new Map<string, number>()
  private readonly pending = new Map<string, NodeJS.Timeout>()

  /** `interval` 0 turns renewal off. */
  constructor(private readonly renew: (componentId: string) => void, private readonly interval = DEFAULT_RENEW_INTERVAL_MS, private readonly now: () => number = Date.now) {}

  get enabled(): boolean {
    return this.interval > 0
  }

  markSigned(componentId: string): void {
    this.lastSigned.set(componentId, this.now())
  }

  /** A delta went out: schedule one re-signing unless one is already pending. */
  notifyDelta(componentId: string): void {
    if (!this.enabled || this.pending.has(componentId)) return
    const last = this.lastSigned.get(componentId) ?? 0
    const delay = Math.max(0, last + this.interval - this.now())
    const timer = setTimeout(() => {
      this.pending.delete(componentId)
      this.lastSigned.set(componentId, this.now())
      this.renew(componentId)
    }, delay)
    timer.unref()
    this.pending.set(componentId, timer)
  }

  forget(componentId: string): void {
    const timer = this.pending.get(componentId)
    if (timer) clearTimeout(timer)
    this.pending.delete(componentId)
    this.lastSigned.delete(componentId)
  }

  stop(): void {
    for (const t of this.pending.values()) clearTimeout(t)
    this.pending.clear()
  }
}
