/**
 * Mounted components living in the guest. The host keeps only the public state
 * (to show it and to re-create the instance after an engine rebuild, with a
 * fresh `$private`: a crash logs a LiveChat user out, it never logs anyone in).
 */
import type { AuthSnapshot, JsonValue } from '@/lib/auth/types'
import type { WorkspaceRuntime } from './workspace-runtime'
import type { ActionOutcome, ComponentEvent, ComponentInstance, CreateInstanceResult, PropertyOutcome } from './types'

let nextHostId = 1

interface Created {
  readonly id: number
  readonly state: JsonValue
}

function isCreated(value: unknown): value is Created {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number'
}

/** The guest leaves `state` out (and sets `same`) when it equals the state it last reported. */
interface ActionValue {
  readonly result: JsonValue
  readonly hasResult: boolean
  readonly state?: JsonValue
  readonly same?: 1
  readonly events: readonly ComponentEvent[]
}

class GuestInstance implements ComponentInstance {
  readonly id = `inst-${nextHostId++}`
  private disposed = false
  /** Bumped whenever the guest reports a different public state. */
  stateVersion = 0

  constructor(
    private readonly runtime: WorkspaceRuntime,
    readonly componentName: string,
    private readonly auth: AuthSnapshot,
    private guestId: number,
    private generation: number,
    public state: JsonValue,
  ) {}

  /** Re-creates the guest object after an engine rebuild, from the last public state. */
  private ensure(): { ok: true } | { ok: false; code: 'ERR_SANDBOX_UNKNOWN_INSTANCE' | 'ERR_SANDBOX_DISPOSED'; error: string } {
    if (this.disposed) return { ok: false, code: 'ERR_SANDBOX_DISPOSED', error: `Instance ${this.id} was disposed` }
    if (this.generation === this.runtime.generation) return { ok: true }
    const r = this.runtime.call('create', { component: this.componentName, auth: this.auth, props: this.state })
    if (!r.ok || !isCreated(r.value)) return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_INSTANCE', error: `Instance ${this.id} could not be restored after a sandbox restart` }
    this.guestId = r.value.id
    this.generation = this.runtime.generation
    return { ok: true }
  }

  callAction(action: string, payload?: unknown): ActionOutcome {
    const ready = this.ensure()
    if (!ready.ok) return ready
    const r = this.runtime.callAction(this.guestId, action, payload)
    if (!r.ok) return { ok: false, code: r.failure.code, error: r.failure.message }
    const value = r.value as ActionValue
    if (value.same !== 1) {
      this.state = value.state ?? null
      this.stateVersion++
    }
    return { ok: true, result: value.hasResult ? value.result : undefined, state: this.state, events: value.events, logs: r.logs }
  }

  updateProperty(key: string, value: unknown): PropertyOutcome {
    const ready = this.ensure()
    if (!ready.ok) return ready
    const r = this.runtime.call('update', { instance: this.guestId, key, value })
    if (!r.ok) return { ok: false, code: r.failure.code, error: r.failure.message }
    this.state = r.value as JsonValue
    this.stateVersion++
    return { ok: true, state: this.state }
  }

  debugReadPrivateForTests(): JsonValue | undefined {
    if (!this.ensure().ok) return undefined
    const r = this.runtime.call('private', { instance: this.guestId })
    return r.ok ? (r.value as JsonValue) : undefined
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.generation === this.runtime.generation) this.runtime.call('dispose', { instance: this.guestId })
  }
}

/** Constructs `componentName` in the guest with `$auth` fixed from the snapshot. */
export function createInstance(
  runtime: WorkspaceRuntime, componentName: string, auth: AuthSnapshot, props: Readonly<Record<string, unknown>> | undefined,
): CreateInstanceResult {
  const r = runtime.call('create', { component: componentName, auth, props: props ?? {} })
  if (!r.ok) return { ok: false, code: r.failure.code, error: r.failure.message }
  if (!isCreated(r.value)) return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_COMPONENT', error: `Component '${componentName}' could not be created` }
  return { ok: true, instance: new GuestInstance(runtime, componentName, auth, r.value.id, runtime.generation, r.value.state) }
}
