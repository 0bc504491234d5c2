/**
 * Shared vocabulary of the auth engine. Everything here is plain data or a
 * function type, so the engine runs unchanged in the browser and on the server.
 */

/** JSON-safe value used for trace inputs (they are stored and sent to pages). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue }

/** The session a provider builds; its shape is the developer's (seed: LiveAuthSession). */
export interface LiveAuthSession {
  readonly id: string
  readonly roles?: readonly string[]
  readonly permissions?: readonly string[]
  readonly [key: string]: unknown
}

/** The `$auth` API exactly as the seed documents it. */
export interface LiveAuthContext {
  readonly authenticated: boolean
  readonly session?: LiveAuthSession
  /** @deprecated alias for `session`, kept because the seed keeps it. */
  readonly user?: LiveAuthSession
  readonly token?: string
  readonly authenticatedAt?: number
  hasRole(role: string): boolean
  hasAnyRole(roles: readonly string[]): boolean
  hasAllRoles(roles: readonly string[]): boolean
  hasPermission(permission: string): boolean
  hasAnyPermission(permissions: readonly string[]): boolean
  hasAllPermissions(permissions: readonly string[]): boolean
}

/** What crosses boundaries (sandbox, log, wire) instead of a live context object. */
export interface AuthSnapshot {
  readonly authenticated: boolean
  readonly session?: LiveAuthSession
  readonly authenticatedAt?: number
  /** Which provider authenticated this context, when known. */
  readonly provider?: string
}

/**
 * A custom `authorize` as the engine sees it. Native functions (tests, the
 * browser) and sandboxed guest functions (lib/sandbox adapters) both fit.
 * The raw result is coerced fail-closed by the engine.
 */
export type RuleFunction = (auth: LiveAuthContext, payload?: unknown) => unknown

/** Where developer code is written in the workspace (1-based), e.g. a custom `authorize`. */
export interface SourceLocation {
  readonly file: string
  readonly line: number
  readonly column: number
}

/** `static auth` of a component (seed: LiveComponentAuth). */
export interface ComponentAuthSpec {
  readonly required?: boolean
  readonly roles?: readonly string[]
  readonly permissions?: readonly string[]
  readonly authorize?: RuleFunction
  /** Where `authorize` is written, when known (its trace step links there). */
  readonly authorizeAt?: SourceLocation
}

/** One entry of `static actionAuth` (seed: LiveActionAuth). */
export interface ActionAuthSpec {
  readonly roles?: readonly string[]
  readonly permissions?: readonly string[]
  readonly authorize?: RuleFunction
  /** Where `authorize` is written, when known (its trace step links there). */
  readonly authorizeAt?: SourceLocation
}

/** Everything the cascades need to know about a component class. */
export interface ComponentSpec {
  readonly name: string
  /** `undefined` means the class declares no `static publicActions` (every action denied). */
  readonly publicActions?: readonly string[]
  readonly auth?: ComponentAuthSpec
  readonly actionAuth?: Readonly<Record<string, ActionAuthSpec>>
  /** Own method names of the class and its workspace ancestors (not the LiveComponent base, not Object.prototype). */
  readonly methods: readonly string[]
  readonly defaultState?: Readonly<Record<string, unknown>>
  readonly updatableFields?: readonly string[]
}

/** Optional hooks of a LiveAuthProvider, as the cascades call them. */
export interface ProviderSpec {
  readonly name: string
  readonly authorizeAction?: (auth: LiveAuthContext, componentName: string, action: string) => unknown
  readonly authorizeRoom?: (auth: LiveAuthContext, roomId: string) => unknown
}

export type ProfileId = 'documented' | 'fluxstack-live@0.11'
export type DecisionKind = 'auth' | 'mount' | 'action' | 'property' | 'room'
export type Verdict = 'allow' | 'deny'
export type StepOutcome = 'pass' | 'deny' | 'skip' | 'error'

/** One layer of a cascade, as shown in a trace. */
export interface Step {
  /** Stable id, e.g. 'blocklist', 'actionAuth.roles', 'provider.authorizeAction'. */
  readonly layer: string
  readonly outcome: StepOutcome
  /** Human sentence; for a deny or error it is the exact reason sent to clients. */
  readonly reason: string
  /** What the layer looked at: required vs held roles, missing permissions, raw authorize result... */
  readonly inputs: Readonly<Record<string, JsonValue>>
  readonly durationUs: number
  /** Where the developer code this layer ran is written (a custom `authorize`), when known. */
  readonly source?: SourceLocation
}

export interface Decision {
  readonly kind: DecisionKind
  readonly verdict: Verdict
  /** Exact reason string (FluxStack Live 0.11 wording) when denied. */
  readonly reason?: string
  /** Layer id of the step that decided a denial. */
  readonly decidedBy?: string
  readonly profile: ProfileId
  readonly trace: readonly Step[]
  readonly durationUs: number
  /** Session fields read by custom rules while deciding (for missing-claim reports). */
  readonly sessionFieldsRead: readonly string[]
  /** Sharp edges met on the way (e.g. `{allowed:false}` without reason -> client sees 'AUTH_DENIED: undefined'). */
  readonly warnings: readonly string[]
}
