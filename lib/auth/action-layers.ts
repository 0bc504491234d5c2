/**
 * The layers of the action cascade (ActionSecurityManager.validateAndExecute and
 * LiveAuthManager.authorizeAction in FluxStack Live 0.11). Their order is a
 * profile's business (profiles.ts).
 */
import type { ActionAuthSpec, ComponentSpec, LiveAuthContext, ProviderSpec } from './types'
import type { Layer, LayerResult } from './cascade'
import { ClaimMemo } from './claim-memo'
import { checkPermissions, checkRoles } from './claims'
import { callAuthorize, callProviderHook } from './rule-call'
import { withSource } from './rule-source'
import { trackPayloadReads } from './payload-reads'
import * as reasons from './reasons'
import { sharpEdge } from './sharp-edges'

export interface ActionInput {
  readonly component: ComponentSpec
  readonly action: string
  readonly payload: unknown
  readonly auth: LiveAuthContext
  readonly provider: ProviderSpec | undefined
  readonly providerCount: number
  /**
   * `actionAuth[action]` as the library reads it: the component's own entry, or an
   * empty rule when the name reaches an Object.prototype member (see action.ts).
   */
  readonly entry: ActionAuthSpec | undefined
  /** The entry came from Object.prototype, not from the component (a library sharp edge). */
  readonly inheritedEntry: boolean
}

/** Internal LiveComponent members a client may never call (library's BLOCKED_ACTIONS). */
export const BLOCKED_ACTIONS: ReadonlySet<string> = new Set([
  'constructor', 'destroy', 'executeAction', 'getSerializableState',
  'onMount', 'onDestroy', 'onConnect', 'onDisconnect', 'onStateChange', 'onRoomJoin', 'onRoomLeave',
  'onRehydrate', 'onAction', 'onClientJoin', 'onClientLeave',
  'setState', 'sendBinaryDelta', 'emit', 'broadcast', 'broadcastToRoom',
  'createStateProxy', 'createDirectStateAccessors', 'generateId',
  'setAuthContext', '_resetAuthContext', '$auth', '$private', '_privateState', '$persistent', '_inStateChange',
  '$room', '$rooms', 'subscribeToRoom', 'unsubscribeFromRoom',
  'emitRoomEvent', 'onRoomEvent', 'emitRoomEventWithState',
])

/**
 * LiveComponent methods that are not blocklisted, so `typeof component[action]`
 * finds them on every component (fluxstack-live@d8538f75 LiveComponent.ts:367).
 */
export const INHERITED_METHODS: ReadonlySet<string> = new Set(['setValue'])

/** Where `component[action]` would find a function: the component's class, LiveComponent, Object.prototype, or nowhere. */
export function methodLookup(component: ComponentSpec, action: string): 'own' | 'LiveComponent' | 'Object.prototype' | 'none' {
  if (component.methods.includes(action)) return 'own'
  if (INHERITED_METHODS.has(action)) return 'LiveComponent'
  if (Object.hasOwn(Object.prototype, action) && typeof (Object.prototype as Record<string, unknown>)[action] === 'function') {
    return 'Object.prototype'
  }
  return 'none'
}

// Constant results keep the declarative hot path allocation-light (see bench/engine/declarative.ts).
const NOT_BLOCKED: LayerResult = Object.freeze({ outcome: 'pass', reason: 'not an internal method', inputs: Object.freeze({ blocked: false }) })
const NO_PREFIX: LayerResult = Object.freeze({ outcome: 'pass', reason: 'no _ or # prefix', inputs: Object.freeze({ prefix: null }) })
const NO_ENTRY = 'no actionAuth entry for this action'
const SKIP_NO_ENTRY: LayerResult = Object.freeze({ outcome: 'skip', reason: NO_ENTRY, inputs: Object.freeze({}) })
const SKIP_PROVIDER_NO_ENTRY: LayerResult = Object.freeze({ outcome: 'skip', reason: `${NO_ENTRY}: provider not consulted`, inputs: Object.freeze({}) })
const SKIP_NO_AUTHORIZE: LayerResult = Object.freeze({ outcome: 'skip', reason: 'no custom authorize for this action', inputs: Object.freeze({}) })
const SKIP_NO_PROVIDER: LayerResult = Object.freeze({ outcome: 'skip', reason: 'no auth provider registered', inputs: Object.freeze({}) })
const OWN_METHOD: LayerResult = Object.freeze({ outcome: 'pass', reason: 'method defined by the component', inputs: Object.freeze({ method: 'own' }) })
const NOT_PROTO_NAME: LayerResult = Object.freeze({ outcome: 'pass', reason: 'not an Object.prototype name', inputs: Object.freeze({ objectPrototypeName: false }) })

/** A connection's context and a rule decide these two layers: computed once per context, rule and action (claim-memo.ts). */
const ROLES_MEMO = new ClaimMemo()
const PERMISSIONS_MEMO = new ClaimMemo()

const blocklist: Layer<ActionInput> = {
  id: 'blocklist',
  run({ action }) {
    if (BLOCKED_ACTIONS.has(action)) return { outcome: 'deny', reason: reasons.actionNotCallable(action), inputs: { blocked: true } }
    return NOT_BLOCKED
  },
}

const privateMethod: Layer<ActionInput> = {
  id: 'private',
  run({ action }) {
    const prefix = action.startsWith('_') ? '_' : action.startsWith('#') ? '#' : ''
    if (prefix !== '') return { outcome: 'deny', reason: reasons.actionNotCallable(action), inputs: { prefix } }
    return NO_PREFIX
  },
}

