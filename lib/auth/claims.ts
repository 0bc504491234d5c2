/**
 * The declarative role (OR) and permission (AND) checks shared by the mount and
 * action cascades, with the inputs a trace shows: required vs held, missing.
 * The decision itself goes through the context's own helpers, as in the library.
 */
import type { LiveAuthContext } from './types'
import type { LayerResult } from './cascade'
import { rawSessionOf } from './context'

type ClaimField = 'roles' | 'permissions'

/** How the session carries a claim list: absent, an array, or something else (ignored). */
export type ClaimShape = 'missing' | 'array' | 'invalid'

export interface HeldClaims {
  readonly held: string[]
  readonly shape: ClaimShape
}

/** The string entries of `session[field]`, read without recording a rule read. */
export function heldClaims(auth: LiveAuthContext, field: ClaimField): HeldClaims {
  const session = rawSessionOf(auth)
  const value: unknown = session?.[field]
  if (value === undefined || value === null) return { held: [], shape: 'missing' }
  if (!Array.isArray(value)) return { held: [], shape: 'invalid' }
  return { held: value.filter((item): item is string => typeof item === 'string'), shape: 'array' }
}

export interface ClaimWording {
  readonly notConfigured: string
  readonly unauthenticated: (required: readonly string[]) => string
  readonly insufficient: (required: readonly string[]) => string
}

/** Roles: the context must hold at least one of `required`. Inputs reference `required` (readonly spec data) without copying. */
export function checkRoles(auth: LiveAuthContext, required: readonly string[] | undefined, wording: ClaimWording): LayerResult {
  if (required === undefined || required.length === 0) return { outcome: 'skip', reason: wording.notConfigured, inputs: {} }
  const { held, shape } = heldClaims(auth, 'roles')
  const authenticated = auth.authenticated
  if (!authenticated || !auth.hasAnyRole(required)) {
    const reason = authenticated ? wording.insufficient(required) : wording.unauthenticated(required)
    return { outcome: 'deny', reason, inputs: { required, held, rolesClaim: shape, authenticated } }
  }
  const matched = required.filter((role) => held.includes(role))
  return { outcome: 'pass', reason: 'holds one of the required roles', inputs: { required, held, matched, rolesClaim: shape, authenticated } }
}

/** Permissions: the context must hold every one of `required`. */
export function checkPermissions(auth: LiveAuthContext, required: readonly string[] | undefined, wording: ClaimWording): LayerResult {
  if (required === undefined || required.length === 0) return { outcome: 'skip', reason: wording.notConfigured, inputs: {} }
  const { held, shape } = heldClaims(auth, 'permissions')
  const missing = required.filter((permission) => !held.includes(permission))
  const inputs = { required, held, missing, permissionsClaim: shape, authenticated: auth.authenticated }
  if (!auth.authenticated) return { outcome: 'deny', reason: wording.unauthenticated(required), inputs }
  if (!auth.hasAllPermissions(required)) return { outcome: 'deny', reason: wording.insufficient(required), inputs }
  return { outcome: 'pass', reason: 'holds every required permission', inputs }
}
