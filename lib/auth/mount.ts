/**
 * The mount cascade (LiveAuthManager.authorizeComponent):
 * required -> roles (OR) -> permissions (AND) -> custom authorize(auth).
 */
import type { ComponentSpec, Decision, LiveAuthContext, ProfileId } from './types'
import { type Clock, type Layer, defaultClock, runCascade } from './cascade'
import { checkPermissions, checkRoles } from './claims'
import { callAuthorize } from './rule-call'
import { withSource } from './rule-source'
import * as reasons from './reasons'
import { DEFAULT_PROFILE } from './profiles'

export interface MountRequest {
  readonly component: ComponentSpec
  readonly auth: LiveAuthContext
  readonly profile?: ProfileId
  readonly clock?: Clock
}

interface MountInput {
  readonly component: ComponentSpec
  readonly auth: LiveAuthContext
}

const NO_STATIC_AUTH = 'no static auth: anyone may mount'

const requiredLayer: Layer<MountInput> = {
  id: 'auth.required',
  run({ component, auth }) {
    if (component.auth === undefined) return { outcome: 'skip', reason: NO_STATIC_AUTH, inputs: {} }
    const inputs = { required: component.auth.required === true, authenticated: auth.authenticated }
    if (component.auth.required !== true) return { outcome: 'skip', reason: 'auth.required is not set', inputs }
    if (!auth.authenticated) return { outcome: 'deny', reason: reasons.authenticationRequired(), inputs }
    return { outcome: 'pass', reason: 'connection is authenticated', inputs }
  },
}

const rolesLayer: Layer<MountInput> = {
  id: 'auth.roles',
  run: ({ component, auth }) => checkRoles(auth, component.auth?.roles, {
    notConfigured: 'no roles required',
    unauthenticated: reasons.authenticationRequiredRoles,
    insufficient: reasons.insufficientRoles,
  }),
}

const permissionsLayer: Layer<MountInput> = {
  id: 'auth.permissions',
  run: ({ component, auth }) => checkPermissions(auth, component.auth?.permissions, {
    notConfigured: 'no permissions required',
    unauthenticated: reasons.authenticationRequiredPermissions,
    insufficient: reasons.insufficientPermissions,
  }),
}

const authorizeLayer: Layer<MountInput> = {
  id: 'auth.authorize',
  run({ component, auth }) {
    const authorize = component.auth?.authorize
    if (authorize === undefined) return { outcome: 'skip', reason: 'no custom authorize', inputs: {} }
    return withSource(callAuthorize(auth, (ctx) => authorize(ctx), {
      denied: reasons.deniedByCustomAuthorize(),
      error: reasons.authorizationError,
      allowed: 'custom authorize allowed',
    }), component.auth?.authorizeAt)
  },
}

/** Layer ids of the mount cascade, in order. */
export const MOUNT_LAYERS: readonly Layer<MountInput>[] = [requiredLayer, rolesLayer, permissionsLayer, authorizeLayer]

/**
 * Decides whether `auth` may mount `component`. Both profiles share this order.
 * @example const d = await decideMount({ component: AdminPanel, auth }); d.reason
 */
export function decideMount(request: MountRequest): Promise<Decision> {
  const { component, auth, profile = DEFAULT_PROFILE, clock = defaultClock() } = request
  return runCascade('mount', profile, MOUNT_LAYERS, { component, auth }, clock)
}
