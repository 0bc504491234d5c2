/**
 * The action cascade: blocklist -> private -> publicActions -> actionAuth
 * (roles -> permissions -> authorize(auth, payload) -> provider.authorizeAction)
 * -> method exists -> Object.prototype, in the order of the chosen profile.
 */
import type { ActionAuthSpec, ComponentSpec, Decision, LiveAuthContext, ProfileId, ProviderSpec } from './types'
import { type Clock, defaultClock, runCascadeNow } from './cascade'
import { AuthEngineError } from './errors'
import { DEFAULT_PROFILE, actionLayers } from './profiles'

const EMPTY_ENTRY: ActionAuthSpec = Object.freeze({})

export interface ActionRequest {
  readonly component: ComponentSpec
  readonly action: string
  readonly payload?: unknown
  /** The calling connection's current context. */
  readonly auth: LiveAuthContext
  /** The default provider, if any (hooks are only called on it). */
  readonly provider?: ProviderSpec
  /** How many providers are registered (default: 1 when `provider` is given, else 0). */
  readonly providerCount?: number
  readonly profile?: ProfileId
  readonly clock?: Clock
}

/**
 * Decides whether `auth` may call `action` on `component`.
 * @example await decideAction({ component: ModerationPanel, action: 'banUser', auth })
 */
export function decideAction(request: ActionRequest): Promise<Decision> {
  // Misuse throws at once (as it always did); a failing layer rejects.
  if (typeof request.action !== 'string') return Promise.resolve(decideActionNow(request))
  try {
    return Promise.resolve(decideActionNow(request))
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The same decision, returned as a value when every layer that ran was
 * declarative (no custom rule or provider hook awaited), else as a promise.
 * Throws (instead of rejecting) on invalid input.
 * @example const d = decideActionNow(request); const decision = d instanceof Promise ? await d : d
 */
export function decideActionNow(request: ActionRequest): Decision | Promise<Decision> {
  const { component, action, payload, auth, provider } = request
  if (typeof action !== 'string') {
    throw new AuthEngineError('ERR_AUTH_INVALID_INPUT', 'decideAction needs the action name as a string')
  }
  const map = component.actionAuth
  // The library reads `actionAuth?.[action]`: a name like 'constructor' or 'toString' finds an
  // Object.prototype member, which is truthy and holds no rule (an empty entry). Never its value.
  const own = map !== undefined && Object.hasOwn(map, action)
  const inheritedEntry = map !== undefined && !own && action in Object.prototype
  const entry = own ? map[action] : inheritedEntry ? EMPTY_ENTRY : undefined
  const providerCount = request.providerCount ?? (provider === undefined ? 0 : 1)
  const profile = request.profile ?? DEFAULT_PROFILE
  const input = { component, action, payload, auth, provider, providerCount, entry, inheritedEntry }
  return runCascadeNow('action', profile, actionLayers(profile), input, request.clock ?? defaultClock())
}
