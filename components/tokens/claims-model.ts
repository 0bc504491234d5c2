/**
 * Pure helpers behind the claims editor: the form and the JSON editor both
 * edit one claims object; these keep them in sync without losing input.
 */

export type Claims = Record<string, unknown>
export type FieldKind = 'string' | 'number' | 'boolean' | 'json'
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }

export type ClaimsProfile = 'generic' | 'fluxstack' | 'statebacked'

/**
 * Claims with their own controls in each profile's form; every other claim is
 * shown as a custom field, so nothing signed is ever out of sight. State Backed
 * reads `act` as authContext: `sub` and `groups` are what its rules compare.
 */
export const FORM_CLAIMS: Readonly<Record<ClaimsProfile, readonly string[]>> = {
  generic: ['sub', 'name', 'iss', 'aud', 'roles', 'permissions'],
  fluxstack: ['sub', 'name', 'plan', 'type', 'roles', 'permissions'],
  statebacked: ['sub', 'groups'],
}
/** Set by the signer from the time controls, never typed as claims. */
export const TIME_CLAIMS = ['iat', 'exp', 'nbf'] as const

/** Parses the JSON editor's text: an object of claims, or where it breaks. */
export function parseClaimsJson(text: string): Parsed<Claims> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'Claims must be a JSON object ({ ... })' }
  const time = TIME_CLAIMS.filter((name) => Object.hasOwn(value, name))
  if (time.length) return { ok: false, message: `Set ${time.join(', ')} with the time controls, not in the claims` }
  return { ok: true, value: value as Claims }
}

export function formatClaims(claims: Claims): string {
  return JSON.stringify(claims, null, 2)
}

/** A copy with `name` set (kept in place) or removed when `value` is undefined. */
export function setClaim(claims: Claims, name: string, value: unknown): Claims {
  const remove = value === undefined
  if (!Object.hasOwn(claims, name)) return remove ? claims : { ...claims, [name]: value }
  return Object.fromEntries(Object.entries(claims).flatMap(([key, old]) => (key !== name ? [[key, old]] : remove ? [] : [[key, value]])))
}

/** Renames a claim in place; refuses a name that is taken or has a form control in this profile. */
export function renameClaim(claims: Claims, from: string, to: string, profile: ClaimsProfile): Parsed<Claims> {
  const name = to.trim()
  if (name === from) return { ok: true, value: claims }
  if (!name) return { ok: false, message: 'A claim needs a name' }
  if ((TIME_CLAIMS as readonly string[]).includes(name)) return { ok: false, message: `Set ${name} with the time controls, not as a claim` }
  if (Object.hasOwn(claims, name) || FORM_CLAIMS[profile].includes(name)) {
    return { ok: false, message: `"${name}" is already used` }
  }
  return { ok: true, value: Object.fromEntries(Object.entries(claims).map(([key, value]) => [key === from ? name : key, value])) }
}

/** The claims the profile's form shows as typed custom fields. */
export function customClaims(claims: Claims, profile: ClaimsProfile): Array<[string, unknown]> {
  return Object.entries(claims).filter(([name]) => !FORM_CLAIMS[profile].includes(name))
}

/**
 * Why `sub` deserves a look before a State Backed token is signed, or null.
 * signToken signs `act.sub = ""` (or no sub) without a word, and a rule such as
 * `authContext.sub === machineInstanceName` then never matches.
 */
export function stateBackedSubWarning(claims: Claims): string | null {
  const sub = Object.hasOwn(claims, 'sub') ? claims.sub : undefined
  const never = 'so rules such as authContext.sub === machineInstanceName never match'
  if (sub === undefined) return `No sub: authContext.sub is undefined, ${never}. Type the end user's id.`
  if (typeof sub !== 'string') return `sub is ${sub === null ? 'null' : `a ${Array.isArray(sub) ? 'list' : typeof sub}`}, not the end user's id as a string.`
  if (sub.trim() === '') return `sub is ${sub === '' ? 'empty' : 'blank'}: act.sub = ${JSON.stringify(sub)} names no end user, ${never}. Type the end user's id.`
  return null
}

export function kindOf(value: unknown): FieldKind {
  if (typeof value === 'string') return 'string'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'boolean'
  return 'json'
}

/** How a custom field's value is shown in its text input. */
export function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? ''
}

/** Reads a custom field's text as its kind. */
export function coerceValue(kind: FieldKind, raw: string): Parsed<unknown> {
  if (kind === 'string') return { ok: true, value: raw }
  if (kind === 'number') {
    const value = Number(raw)
    return raw.trim() !== '' && Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `"${raw}" is not a number` }
  }
  if (kind === 'boolean') return raw === 'true' || raw === 'false' ? { ok: true, value: raw === 'true' } : { ok: false, message: 'Choose true or false' }
  try {
    return { ok: true, value: JSON.parse(raw) as unknown }
  } catch {
    return { ok: false, message: 'Not valid JSON' }
  }
}

/** A claim as a list of strings (roles, permissions), ignoring other shapes. */
export function stringList(claims: Claims, name: string): string[] {
  const value = claims[name]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** The first unused "claim", "claim2"... name for a new custom field. */
export function freshClaimName(claims: Claims, base = 'claim'): string {
  let index = 1
  while (Object.hasOwn(claims, index === 1 ? base : `${base}${index}`)) index++
  return index === 1 ? base : `${base}${index}`
}
