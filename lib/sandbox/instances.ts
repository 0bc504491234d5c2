/**
 * Host-side handles of components mounted in the guest. The handle keeps the
 * last public state and the last `$private` the guest reported (the latter is
 * never sent to a client), so when the engine was rebuilt (out of memory, a
 * worker stopped by the watchdog) the instance is restored exactly as it was
 * after its last finished operation: a crash never logs anyone out.
 */
import type { JsonValue } from '@/lib/auth/types'
import type { CallResult } from './envelope'
import type { SandboxLane } from './lanes'
import type {
  ActionCaller, ActionOutcome, ComponentEvent, ComponentInstance, ComponentOutcome, ComponentReport, CreateInstanceOptions, CreateInstanceResult, SandboxFault,
} from './types'

/** What an instance needs from its workspace version. */
export interface GuestLink {
  /** The generation the version's engine is in now. */
  readonly generation: number
  /** A bridge op; with `gen`, nothing runs unless the engine is still in that generation (`stale`). */
  call(op: string, request: unknown, gen?: number, lane?: SandboxLane): Promise<LinkResult>
  act(gen: number, instance: number, action: string, payload: unknown, caller: unknown, lane?: SandboxLane): Promise<LinkResult>
}

export type LinkResult = CallResult | { readonly stale: true }

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

/**
 * A component operation's answer. The guest leaves `state` out (and sets `same`)
 * when it equals the state it last reported, and `p` ($private) likewise;
 * `pu` says $private could not be written as JSON; `n` is the instance's size.
 */
interface RawValue {
  readonly events: readonly RawEvent[]
  readonly overflow?: 1
  /** The state changed: its JSON text is the envelope's trailer. */
  readonly st?: 1
  readonly same?: 1
  readonly p?: JsonValue
  readonly pu?: 1
  readonly n?: number
}

const KINDS = { e: 'emit', m: 'mount-state', r: 'rehydrated-state', b: 'broadcast' } as const
/** Attempts when the engine keeps being rebuilt under a call. */
const MAX_ATTEMPTS = 3

function toEvent(e: RawEvent): ComponentEvent {
  // Built field by field (hot path: one per STATE_DELTA); absent fields stay absent.
  const out: { -readonly [K in keyof ComponentEvent]: ComponentEvent[K] } = { batch: e.b, kind: KINDS[e.k] }
  if (e.t !== undefined) out.type = e.t
  if ('j' in e) out.payload = e.j as JsonValue
  if (e.r !== undefined) out.room = e.r
  if (e.x !== undefined) out.excludeUser = e.x
  if (e.d === 1) out.drop = true
  if ('s' in e) out.state = e.s as JsonValue
  return out
}

function fault(r: Extract<CallResult, { ok: false }>): SandboxFault {
  return { ok: false, code: r.failure.code, error: r.failure.message }
}

const SOURCE = Symbol('state source')

/** An outcome's `state` is a getter on this prototype: the instance's state, read (and parsed) only if someone asks. */
const OUTCOME_PROTO = {
  get state(): JsonValue {
    return (this as unknown as { [SOURCE]: { readonly state: JsonValue } })[SOURCE].state
  },
}

/** `target`'s fields with `state` read lazily from `instance` (no closure, no defineProperty per call). */
function withState<T extends object>(target: T, instance: { readonly state: JsonValue }): T & { readonly state: JsonValue } {
  const out = Object.create(OUTCOME_PROTO) as Record<string | symbol, unknown>
  Object.defineProperty(out, SOURCE, { value: instance, enumerable: false })
  for (const key of Object.keys(target)) out[key] = (target as Record<string, unknown>)[key]
  return out as unknown as T & { readonly state: JsonValue }
}

const isStale = (r: LinkResult): r is { readonly stale: true } => 'stale' in r

const restarting = (): SandboxFault => ({ ok: false, code: 'ERR_SANDBOX_RESTARTING', error: 'The sandbox restarted repeatedly during this call; try again' })

interface Created extends RawValue {
  readonly id: number
  readonly sign: JsonValue
}

function isCreated(value: unknown): value is Created {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number'
}

class RemoteInstance implements ComponentInstance {
  private disposed = false
  /** Bumped whenever the guest reports a different public state. */
  stateVersion = 0
  bytes = 0
  /** Last `$private` the guest reported (JSON); restored with the instance. */
  private privateData: JsonValue | undefined
  private restoring: Promise<'ok' | 'stale' | SandboxFault> | undefined
  /** Where this instance's calls are queued and charged: its owner's. */
  private readonly lane: SandboxLane | undefined
  /** The creation request without the lane (what the guest sees when the instance is restored). */
  private readonly guestOptions: Omit<CreateInstanceOptions, 'lane'>

  /** The public state as the guest last reported it: JSON text, parsed on first use. */
  private stateText: string | undefined
  private parsed: JsonValue | undefined

  constructor(
    private readonly link: GuestLink,
    readonly componentName: string,
    readonly id: string,
    private readonly options: CreateInstanceOptions,
    private guestId: number,
    private generation: number,
    initial: JsonValue,
  ) {
    this.parsed = initial
    const { lane, ...guestOptions } = options
    this.lane = lane
    this.guestOptions = guestOptions
  }

  get state(): JsonValue {
    if (this.parsed === undefined) this.parsed = this.stateText === undefined ? null : (JSON.parse(this.stateText) as JsonValue)
    return this.parsed
  }

  stateJson(): string {
    return this.stateText ?? JSON.stringify(this.state)
  }

