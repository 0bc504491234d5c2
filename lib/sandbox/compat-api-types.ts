/**
 * Type declarations of the studio's compatible API, for the workspace editor
 * (registered as '@fluxstack/live' and '@core/server/live'). The runtime lives
 * in compat-api-source.ts; these types describe it.
 */
export const COMPAT_API_TYPES = String.raw`
export interface LiveAuthSession {
  id: string
  roles?: string[]
  permissions?: string[]
  [key: string]: unknown
}

/**
 * Credentials passed to LiveAuthProvider.authenticate().
 * In the studio, the HOST verifies a JWT (signature, exp, nbf, iss, aud) with jose
 * before calling the provider, and adds the verified payload as 'claims'
 * (undefined when the token did not verify). Providers map claims to a session.
 */
export interface LiveAuthCredentials {
  token?: string
  publicKey?: string
  signature?: string
  timestamp?: number
  nonce?: string
  /** Verified JWT payload, set by the studio; undefined when verification failed. */
  claims?: Record<string, unknown>
  [key: string]: unknown
}

export interface LiveAuthContext {
  readonly authenticated: boolean
  readonly session?: LiveAuthSession
  /** @deprecated alias for session */
  readonly user?: LiveAuthSession
  readonly token?: string
  readonly authenticatedAt?: number
  hasRole(role: string): boolean
  hasAnyRole(roles: string[]): boolean
  hasAllRoles(roles: string[]): boolean
  hasPermission(permission: string): boolean
  hasAnyPermission(permissions: string[]): boolean
  hasAllPermissions(permissions: string[]): boolean
}

export type LiveAuthResult = boolean | { allowed: boolean; reason?: string }

export interface LiveComponentAuth {
  required?: boolean
  roles?: string[]
  permissions?: string[]
  authorize?: (auth: LiveAuthContext) => LiveAuthResult | Promise<LiveAuthResult>
}

export interface LiveActionAuth {
  roles?: string[]
  permissions?: string[]
  authorize?: (auth: LiveAuthContext, payload: any) => LiveAuthResult | Promise<LiveAuthResult>
}

export type LiveActionAuthMap = Record<string, LiveActionAuth>

export interface LiveAuthProvider {
  readonly name: string
  authenticate(credentials: LiveAuthCredentials): Promise<LiveAuthContext | null>
  authorizeAction?(context: LiveAuthContext, componentName: string, action: string): Promise<boolean>
  authorizeRoom?(context: LiveAuthContext, roomId: string): Promise<boolean>
}

export declare class AuthenticatedContext implements LiveAuthContext {
  constructor(session: LiveAuthSession, token?: string)
  readonly authenticated: true
  readonly session: LiveAuthSession
  readonly user: LiveAuthSession
  readonly token?: string
  readonly authenticatedAt: number
  hasRole(role: string): boolean
  hasAnyRole(roles: string[]): boolean
  hasAllRoles(roles: string[]): boolean
  hasPermission(permission: string): boolean
  hasAnyPermission(permissions: string[]): boolean
  hasAllPermissions(permissions: string[]): boolean
}

export declare class AnonymousContext implements LiveAuthContext {
  readonly authenticated: false
  hasRole(): false
  hasAnyRole(): false
  hasAllRoles(): false
  hasPermission(): false
  hasAnyPermission(): false
  hasAllPermissions(): false
}

export declare const ANONYMOUS_CONTEXT: AnonymousContext

export declare abstract class LiveComponent<TState extends Record<string, any> = Record<string, any>, TPrivate extends Record<string, any> = Record<string, any>> {
  static componentName?: string
  static publicActions?: readonly string[]
  static auth?: LiveComponentAuth
  static actionAuth?: LiveActionAuthMap
  static defaultState?: object
  static updatableFields?: readonly string[]
  constructor(initialState?: Partial<TState>, ws?: unknown, options?: unknown)
  /** Client reads AND writes (PROPERTY_UPDATE): never keep auth flags here. */
  state: TState
  /** Server-only; the client never sees it. */
  $private: TPrivate
  /** Set by the framework at mount; read-only. */
  readonly $auth: LiveAuthContext
  setState(partial: Partial<TState> | ((state: TState) => Partial<TState>)): void
  emit(event: string, data?: unknown): void
  broadcast(event: string, data?: unknown, room?: string): void
  destroy(): void
}

export declare const liveAuthManager: { register(provider: LiveAuthProvider): void }
`
