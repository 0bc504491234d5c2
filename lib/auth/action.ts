/**
 * The action cascade: blocklist -> private -> publicActions -> actionAuth
 * (roles -> permissions -> authorize(auth, payload) -> provider.authorizeAction)
 * -> method exists -> Object.prototype, in the order of the chosen profile.
 */
import type { ActionAuthSpec, ComponentSpec, Decision, LiveAuthContext, ProfileId, ProviderSpec } from './types'
import { type Clock, defaultClock, runCascade } from './cascade'
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
  return runCascade('action', profile, actionLayers(profile), input, request.clock ?? defaultClock())
}
