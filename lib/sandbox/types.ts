/**
 * Public shapes of a loaded workspace. Values crossing the sandbox boundary are
 * JSON; host functions wrap guest calls so lib/auth can call them like any rule.
 */
import type { AuthSnapshot, ComponentSpec, JsonValue, ProviderSpec } from '@/lib/auth/types'
import type { SandboxFailure } from './errors'
import type { SandboxLane } from './lanes'

/** Workspace sources: path (e.g. 'components/live-chat.ts') -> TypeScript text. */
export type WorkspaceSources = Readonly<Record<string, string>>

export type DiagnosticSeverity = 'error' | 'warning'

/** A problem found while transpiling, linking, evaluating or extracting a file. */
export interface LoadDiagnostic {
  readonly file: string
  /** 1-based; 1 when the position is unknown. */
  readonly line: number
  /** 1-based; 1 when the position is unknown. */
  readonly column: number
  readonly message: string
  readonly severity: DiagnosticSeverity
  /** Set when this file did not load because of another one: that file (whose own diagnostic is the real cause). */
  readonly cause?: string
}

export interface LoadOptions {
  /** Label of this version (kept on the LoadedWorkspace); default 'draft'. */
  readonly version?: string
  /** Deadline per guest call in ms (default 50). */
  readonly deadlineMs?: number
  /** Deadline for evaluating all modules at load in ms (default 1000). */
  readonly loadDeadlineMs?: number
  /** Fixed size of the engine's WebAssembly memory (default 32 MiB). */
  readonly memoryBytes?: number
}

/** Hints about a component that do not change decisions but feed diagnostics and the UI. */
export interface ComponentHints {
  readonly file: string
  readonly exportName: string
  readonly hasAuthorize: boolean
  readonly actionsWithAuthorize: readonly string[]
  readonly stateKeys: readonly string[]
  /** State keys that look like auth flags (isAdmin, role...), writable by clients via PROPERTY_UPDATE. */
  readonly authLikeStateKeys: readonly string[]
  /** `this.$private.x` keys the class source mentions. */
  readonly privateKeys: readonly string[]
}

export type SandboxComponent = ComponentSpec & ComponentHints

/** Provider hooks; `authenticate` gets `{ ...credentials, claims }` (claims verified by the host). */
export interface SandboxProvider extends ProviderSpec {
  readonly file: string
  /** `lane`: whom the call is charged to (the connection that sent AUTH). */
  authenticate(credentials: Readonly<Record<string, unknown>>, lane?: SandboxLane): Promise<AuthSnapshot | null>
}

/** Raw outcome of a guest call: the value before any coercion, or why it failed. */
export type GuestResult = { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & SandboxFailure)

export interface MachineReadRequest {
  readonly machineInstanceName: string
  readonly state?: JsonValue
  readonly context?: JsonValue
  readonly authContext: JsonValue
}

export interface MachineWriteRequest extends MachineReadRequest {
  readonly event: JsonValue
}

/** A State Backed machine's authorizers (present only when the file exports them). */
export interface SandboxMachine {
  readonly name: string
  readonly file: string
  readonly allowRead?: (request: MachineReadRequest) => Promise<GuestResult>
  readonly allowWrite?: (request: MachineWriteRequest) => Promise<GuestResult>
}

/**
 * Something a component did during a guest call, in order, with the microtask
 * batch it happened in (the library's send batcher flushes once per batch):
 * - `emit`: `emit(type, payload)` to the component's own client (STATE_DELTA, ERROR and custom types);
 * - `mount-state` / `rehydrated-state`: where the mount's STATE_UPDATE (or a re-hydration's
 *   STATE_REHYDRATED) goes, with the state as it was when its batch was flushed;
 * - `broadcast`: `broadcast(type, payload)` to the components mounted in `room`.
 */
export interface ComponentEvent {
  readonly batch: number
  readonly kind: 'emit' | 'mount-state' | 'rehydrated-state' | 'broadcast'
  readonly type?: string
  /** Absent when the component passed `undefined` (JSON leaves the key out). */
  readonly payload?: JsonValue
  readonly room?: string
  /** `broadcast(..., true)`: components of this user are skipped. */
  readonly excludeUser?: string
  /** The payload could not be serialized: the library drops the whole batch. */
  readonly drop?: boolean
  readonly state?: JsonValue
}