const publicActions: Layer<ActionInput> = {
  id: 'publicActions',
  run({ component, action }) {
    const listed = component.publicActions
    if (listed === undefined) {
      return { outcome: 'deny', reason: reasons.actionNoPublicActions(action), inputs: { publicActions: null } }
    }
    const inputs = { publicActions: listed }
    if (listed.includes(action)) return { outcome: 'pass', reason: 'listed in publicActions', inputs }
    const found = methodLookup(component, action)
    const reason = found === 'none' ? reasons.actionNotCallable(action) : reasons.actionNotListed(action, component.name)
    return { outcome: 'deny', reason, inputs: { ...inputs, method: found } }
  },
}

const actionRoles: Layer<ActionInput> = {
  id: 'actionAuth.roles',
  run(input) {
    if (input.entry === undefined) return SKIP_NO_ENTRY
    const { action } = input
    if (input.inheritedEntry) {
      return { outcome: 'skip', reason: `actionAuth['${action}'] is Object.prototype's '${action}': an empty rule`, inputs: { inheritedEntry: true }, warnings: [sharpEdge('action-auth-prototype')] }
    }
    const { auth, entry } = input
    return ROLES_MEMO.get(auth, entry, action) ?? ROLES_MEMO.remember(auth, entry, action, checkRoles(auth, entry.roles, {
      notConfigured: 'no roles required for this action',
      unauthenticated: () => reasons.actionAuthenticationRequired(action),
      insufficient: (roles) => reasons.actionInsufficientRoles(action, roles),
    }))
  },
}

const actionPermissions: Layer<ActionInput> = {
  id: 'actionAuth.permissions',
  run(input) {
    if (input.entry === undefined) return SKIP_NO_ENTRY
    const { action } = input
    const { auth, entry } = input
    return PERMISSIONS_MEMO.get(auth, entry, action) ?? PERMISSIONS_MEMO.remember(auth, entry, action, checkPermissions(auth, entry.permissions, {
      notConfigured: 'no permissions required for this action',
      unauthenticated: () => reasons.actionAuthenticationRequired(action),
      insufficient: (permissions) => reasons.actionInsufficientPermissions(action, permissions),
    }))
  },
}

const actionAuthorize: Layer<ActionInput> = {
  id: 'actionAuth.authorize',
  run({ entry, action, auth, payload }) {
    const authorize = entry?.authorize
    if (authorize === undefined) return SKIP_NO_AUTHORIZE
    const tracked = trackPayloadReads(payload)
    return withSource(callAuthorize(auth, (ctx) => authorize(ctx, tracked.value), {
      denied: reasons.actionDeniedByCustomAuthorize(action),
      error: (message) => reasons.actionAuthorizationError(action, message),
      allowed: 'custom authorize allowed',
    }, tracked.fieldsRead), entry?.authorizeAt)
  },
}

const providerAuthorizeAction: Layer<ActionInput> = {
  id: 'provider.authorizeAction',
  run({ entry, action, auth, provider, providerCount, component }) {
    // As in the library, the hook is only consulted for actions that have an actionAuth entry.
    if (entry === undefined) return SKIP_PROVIDER_NO_ENTRY
    const hook = provider?.authorizeAction
    if (provider === undefined || providerCount === 0) return SKIP_NO_PROVIDER
    if (hook === undefined) return { outcome: 'skip', reason: `provider '${provider.name}' has no authorizeAction`, inputs: { provider: provider.name } }
    // Not caught by the library: the exception's own text is what the client gets.
    const result = callProviderHook(auth, (ctx) => hook(ctx, component.name, action), 'authorizeAction', {
      denied: reasons.actionDeniedByProvider(action, provider.name),
      error: (message) => message,
      allowed: `provider '${provider.name}' allowed`,
      errorWarning: sharpEdge('provider-exception-leaks'),
    })
    if (providerCount <= 1) return result
    const note = `only the default provider '${provider.name}' is asked; ${providerCount - 1} other provider(s) are not`
    const addNote = (r: LayerResult): LayerResult => ({ ...r, warnings: [...(r.warnings ?? []), note] })
    return result instanceof Promise ? result.then(addNote) : addNote(result as LayerResult)
  },
}

const methodExists: Layer<ActionInput> = {
  id: 'methodExists',
  run({ component, action }) {
    const found = methodLookup(component, action)
    if (found === 'none') return { outcome: 'deny', reason: reasons.actionNotFound(action), inputs: { method: found } }
    return found === 'own' ? OWN_METHOD : { outcome: 'pass', reason: `inherited from ${found}`, inputs: { method: found } }
  },
}

const objectPrototype: Layer<ActionInput> = {
  id: 'objectPrototype',
  run({ action }) {
    if (Object.hasOwn(Object.prototype, action)) {
      return { outcome: 'deny', reason: reasons.actionNotCallable(action), inputs: { objectPrototypeName: true } }
    }
    return NOT_PROTO_NAME
  },
}

/** The four actionAuth sub-layers, in the library's order. */
export const ACTION_AUTH_LAYERS: readonly Layer<ActionInput>[] = [actionRoles, actionPermissions, actionAuthorize, providerAuthorizeAction]
/** The layers that come before actionAuth in the documented order. */
export const GATE_LAYERS: readonly Layer<ActionInput>[] = [blocklist, privateMethod, publicActions]
/** The layers that come after actionAuth in both orders. */
export const METHOD_LAYERS: readonly Layer<ActionInput>[] = [methodExists, objectPrototype]
