/** Client-side bookkeeping of mounted components and AUTH_DENIED mounts. */
import { applyDelta, replaceState, type ComponentState } from './state-merge'
import type { DeniedMount, MountedComponent, MountRequest } from './types'

export class ComponentTracker {
  private readonly mounted = new Map<string, MountedComponent>()
  private readonly denied = new Map<string, DeniedMount>()

  /** Record a successful mount (or re-mount) of `request`. */
  add(request: MountRequest, componentId: string, initialState: Readonly<Record<string, unknown>>): MountedComponent {
    this.denied.delete(request.handle)
    const entry: MountedComponent = { ...request, componentId, state: replaceState(initialState) }
    this.mounted.set(componentId, entry)
    return entry
  }

  /** Remember a mount refused with AUTH_DENIED so a later login retries it. */
  deny(request: MountRequest, error: string): void {
    this.denied.set(request.handle, { ...request, error })
  }

  /** Take every denied mount out of the waiting list (they are being retried). */
  takeDenied(): DeniedMount[] {
    const all = [...this.denied.values()]
    this.denied.clear()
    return all
  }

  remove(componentId: string): boolean {
    return this.mounted.delete(componentId)
  }

  /** STATE_UPDATE: replace; undefined when the component is not tracked. */
  replace(componentId: string, state: Readonly<Record<string, unknown>>): ComponentState | undefined {
    return this.update(componentId, () => replaceState(state))
  }

  /** STATE_DELTA: merge; undefined when the component is not tracked. */
  merge(componentId: string, delta: Readonly<Record<string, unknown>>): ComponentState | undefined {
    return this.update(componentId, (state) => applyDelta(state, delta))
  }

  get(componentId: string): MountedComponent | undefined {
    return this.mounted.get(componentId)
  }

  list(): MountedComponent[] {
    return [...this.mounted.values()]
  }

  deniedList(): DeniedMount[] {
    return [...this.denied.values()]
  }

  clear(): void {
    this.mounted.clear()
    this.denied.clear()
  }

  private update(componentId: string, next: (state: ComponentState) => ComponentState): ComponentState | undefined {
    const entry = this.mounted.get(componentId)
    if (entry === undefined) return undefined
    const state = next(entry.state)
    this.mounted.set(componentId, { ...entry, state })
    return state
  }
}