/** What every component operation reports. */
export interface ComponentReport {
  readonly events: readonly ComponentEvent[]
  /** Public state after the operation. */
  readonly state: JsonValue
  readonly logs: readonly string[]
  /** More events than the library's send queue keeps (1000): the client must be resynced. */
  readonly overflow: boolean
}

/** A sandbox failure (deadline, memory, crash): the body did not run to its end. */
export type SandboxFault = { readonly ok: false; readonly error: string } & Pick<SandboxFailure, 'code'>

export type ActionOutcome =
  | (ComponentReport & { readonly ok: true; readonly failed: false; readonly result: JsonValue | undefined })
  /** The action threw (or its hooks refused it): the library's `errorMessage()` of the error. */
  | (ComponentReport & { readonly ok: true; readonly failed: true; readonly error: string })
  | SandboxFault

export type ComponentOutcome = (ComponentReport & { readonly ok: true }) | SandboxFault

/** The connection calling an action, as the second argument of the method. */
export interface ActionCaller {
  readonly connectionId: string
  readonly auth: AuthSnapshot
}

/**
 * A mounted component living in the guest. Its `$private` is kept by the host
 * too (never sent to a client), so an instance rebuilt after an engine restart
 * keeps it; only what JSON can carry survives a restart.
 */
export interface ComponentInstance {
  readonly id: string
  readonly componentName: string
  /** Last known public state (JSON). */
  readonly state: JsonValue
  /** Changes whenever `state` changes (cheaper than comparing states after a call). */
  readonly stateVersion: number
  /** `state` as JSON text, without parsing it when the guest sent it as text. */
  stateJson(): string
  /** Characters of JSON the instance holds (public state + `$private`), as of its last operation. */
  readonly bytes: number
  /** Runs the action body only (the cascade is decided by lib/auth before). */
  callAction(action: string, payload: unknown, caller: ActionCaller): Promise<ActionOutcome>
  /** `setState({ [key]: value })` (allowlist checked by lib/auth before). */
  updateProperty(key: string, value: unknown): Promise<ComponentOutcome>
  /** TEST/DEBUG ONLY: reads `$private` out of the guest. Never call it on a request path. */
  debugReadPrivateForTests(): Promise<JsonValue | undefined>
  /** destroy() (and onDisconnect() first when the connection closed); what it emitted is returned. */
  dispose(options?: { readonly disconnect?: boolean }): Promise<ComponentOutcome>
}

export interface CreateInstanceOptions {
  /** The component id the client sees (the library's `this.id`). */
  readonly id: string
  readonly auth: AuthSnapshot
  readonly props?: Readonly<Record<string, unknown>>
  readonly room?: string
  readonly userId?: string
  /** `rehydrate` runs onRehydrate(clientState) and reports STATE_REHYDRATED instead of the mount's STATE_UPDATE. */
  readonly mode?: 'mount' | 'rehydrate'
  readonly clientState?: JsonValue
  /** Whose work this instance's calls are (queued fairly, charged to it); never sent to the guest. */
  readonly lane?: SandboxLane
}

export type CreateInstanceResult =
  | (ComponentReport & {
      readonly ok: true
      readonly instance: ComponentInstance
      /** The state right after the constructor: what the mount's signed state covers. */
      readonly signState: JsonValue
    })
  | ({ readonly ok: false; readonly error: string } & Pick<SandboxFailure, 'code'>)

export interface LoadedWorkspace {
  readonly version: string
  readonly components: readonly SandboxComponent[]
  readonly providers: readonly SandboxProvider[]
  readonly machines: readonly SandboxMachine[]
  readonly diagnostics: readonly LoadDiagnostic[]
  /** Time spent transpiling and evaluating, in ms. */
  readonly loadMs: { readonly transpile: number; readonly evaluate: number }
  createInstance(componentName: string, options: CreateInstanceOptions): Promise<CreateInstanceResult>
  /** Resolves when the engine is usable (after a crash, a rebuild may still be running). */
  ready(): Promise<void>
  /** How many times the engine was rebuilt after a fatal failure or its worker replaced. */
  readonly restarts: number
  /** The generation instances live in (raised by every rebuild). */
  readonly generation: number
  /** WebAssembly memory reserved by the engine (fixed; the guest cannot grow it). */
  readonly memoryBytes: number
  dispose(): void
}
