/**
 * Auth contexts with the seed's `$auth` API and FluxStack Live 0.11's edge
 * semantics (packages/core/src/auth/LiveAuthContext.ts):
 * - authenticated, no/empty `roles`: hasAllRoles([]) is true, hasAnyRole([]) false;
 * - anonymous: every helper is false, even hasAllRoles([]).
 * Deliberate difference: a `roles`/`permissions` claim that is not an array
 * (e.g. the string 'admin') counts as absent; the library would run
 * String.prototype.includes on it ('admin'.includes('adm') === true).
 */
import type { AuthSnapshot, LiveAuthContext, LiveAuthSession } from './types'
import { AuthEngineError } from './errors'
import { deepFreezeCopy } from './freeze'

interface Internals {
  /** The real (unproxied, frozen) session. */
  readonly session?: LiveAuthSession
  readonly provider?: string
  /** Present on contexts made by trackReads. */
  readonly reads?: Set<string>
  /** Opaque: whom work done with this context is for (see taggedContext). */
  readonly tag?: unknown
}

/**
 * One registry per process, even when this module is loaded twice: Next's
 * bundle of lib/auth (the matrix, rule tests, predictions) and the copy the
 * sandbox is run with must know each other's contexts, or the sandbox
 * adapter would snapshot a read-tracking session through its proxy (every
 * field "read") and drop the reads the guest reports.
 */
const REGISTRY = Symbol.for('live-auth-studio/auth-context-internals')
const shared = globalThis as unknown as Record<symbol, WeakMap<object, Internals> | undefined>
const internals: WeakMap<object, Internals> = (shared[REGISTRY] ??= new WeakMap<object, Internals>())

/** Keys looked up by the runtime itself (promise resolution, JSON), not by a rule. */
const IGNORED_READS: ReadonlySet<string> = new Set(['then', 'toJSON'])

/** A claim list only counts when it is an array; non-strings inside never match. */
function claimList(session: LiveAuthSession, field: 'roles' | 'permissions'): readonly unknown[] | undefined {
  const value: unknown = session[field]
  return Array.isArray(value) ? value : undefined
}

function hasOne(session: LiveAuthSession, field: 'roles' | 'permissions', item: string): boolean {
  return claimList(session, field)?.includes(item) ?? false
}

function hasAny(session: LiveAuthSession, field: 'roles' | 'permissions', wanted: readonly string[]): boolean {
  const held = claimList(session, field)
  if (held === undefined || held.length === 0) return false
  return wanted.some((item) => held.includes(item))
}

function hasAll(session: LiveAuthSession, field: 'roles' | 'permissions', wanted: readonly string[]): boolean {
  const held = claimList(session, field)
  if (held === undefined || held.length === 0) return wanted.length === 0
  return wanted.every((item) => held.includes(item))
}

class SessionContext implements LiveAuthContext {
  readonly authenticated = true
  readonly session: LiveAuthSession
  readonly authenticatedAt?: number
  declare readonly token?: string

  constructor(session: LiveAuthSession, token: string | undefined, authenticatedAt: number | undefined) {
    this.session = session
    if (authenticatedAt !== undefined) this.authenticatedAt = authenticatedAt
    // Not enumerable: a context that gets logged or JSON-serialized must not leak its token.
    Object.defineProperty(this, 'token', { value: token, enumerable: false })
    Object.freeze(this)
  }

  /** @deprecated alias for `session`, kept because the seed keeps it. */
  get user(): LiveAuthSession {
    return this.session
  }

  hasRole(role: string): boolean { return hasOne(this.session, 'roles', role) }
  hasAnyRole(roles: readonly string[]): boolean { return hasAny(this.session, 'roles', roles) }
  hasAllRoles(roles: readonly string[]): boolean { return hasAll(this.session, 'roles', roles) }
  hasPermission(permission: string): boolean { return hasOne(this.session, 'permissions', permission) }
  hasAnyPermission(permissions: readonly string[]): boolean { return hasAny(this.session, 'permissions', permissions) }
  hasAllPermissions(permissions: readonly string[]): boolean { return hasAll(this.session, 'permissions', permissions) }
}

const ANONYMOUS: LiveAuthContext = Object.freeze({
  authenticated: false,
  session: undefined,
  user: undefined,
  token: undefined,
  authenticatedAt: undefined,
  hasRole: () => false,
  hasAnyRole: () => false,
  hasAllRoles: () => false,
  hasPermission: () => false,
  hasAnyPermission: () => false,
  hasAllPermissions: () => false,
})

/**
 * An authenticated context over a deep-frozen copy of `session`.
 * `authenticatedAt` is passed in (pure code does not read the clock).
 * @example createAuthContext({ id: 'u1', roles: ['admin'] }, token, Date.now(), 'jwt')
 */
