/**
 * Mounted components living in the guest. The host keeps only the public state
 * (to show it and to re-create the instance after an engine rebuild, with a
 * fresh `$private`: a crash logs a LiveChat user out, it never logs anyone in).
 */
import type { JsonValue } from '@/lib/auth/types'
import type { CallResult } from './engine'
import type { WorkspaceRuntime } from './workspace-runtime'
import type {
  ActionCaller, ActionOutcome, ComponentEvent, ComponentInstance, ComponentOutcome, ComponentReport, CreateInstanceOptions, CreateInstanceResult, SandboxFault,
} from './types'

/** An event as the guest writes it (short keys: it is on the hot path). */
interface RawEvent {
  readonly k: 'e' | 'm' | 'r' | 'b'
  readonly b: number
  readonly t?: string
  readonly r?: string
  readonly x?: string
  readonly d?: 1
  readonly j?: JsonValue
  readonly s?: JsonValue
}

/** The guest leaves `state` out (and sets `same`) when it equals the state it last reported. */
interface RawValue {
  readonly events: readonly RawEvent[]
  readonly overflow?: 1
  readonly state?: JsonValue
  readonly same?: 1
}

const KINDS = { e: 'emit', m: 'mount-state', r: 'rehydrated-state', b: 'broadcast' } as const

function toEvent(e: RawEvent): ComponentEvent {
  return {
    batch: e.b,
    kind: KINDS[e.k],
    ...(e.t !== undefined ? { type: e.t } : {}),
    ...('j' in e ? { payload: e.j as JsonValue } : {}),
    ...(e.r !== undefined ? { room: e.r } : {}),
    ...(e.x !== undefined ? { excludeUser: e.x } : {}),
    ...(e.d === 1 ? { drop: true } : {}),
    ...('s' in e ? { state: e.s as JsonValue } : {}),
  }
}

function fault(r: Extract<CallResult, { ok: false }>): SandboxFault {
  return { ok: false, code: r.failure.code, error: r.failure.message }
}

interface Created extends RawValue {
  readonly id: number
  readonly sign: JsonValue
}

function isCreated(value: unknown): value is Created {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number'
}

class GuestInstance implements ComponentInstance {
  private disposed = false
  /** Bumped whenever the guest reports a different public state. */
  stateVersion = 0

  constructor(
    private readonly runtime: WorkspaceRuntime,
    readonly componentName: string,
    readonly id: string,
    private readonly options: CreateInstanceOptions,
    private guestId: number,
    private generation: number,
    public state: JsonValue,
  ) {}

  /** Folds a guest answer into the host's view of the instance. */
  report(value: RawValue, logs: readonly string[]): ComponentReport {
    if (value.same !== 1 && 'state' in value) {
      this.state = value.state ?? null
      this.stateVersion++
    }
    return { events: value.events.map(toEvent), state: this.state, logs, overflow: value.overflow === 1 }
  }

  /** Re-creates the guest object after an engine rebuild, from the last public state (no hooks run). */
  private ensure(): { ok: true } | SandboxFault {
    if (this.disposed) return { ok: false, code: 'ERR_SANDBOX_DISPOSED', error: `Instance ${this.id} was disposed` }
    if (this.generation === this.runtime.generation) return { ok: true }
    const r = this.runtime.call('create', { ...this.options, component: this.componentName, props: this.state, mode: 'restore' })
    if (!r.ok || !isCreated(r.value)) return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_INSTANCE', error: `Instance ${this.id} could not be restored after a sandbox restart` }
    this.guestId = r.value.id
    this.generation = this.runtime.generation
    return { ok: true }
  }

  callAction(action: string, payload: unknown, caller: ActionCaller): ActionOutcome {
    const ready = this.ensure()
    if (!ready.ok) return ready
    const r = this.runtime.callAction(this.guestId, action, payload, caller)
    if (!r.ok) return fault(r)
    const value = r.value as RawValue & { failed?: true; error?: string; result?: JsonValue; hasResult?: boolean }
    const report = this.report(value, r.logs)
    if (value.failed === true) return { ok: true, failed: true, error: value.error ?? '', ...report }
    return { ok: true, failed: false, result: value.hasResult === true ? value.result : undefined, ...report }
  }

  updateProperty(key: string, value: unknown): ComponentOutcome {
    const ready = this.ensure()
    if (!ready.ok) return ready
    const r = this.runtime.call('update', { instance: this.guestId, key, value })
    if (!r.ok) return fault(r)
    return { ok: true, ...this.report(r.value as RawValue, r.logs) }
  }

  debugReadPrivateForTests(): JsonValue | undefined {
    if (!this.ensure().ok) return undefined
    const r = this.runtime.call('private', { instance: this.guestId })
    return r.ok ? (r.value as JsonValue) : undefined
  }

  dispose(options: { readonly disconnect?: boolean } = {}): ComponentOutcome {
    if (this.disposed) return { ok: true, events: [], state: this.state, logs: [], overflow: false }
    this.disposed = true
    if (this.generation !== this.runtime.generation) return { ok: true, events: [], state: this.state, logs: [], overflow: false }
    const r = this.runtime.call('dispose', { instance: this.guestId, disconnect: options.disconnect === true })
    if (!r.ok) return fault(r)
    return { ok: true, ...this.report(r.value as RawValue, r.logs) }
  }
}

/**
 * Constructs `componentName` in the guest with `$auth` fixed from the snapshot,
 * then runs onConnect and onMount (or onRehydrate and onMount) as the library does.
 */
export function createInstance(runtime: WorkspaceRuntime, componentName: string, options: CreateInstanceOptions): CreateInstanceResult {
  const request = { ...options, component: componentName, props: options.props ?? {}, mode: options.mode ?? 'mount' }
  const r = runtime.call('create', request)
  if (!r.ok) return { ok: false, code: r.failure.code, error: r.failure.message }
  if (!isCreated(r.value)) return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_COMPONENT', error: `Component '${componentName}' could not be created` }
  const created = r.value
  const instance = new GuestInstance(runtime, componentName, options.id, options, created.id, runtime.generation, created.sign)
  const report = instance.report(created, r.logs)
  return { ok: true, instance, signState: created.sign, ...report }
}

