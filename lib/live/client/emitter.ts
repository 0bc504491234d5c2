/** A minimal typed event emitter (browser-safe, no node:events). */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(data: never) => void>>()

  /** Subscribe; returns the unsubscribe function. */
  on<E extends keyof Events>(event: E, listener: (data: Events[E]) => void): () => void {
    let set = this.listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  protected emit<E extends keyof Events>(event: E, data: Events[E]): void {
    const set = this.listeners.get(event)
    if (set === undefined) return
    for (const listener of [...set]) {
      // A throwing UI listener must not break the socket's message loop.
      try {
        ;(listener as (data: Events[E]) => void)(data)
      } catch {
        /* listener errors are the listener's problem */
      }
    }
  }
}