export function createAuthContext(
  session: LiveAuthSession,
  token?: string,
  authenticatedAt?: number,
  provider?: string,
): LiveAuthContext {
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    throw new AuthEngineError('ERR_AUTH_INVALID_SESSION', 'An authenticated context needs a session object')
  }
  const frozen = deepFreezeCopy(session)
  const ctx = new SessionContext(frozen, token, authenticatedAt)
  internals.set(ctx, provider === undefined ? { session: frozen } : { session: frozen, provider })
  return ctx
}

/** The shared anonymous context: not authenticated, every helper false. */
export function anonymousContext(): LiveAuthContext {
  return ANONYMOUS
}

/** Rebuilds a context from a snapshot; an 'authenticated' snapshot without a session is anonymous (fail-closed). */
export function contextFromSnapshot(snapshot: AuthSnapshot): LiveAuthContext {
  if (!snapshot.authenticated || snapshot.session === undefined) return ANONYMOUS
  return createAuthContext(snapshot.session, undefined, snapshot.authenticatedAt, snapshot.provider)
}

/**
 * A context whose answers cannot change: made by this module (frozen, over a
 * deep-frozen session) and not recording reads. Checks on it may be memoized.
 */
export function isStableContext(ctx: LiveAuthContext): boolean {
  if (ctx === ANONYMOUS) return true
  const known = internals.get(ctx)
  return known !== undefined && known.reads === undefined
}

/** The real session behind a context (never the read-recording proxy). */
export function rawSessionOf(ctx: LiveAuthContext): LiveAuthSession | undefined {
  if (!ctx.authenticated) return undefined
  const known = internals.get(ctx)
  return known !== undefined ? known.session : ctx.session
}

/** Plain data for crossing boundaries. Never includes the token; does not record reads. */
export function snapshotOf(ctx: LiveAuthContext): AuthSnapshot {
  if (!ctx.authenticated) return { authenticated: false }
  const known = internals.get(ctx)
  const session = known !== undefined ? known.session : ctx.session
  const snapshot: { -readonly [K in keyof AuthSnapshot]: AuthSnapshot[K] } = { authenticated: true }
  if (session !== undefined) snapshot.session = known !== undefined ? session : deepFreezeCopy(session)
  if (ctx.authenticatedAt !== undefined) snapshot.authenticatedAt = ctx.authenticatedAt
  if (known?.provider !== undefined) snapshot.provider = known.provider
  return snapshot
}

function recordingProxy(session: LiveAuthSession, reads: Set<string>): LiveAuthSession {
  const note = (key: string | symbol): void => {
    if (typeof key === 'string' && !IGNORED_READS.has(key)) reads.add(key)
  }
  return new Proxy(session, {
    get(target, key) { note(key); return Reflect.get(target, key) },
    has(target, key) { note(key); return Reflect.has(target, key) },
    getOwnPropertyDescriptor(target, key) { note(key); return Reflect.getOwnPropertyDescriptor(target, key) },
  })
}

/**
 * A twin of `ctx` whose session records which top-level fields are read (helpers
 * included: hasRole reads 'roles'). Anonymous contexts read nothing.
 */
export function trackReads(ctx: LiveAuthContext): { ctx: LiveAuthContext; fieldsRead(): string[] } {
  const session = rawSessionOf(ctx)
  // An anonymous context has nothing to read; a tagged one keeps its tag.
  if (session === undefined) return { ctx: internals.get(ctx)?.tag !== undefined ? ctx : ANONYMOUS, fieldsRead: () => [] }
  const reads = new Set<string>()
  const known = internals.get(ctx)
  const tracked = new SessionContext(recordingProxy(session, reads), ctx.token, ctx.authenticatedAt)
  internals.set(tracked, { session, reads, ...(known?.provider !== undefined ? { provider: known.provider } : {}), ...(known?.tag !== undefined ? { tag: known.tag } : {}) })
  return { ctx: tracked, fieldsRead: () => [...reads] }
}

/**
 * The same context carrying an opaque `tag` that rules cannot see: the live
 * server tags each connection's context with its sandbox lane, so a rule
 * function running workspace code knows whom to charge (trackReads keeps it).
 */
export function taggedContext(ctx: LiveAuthContext, tag: unknown): LiveAuthContext {
  const known = internals.get(ctx)
  if (!ctx.authenticated) {
    const anonymous: LiveAuthContext = Object.freeze({ ...ANONYMOUS })
    internals.set(anonymous, { tag })
    return anonymous
  }
  const session = known !== undefined ? known.session : ctx.session
  if (session === undefined) return ctx
  const tagged = new SessionContext(session, ctx.token, ctx.authenticatedAt)
  internals.set(tagged, { session, ...(known?.provider !== undefined ? { provider: known.provider } : {}), tag })
  return tagged
}

/** The tag given by taggedContext (kept by trackReads), if any. */
export function callTagOf(ctx: LiveAuthContext): unknown {
  return internals.get(ctx)?.tag
}

/** Lets a sandbox adapter report a read made inside the guest; a no-op for untracked contexts. */
export function recordSessionRead(ctx: LiveAuthContext, field: string): void {
  internals.get(ctx)?.reads?.add(field)
}
