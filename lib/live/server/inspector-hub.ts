import type { DecisionRecord } from '../../store/model/decision'

export type InspectorListener = (record: DecisionRecord) => void

/** Most studio pages listening at once; more are refused rather than slowing the live path. */
export const MAX_INSPECTOR_SUBSCRIBERS = 32

/**
 * In-process fan-out of written decisions to subscribed studio pages (the
 * admin-only SSE route). Delivery is synchronous and a throwing listener is
 * dropped, so one broken page cannot stall the others.
 */
export class InspectorHub {
  private readonly listeners = new Set<InspectorListener>()

  get subscriberCount(): number {
    return this.listeners.size
  }

  /** Returns the unsubscribe function, or undefined when the hub is full. */
  subscribe(listener: InspectorListener): (() => void) | undefined {
    if (this.listeners.size >= MAX_INSPECTOR_SUBSCRIBERS) return undefined
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish(record: DecisionRecord): void {
    for (const listener of this.listeners) {
      try {
        listener(record)
      } catch {
        this.listeners.delete(listener)
      }
    }
  }
}