  /** Folds a guest answer into the host's view of the instance; `state` in the report is read lazily. */
  report(value: RawValue, logs: readonly string[], trailer: string | undefined): ComponentReport {
    if (value.st === 1 && trailer !== undefined) {
      this.stateText = trailer
      this.parsed = undefined
      this.stateVersion++
    }
    if ('p' in value) this.privateData = value.p
    if (typeof value.n === 'number') this.bytes = value.n
    return withState({ events: value.events.map(toEvent), logs, overflow: value.overflow === 1 }, this)
  }

  /** Re-creates the guest object in the current generation from the last state and `$private` (no hooks run). */
  private restore(): Promise<'ok' | 'stale' | SandboxFault> {
    this.restoring ??= (async () => {
      const gen = this.link.generation
      const r = await this.link.call('create', {
        ...this.guestOptions, component: this.componentName, props: this.state, private: this.privateData ?? null, mode: 'restore',
      }, gen, this.lane)
      if (isStale(r)) return 'stale'
      if (!r.ok || !isCreated(r.value)) {
        return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_INSTANCE', error: `Instance ${this.id} could not be restored after a sandbox restart` } as SandboxFault
      }
      this.guestId = r.value.id
      this.generation = gen
      return 'ok'
    })().finally(() => {
      this.restoring = undefined
    })
    return this.restoring
  }

  /** Runs `op` on the guest object, restoring it first when the engine was rebuilt since. */
  private async run(op: (gen: number, guestId: number) => Promise<LinkResult>): Promise<CallResult | SandboxFault> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (this.disposed) return { ok: false, code: 'ERR_SANDBOX_DISPOSED', error: `Instance ${this.id} was disposed` }
      if (this.generation !== this.link.generation) {
        const restored = await this.restore()
        if (restored === 'stale') continue
        if (restored !== 'ok') return restored
      }
      const r = await op(this.generation, this.guestId)
      if (isStale(r)) continue
      return r
    }
    return restarting()
  }

  async callAction(action: string, payload: unknown, caller: ActionCaller): Promise<ActionOutcome> {
    // The hot path: the engine was not rebuilt since, so the call goes straight through (no retry closure).
    let r: CallResult | SandboxFault | undefined
    if (!this.disposed && this.generation === this.link.generation) {
      const direct = await this.link.act(this.generation, this.guestId, action, payload, caller, this.lane)
      if (!isStale(direct)) r = direct
    }
    r ??= await this.run((gen, guestId) => this.link.act(gen, guestId, action, payload, caller, this.lane))
    if (!r.ok) return 'code' in r ? r : fault(r)
    const value = r.value as RawValue & { failed?: true; error?: string; result?: JsonValue; hasResult?: boolean }
    const report = this.report(value, r.logs, r.trailer)
    if (value.failed === true) return withState({ ok: true, failed: true, error: value.error ?? '', events: report.events, logs: report.logs, overflow: report.overflow }, this)
    return withState({ ok: true, failed: false, result: value.hasResult === true ? value.result : undefined, events: report.events, logs: report.logs, overflow: report.overflow }, this)
  }

  async updateProperty(key: string, value: unknown): Promise<ComponentOutcome> {
    const r = await this.run((gen, guestId) => this.link.call('update', { instance: guestId, key, value }, gen, this.lane))
    if (!r.ok) return 'code' in r ? r : fault(r)
    const report = this.report(r.value as RawValue, r.logs, r.trailer)
    return withState({ ok: true as const, events: report.events, logs: report.logs, overflow: report.overflow }, this)
  }

  async debugReadPrivateForTests(): Promise<JsonValue | undefined> {
    const r = await this.run((gen, guestId) => this.link.call('private', { instance: guestId }, gen))
    return r.ok ? (r.value as JsonValue) : undefined
  }

  async dispose(options: { readonly disconnect?: boolean } = {}): Promise<ComponentOutcome> {
    const unchanged: ComponentOutcome = withState({ ok: true as const, events: [], logs: [], overflow: false }, this)
    if (this.disposed) return unchanged
    this.disposed = true
    // Rebuilt since: the guest object is already gone with its engine.
    if (this.generation !== this.link.generation) return unchanged
    const r = await this.link.call('dispose', { instance: this.guestId, disconnect: options.disconnect === true }, this.generation, this.lane)
    if (isStale(r)) return unchanged
    if (!r.ok) return fault(r)
    const report = this.report(r.value as RawValue, r.logs, r.trailer)
    return withState({ ok: true as const, events: report.events, logs: report.logs, overflow: report.overflow }, this)
  }
}

/**
 * Constructs `componentName` in the guest with `$auth` fixed from the snapshot,
 * then runs onConnect and onMount (or onRehydrate and onMount) as the library does.
 */
export async function createInstance(link: GuestLink, componentName: string, options: CreateInstanceOptions): Promise<CreateInstanceResult> {
  const { lane, ...guestOptions } = options
  const request = { ...guestOptions, component: componentName, props: options.props ?? {}, mode: options.mode ?? 'mount' }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const gen = link.generation
    const r = await link.call('create', request, gen, lane)
    if (isStale(r)) continue
    if (!r.ok) return { ok: false, code: r.failure.code, error: r.failure.message }
    if (!isCreated(r.value)) return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_COMPONENT', error: `Component '${componentName}' could not be created` }
    const created = r.value
    const instance = new RemoteInstance(link, componentName, options.id, options, created.id, gen, created.sign)
    const report = instance.report(created, r.logs, r.trailer)
    return withState({ ok: true as const, instance, signState: created.sign, events: report.events, logs: report.logs, overflow: report.overflow }, instance)
  }
  const failed = restarting()
  return { ok: false, code: failed.code, error: failed.error }
}
