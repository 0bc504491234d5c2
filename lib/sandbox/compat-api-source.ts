/**
 * Guest-side source of the studio's FluxStack-compatible API, served to workspace
 * code as '@fluxstack/live' and '@core/server/live' (one module, 'flux:live').
 * Plain ES2022 (no TypeScript), evaluated inside QuickJS only. Semantics follow
 * FluxStack Live 0.11's LiveAuthContext / LiveComponent; types live in
 * compat-api-types.ts. Keep it free of template literals: it is one itself.
 */
import { COMPONENT_SOURCE } from './component-source'

/**
 * 'flux:internal': shared guest state; only the API module and the bridge may import it.
 * Every recorded event carries the number of the microtask batch it was made in:
 * a batch opens with its first event and closes when the microtask queued then
 * runs, exactly when FluxStack Live's send batcher would flush.
 */
export const INTERNAL_SOURCE = String.raw`
export const internal = {
  auth: new WeakMap(),
  events: new WeakMap(),
  state: new WeakMap(),
  privates: new WeakMap(),
  inStateChange: new WeakSet(),
  boot: null,
  registered: [],
  logs: [],
  batch: 0,
  batchOpen: false,
  /** Events past this many in one call are dropped (the library's queue keeps 1000) and the client is resynced. */
  maxEvents: 1000,
  overflow: false,
  batchId() {
    if (!internal.batchOpen) {
      internal.batchOpen = true
      internal.batch++
      Promise.resolve().then(() => { internal.batchOpen = false })
    }
    return internal.batch
  },
  record(component, entry) {
    const list = internal.events.get(component)
    if (!list) return
    entry.b = internal.batchId()
    if (list.length >= internal.maxEvents) { list.shift(); internal.overflow = true }
    list.push(entry)
  },
}
`

/** 'flux:live': the compatible API itself. */
export const COMPAT_API_SOURCE = String.raw`
import { internal } from 'flux:internal'

function freezeDeep(value, seen = new Set()) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return value
  seen.add(value)
  Object.freeze(value)
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)
    if (d && 'value' in d) freezeDeep(d.value, seen)
  }
  return value
}

function list(session, field) {
  const value = session ? session[field] : undefined
  return Array.isArray(value) ? value : undefined
}
function hasOne(session, field, item) {
  const held = list(session, field)
  return held ? held.includes(item) : false
}
function hasAny(session, field, wanted) {
  const held = list(session, field)
  if (!held || held.length === 0) return false
  return wanted.some((item) => held.includes(item))
}
function hasAll(session, field, wanted) {
  const held = list(session, field)
  if (!held || held.length === 0) return wanted.length === 0
  return wanted.every((item) => held.includes(item))
}

/** $auth of a signed-in connection; the session is deep-frozen. */
export class AuthenticatedContext {
  constructor(session, token) {
    if (typeof session !== 'object' || session === null) throw new TypeError('AuthenticatedContext needs a session object')
    const copy = { ...session }
    if (Array.isArray(session.roles)) copy.roles = [...session.roles]
    if (Array.isArray(session.permissions)) copy.permissions = [...session.permissions]
    this.authenticated = true
    this.session = freezeDeep(copy)
    Object.defineProperty(this, 'token', { value: token, enumerable: false })
    this.authenticatedAt = Date.now()
    Object.freeze(this)
  }
  /** @deprecated alias for session */
  get user() { return this.session }
  hasRole(role) { return hasOne(this.session, 'roles', role) }
  hasAnyRole(roles) { return hasAny(this.session, 'roles', roles) }
  hasAllRoles(roles) { return hasAll(this.session, 'roles', roles) }
  hasPermission(permission) { return hasOne(this.session, 'permissions', permission) }
  hasAnyPermission(permissions) { return hasAny(this.session, 'permissions', permissions) }
  hasAllPermissions(permissions) { return hasAll(this.session, 'permissions', permissions) }
}

/** $auth of a guest connection: every helper is false. */
export class AnonymousContext {
  constructor() {
    this.authenticated = false
    this.session = undefined
    this.user = undefined
    this.token = undefined
    this.authenticatedAt = undefined
    Object.freeze(this)
  }
  hasRole() { return false }
  hasAnyRole() { return false }
  hasAllRoles() { return false }
  hasPermission() { return false }
  hasAnyPermission() { return false }
  hasAllPermissions() { return false }
}

export const ANONYMOUS_CONTEXT = new AnonymousContext()

${COMPONENT_SOURCE}

/** Providers registered with liveAuthManager.register() are picked up like exported ones. */
export const liveAuthManager = {
  register(provider) {
    if (internal.registered.length < 50) internal.registered.push(provider)
  },
}
`
