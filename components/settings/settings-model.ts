/**
 * The settings form as plain strings and flags (what the inputs hold) and its
 * conversion to and from the wire shape. Pure: no React, no fetch.
 */
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '@/lib/tokens/algorithms'
import { fieldNameProblem, workspaceSettingsSchema, type SettingsProfile, type WorkspaceSettings } from '@/lib/api/settings'

export interface SettingsForm {
  readonly profile: SettingsProfile
  /** Empty = no narrowing: each key verifies with its own algorithm. */
  readonly algorithms: readonly SigningAlgorithm[]
  /** One value, or several separated by commas or new lines. */
  readonly issuer: string
  readonly audience: string
  readonly clockToleranceS: string
  /** Unchecked = tokens without exp are accepted (explicit opt-out). */
  readonly requireExp: boolean
  /** Blank = no limit. */
  readonly maxTokenAgeS: string
  /** Blank = the default claim (sub, roles, permissions). */
  readonly idClaim: string
  readonly rolesClaim: string
  readonly permissionsClaim: string
  /** One `field = claim` per line. */
  readonly fields: string
  readonly passThrough: boolean
}

export type FormField = keyof SettingsForm
export type FormErrors = Partial<Record<FormField, string>>
export type FormResult = { readonly ok: true; readonly value: WorkspaceSettings } | { readonly ok: false; readonly errors: FormErrors }

const listText = (v: string | readonly string[] | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : v.join(', '))

/** The inputs' values for stored settings. */
export function toForm(s: WorkspaceSettings): SettingsForm {
  const m = s.jwt.mapping ?? {}
  const chosen = new Set<string>(s.jwt.algorithms ?? [])
  return {
    profile: s.profile,
    algorithms: SIGNING_ALGORITHMS.filter((a) => chosen.has(a)),
    issuer: listText(s.jwt.issuer),
    audience: listText(s.jwt.audience),
    clockToleranceS: String(s.jwt.clockToleranceS),
    requireExp: s.jwt.requireExp !== false,
    maxTokenAgeS: s.jwt.maxTokenAgeS === undefined ? '' : String(s.jwt.maxTokenAgeS),
    idClaim: m.idClaim ?? '',
    rolesClaim: m.rolesClaim ?? '',
    permissionsClaim: m.permissionsClaim ?? '',
    fields: Object.entries(m.fields ?? {}).map(([field, claim]) => `${field} = ${claim}`).join('\n'),
    passThrough: m.passThrough ?? true,
  }
}

function splitList(text: string): string | string[] | undefined {
  const items = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)
  return items.length === 0 ? undefined : items.length === 1 ? items[0] : items
}

/** A whole number of seconds, or the error to show; blank is `undefined`. */
function seconds(text: string, label: string): { value?: number; error?: string } {
  const t = text.trim()
  if (t === '') return {}
  return /^\d+$/.test(t) ? { value: Number(t) } : { error: `${label} must be a whole number of seconds` }
}

/** `field = claim` lines; blank lines are skipped. */
function parseFields(text: string): { value?: Record<string, string>; error?: string } {
  // A null-prototype map: a typed `__proto__` must never reach the prototype slot.
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  const lines = text.split('\n')
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    const m = /^\s*([^=\s]+)\s*=\s*(\S.*?)\s*$/.exec(line)
    if (!m?.[1] || !m[2]) return { error: `Line ${i + 1}: write it as field = claim` }
    const problem = fieldNameProblem(m[1])
    if (problem) return { error: `Line ${i + 1}: ${problem}` }
    if (Object.hasOwn(out, m[1])) return { error: `Line ${i + 1}: the field "${m[1]}" is mapped twice` }
    out[m[1]] = m[2]
  }
  return Object.keys(out).length === 0 ? {} : { value: { ...out } }
}

const PATH_FIELD: Readonly<Record<string, FormField>> = {
  profile: 'profile',
  'jwt.algorithms': 'algorithms',
  'jwt.issuer': 'issuer',
  'jwt.audience': 'audience',
  'jwt.clockToleranceS': 'clockToleranceS',
  'jwt.maxTokenAgeS': 'maxTokenAgeS',
  'jwt.mapping.idClaim': 'idClaim',
  'jwt.mapping.rolesClaim': 'rolesClaim',
  'jwt.mapping.permissionsClaim': 'permissionsClaim',
  'jwt.mapping.fields': 'fields',
}

/** The field an issue path belongs to (`jwt.issuer.1` -> issuer, `jwt.mapping.fields.x` -> fields). */
function fieldOf(path: readonly PropertyKey[]): FormField {
  for (let n = path.length; n > 0; n--) {
    const hit = PATH_FIELD[path.slice(0, n).map(String).join('.')]
    if (hit) return hit
  }
  return 'profile'
}

/** The wire body for the form, or an error per field. */
export function fromForm(form: SettingsForm): FormResult {
  const errors: FormErrors = {}
  const tolerance = seconds(form.clockToleranceS, 'Clock tolerance')
  const maxAge = seconds(form.maxTokenAgeS, 'Max token age')
  const fields = parseFields(form.fields)
  if (form.clockToleranceS.trim() === '') errors.clockToleranceS = 'Clock tolerance is required (0 for none)'
  if (tolerance.error) errors.clockToleranceS = tolerance.error
  if (maxAge.error) errors.maxTokenAgeS = maxAge.error
  if (fields.error) errors.fields = fields.error
  const claim = (t: string) => (t.trim() === '' ? undefined : t.trim())
  const mapping = Object.fromEntries(Object.entries({
    idClaim: claim(form.idClaim),
    rolesClaim: claim(form.rolesClaim),
    permissionsClaim: claim(form.permissionsClaim),
    fields: fields.value,
    passThrough: form.passThrough ? undefined : false,
  }).filter(([, v]) => v !== undefined))
  const jwt = Object.fromEntries(Object.entries({
    algorithms: form.algorithms.length > 0 ? [...form.algorithms] : undefined,
    issuer: splitList(form.issuer),
    audience: splitList(form.audience),
    clockToleranceS: tolerance.value ?? 30,
    requireExp: form.requireExp ? undefined : false,
    maxTokenAgeS: maxAge.value,
    mapping: Object.keys(mapping).length > 0 ? mapping : undefined,
  }).filter(([, v]) => v !== undefined))
  const parsed = workspaceSettingsSchema.safeParse({ profile: form.profile, jwt })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path)
      errors[field] ??= issue.message
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors }
  return { ok: true, value: parsed.data }
}

/** True when the form differs from the saved settings (what Save would change). */
export function isDirty(form: SettingsForm, saved: SettingsForm): boolean {
  return changedFields(form, saved).length > 0
}

/** Which form fields differ, for the "unsaved changes" summary. */
export function changedFields(form: SettingsForm, saved: SettingsForm): FormField[] {
  return (Object.keys(saved) as FormField[]).filter((k) => JSON.stringify(form[k]) !== JSON.stringify(saved[k]))
}
