import type { LiveAuthSession } from '../auth/types'

/** How verified claims become a FluxStack `$auth.session` (per workspace). */
export interface SessionMapping {
  /** Claim that becomes `session.id` (default 'sub'). */
  readonly idClaim: string
  readonly rolesClaim: string
  readonly permissionsClaim: string
  /** Extra renames: session field <- claim name (e.g. { name: 'preferred_username' }). */
  readonly fields: Readonly<Record<string, string>>
  /** Copy other non-registered claims as they are (default true). */
  readonly passThrough: boolean
}

export const DEFAULT_SESSION_MAPPING: SessionMapping = { idClaim: 'sub', rolesClaim: 'roles', permissionsClaim: 'permissions', fields: {}, passThrough: true }

/** Registered claims (RFC 7519 4.1) that describe the token, not the session. */
export const REGISTERED_CLAIMS: readonly string[] = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export type SessionResult =
  | { readonly ok: true; readonly session: LiveAuthSession; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly reason: string }

function own(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined
}

function stringList(value: unknown, claim: string, warnings: string[]): string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) {
    warnings.push(`"${claim}" is not an array; ignored`)
    return undefined
  }
  const strings = value.filter((item): item is string => typeof item === 'string')
  if (strings.length !== value.length) warnings.push(`"${claim}" has non-string entries; they were dropped`)
  return strings
}

/**
 * Maps verified claims to a session: `id` from the id claim, roles and
 * permissions as string arrays, renamed fields, then other custom claims.
 * Reads own properties only and never copies `__proto__`-like keys.
 */
export function sessionFromClaims(claims: Readonly<Record<string, unknown>>, mapping: Partial<SessionMapping> = {}): SessionResult {
  const map = { ...DEFAULT_SESSION_MAPPING, ...mapping }
  const rawId = own(claims, map.idClaim)
  if (typeof rawId !== 'string' && !(typeof rawId === 'number' && Number.isFinite(rawId))) {
    return { ok: false, reason: `Claim "${map.idClaim}" (the session id) is missing or not a string` }
  }
  const warnings: string[] = []
  const entries: Array<[string, unknown]> = [['id', String(rawId)]]
  const roles = stringList(own(claims, map.rolesClaim), map.rolesClaim, warnings)
  const permissions = stringList(own(claims, map.permissionsClaim), map.permissionsClaim, warnings)
  if (roles) entries.push(['roles', roles])
  if (permissions) entries.push(['permissions', permissions])
  const consumed = new Set([map.idClaim, map.rolesClaim, map.permissionsClaim, ...REGISTERED_CLAIMS])
  for (const [field, claim] of Object.entries(map.fields)) {
    if (FORBIDDEN_KEYS.has(field) || !Object.hasOwn(claims, claim)) continue
    entries.push([field, claims[claim]])
    consumed.add(claim)
  }
  const taken = new Set(entries.map(([field]) => field))
  for (const name of map.passThrough ? Object.keys(claims) : []) {
    if (consumed.has(name) || taken.has(name)) continue
    if (FORBIDDEN_KEYS.has(name)) warnings.push(`Claim "${name}" was not copied (prototype key)`)
    else entries.push([name, claims[name]])
  }
  // fromEntries defines own properties, so no key can reach a prototype.
  return { ok: true, session: Object.fromEntries(entries) as LiveAuthSession, warnings }
}

/** The claims to mint for a session (the inverse mapping); registered claims are left to the signer. */
export function claimsFromSession(session: LiveAuthSession, mapping: Partial<SessionMapping> = {}): Record<string, unknown> {
  const map = { ...DEFAULT_SESSION_MAPPING, ...mapping }
  const renamed = new Map(Object.entries(map.fields))
  const entries: Array<[string, unknown]> = [[map.idClaim, session.id]]
  for (const field of Object.keys(session)) {
    if (field === 'id' || FORBIDDEN_KEYS.has(field)) continue
    const claim = field === 'roles' ? map.rolesClaim : field === 'permissions' ? map.permissionsClaim : (renamed.get(field) ?? field)
    if (claim === map.idClaim || REGISTERED_CLAIMS.includes(claim)) continue
    entries.push([claim, session[field]])
  }
  return Object.fromEntries(entries)
}
