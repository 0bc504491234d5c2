/**
 * The composer's form state (plain strings, as the inputs hold them) and its
 * conversion to and from the lib/rules models, with validation issues the
 * panel shows next to each field. What a form builds type-checks where it is
 * used: a mount rule (LiveComponentAuth, `static auth`) or an action rule
 * (LiveActionAuth, an `actionAuth` entry) each get only what their type has
 * (tests/unit/rules-ui/composer-typecheck.test.ts compiles every form). Pure: no React.
 */
import {
  IDENTIFIER, assertValidModel, isParamRef, RulesError,
  type AuthorizeTemplate, type ExportModel, type FactoryParam, type RuleModel, type RuleRef, type RuleTypeName, type TextValue,
} from '@/lib/rules'

export type AuthorizeMode = 'none' | AuthorizeTemplate['template']

export interface AuthorizeForm {
  readonly mode: AuthorizeMode
  readonly ownerField: string
  readonly plans: readonly string[]
  readonly flag: string
  readonly fromHour: string
  readonly toHour: string
  readonly tzOffsetMinutes: string
  readonly code: string
}

export interface RuleForm {
  readonly required: 'unset' | 'yes' | 'no'
  readonly roles: readonly string[]
  readonly permissions: readonly string[]
  readonly authorize: AuthorizeForm
}

export interface ExportForm {
  readonly name: string
  readonly kind: 'rule' | 'factory'
  readonly type: '' | RuleTypeName
  readonly params: readonly FactoryParam[]
  readonly rule: RuleForm
}

export interface ComponentRuleForm {
  readonly source: 'ref' | 'inline'
  readonly ref: string
  /** Factory arguments, one per parameter (an empty one takes the parameter's default). */
  readonly args: readonly string[]
  readonly rule: RuleForm
}

/**
 * Where a rule is used: 'mount' (LiveComponentAuth: `required`, an authorize
 * that gets only auth), 'action' (LiveActionAuth: no `required`, an authorize
 * that also gets the payload), or 'either' (an export without a type).
 */
export type RuleContext = 'mount' | 'action' | 'either'

/** The context of an export's declared type. */
export const contextOfType = (type: '' | RuleTypeName | undefined): RuleContext =>
  type === 'LiveComponentAuth' ? 'mount' : type === 'LiveActionAuth' ? 'action' : 'either'

/** A problem with one field; `field` is a stable id the panel ties to its input. */
export interface Issue {
  readonly field: string
  readonly message: string
}

export type Built<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] }

export const AUTHORIZE_MODES: readonly { id: AuthorizeMode; label: string }[] = [
  { id: 'none', label: 'None' },
  { id: 'owner', label: 'Owner of a payload field' },
  { id: 'plan', label: 'Plan check (fixtures)' },
  { id: 'feature-flag', label: 'Feature flag' },
  { id: 'time-window', label: 'Time window' },
  { id: 'custom', label: 'Hand-written function' },
]

export const emptyAuthorize = (): AuthorizeForm => ({
  mode: 'none', ownerField: 'userId', plans: ['pro'], flag: '', fromHour: '9', toHour: '17', tzOffsetMinutes: '0',
  // One parameter: valid as a mount rule and as an action rule (which may add `payload`).
  code: '(auth) => {\n  return auth.session?.id !== undefined\n}',
})

export const emptyRule = (): RuleForm => ({ required: 'yes', roles: [], permissions: [], authorize: emptyAuthorize() })

export const newExportForm = (kind: 'rule' | 'factory'): ExportForm =>
  kind === 'rule'
    ? { name: '', kind, type: 'LiveComponentAuth', params: [], rule: emptyRule() }
    : { name: '', kind, type: 'LiveActionAuth', params: [{ name: 'field', default: 'ownerId' }], rule: { ...emptyRule(), required: 'unset', authorize: { ...emptyAuthorize(), mode: 'owner', ownerField: '{field}' } } }

/** A factory parameter is written `{name}` wherever a value goes. */
const showText = (v: TextValue): string => (isParamRef(v) ? `{${v.param}}` : v)

export function ruleFormFromModel(rule: RuleModel): RuleForm {
  const a = rule.authorize
  const base = emptyAuthorize()
  const authorize: AuthorizeForm =
    a === undefined ? base
      : a.template === 'owner' ? { ...base, mode: 'owner', ownerField: showText(a.field) }
        : a.template === 'plan' ? { ...base, mode: 'plan', plans: a.plans }
          : a.template === 'feature-flag' ? { ...base, mode: 'feature-flag', flag: showText(a.flag) }
            : a.template === 'time-window' ? { ...base, mode: 'time-window', fromHour: String(a.fromHour), toHour: String(a.toHour), tzOffsetMinutes: String(a.tzOffsetMinutes) }
              : { ...base, mode: 'custom', code: a.code }
  return {
    required: rule.required === undefined ? 'unset' : rule.required ? 'yes' : 'no',
    roles: rule.roles.map(showText),
    permissions: rule.permissions.map(showText),
    authorize,
  }
}

export function exportFormFromModel(model: ExportModel): ExportForm {
  return { name: model.name, kind: model.kind, type: model.type ?? '', params: model.kind === 'factory' ? model.params : [], rule: ruleFormFromModel(model.rule) }
}

export function componentFormFromRef(value: RuleRef | undefined): ComponentRuleForm {
  if (value === undefined) return { source: 'inline', ref: '', args: [], rule: emptyRule() }
  if ('ref' in value) return { source: 'ref', ref: value.ref, args: [...(value.args ?? [])], rule: emptyRule() }
  return { source: 'inline', ref: '', args: [], rule: ruleFormFromModel(value.rule) }
}

function textValue(raw: string, params: readonly string[], field: string, what: string, issues: Issue[]): TextValue {
  const value = raw.trim()
  const param = /^\{\s*([^}]*?)\s*\}$/.exec(value)
  if (param) {
    const name = param[1] ?? ''
    if (params.length === 0) issues.push({ field, message: `${what} refers to {${name}}, but only a factory has parameters` })
    else if (!params.includes(name)) issues.push({ field, message: `${what} refers to {${name}}, which is not a parameter of this factory` })
    return { param: name }
  }
  if (value === '') issues.push({ field, message: `${what} is empty` })
  return value
}

function wholeHour(raw: string, field: string, what: string, issues: Issue[]): number {
  const n = Number(raw.trim())
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 24) issues.push({ field, message: `${what} must be a whole hour from 0 to 24` })
  return n
}

/** The parameter list of a function expression's head (`(auth, payload) =>`, `async function (auth)`, `auth =>`), when it can be read. */
export function functionParams(code: string): string[] | undefined {
  const head = /^\s*(?:async\s+)?(?:function\b[^(]*\(([^()]*)\)|\(([^()]*)\)\s*(?::[^=]*)?=>|([A-Za-z_$][\w$]*)\s*=>)/.exec(code)
  if (!head) return undefined
  if (head[3] !== undefined) return [head[3]]
  const list = (head[1] ?? head[2] ?? '').trim()
  return list === '' ? [] : splitTopLevel(list).map((p) => p.trim()).filter(Boolean)
}

/** Splits at commas outside <...>, {...} and [...] (`a: Record<string, unknown>, b` is two parameters). */
function splitTopLevel(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '<' || c === '{' || c === '[') depth++
    else if ((c === '>' && text[i - 1] !== '=') || c === '}' || c === ']') depth = Math.max(0, depth - 1)
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  out.push(text.slice(start))
  return out
}

/** Issues of a hand-written function in its context (what would not type-check, or not do what it seems to). */
function customCodeIssues(code: string, params: readonly string[], context: RuleContext, issues: Issue[]): void {
  const declared = functionParams(code)
  if (context === 'mount' && declared !== undefined && declared.length > 1) {
    issues.push({ field: 'code', message: `A mount rule's authorize gets only auth (no payload): remove '${declared.slice(1).join(', ')}', or make this an action rule` })
  }
  for (const p of params) {
    if (new RegExp(`(['"\`])\\{\\s*${p.replace(/\$/g, '\\$')}\\s*\\}\\1`).test(code)) {
      issues.push({ field: 'code', message: `In a hand-written function a factory parameter is a variable: write ${p} (e.g. payload?.[${p}]), not '{${p}}'` })
    }
  }
}

function buildAuthorize(form: AuthorizeForm, params: readonly string[], context: RuleContext, issues: Issue[]): AuthorizeTemplate | undefined {
  switch (form.mode) {
    case 'none':
      return undefined
    case 'owner':
      if (context === 'mount') issues.push({ field: 'owner-field', message: 'A mount rule gets no payload: the owner check works only in an action rule (LiveActionAuth or an actionAuth entry)' })
      return { template: 'owner', field: textValue(form.ownerField, params, 'owner-field', 'The payload field', issues) }
    case 'plan':
      if (form.plans.length === 0) issues.push({ field: 'plans', message: 'Add at least one plan' })
      return { template: 'plan', plans: form.plans.map((p) => p.trim()) }
    case 'feature-flag':
      return { template: 'feature-flag', flag: textValue(form.flag, params, 'flag', 'The feature flag', issues) }
    case 'time-window': {
      const fromHour = wholeHour(form.fromHour, 'from-hour', 'The start', issues)
      const toHour = wholeHour(form.toHour, 'to-hour', 'The end', issues)
      if (fromHour === toHour) issues.push({ field: 'to-hour', message: 'The window needs two different hours' })
      const tz = Number(form.tzOffsetMinutes.trim())
      if (form.tzOffsetMinutes.trim() === '' || !Number.isInteger(tz) || Math.abs(tz) > 840) issues.push({ field: 'tz', message: 'The offset must be whole minutes within ±840 (±14 h)' })
      return { template: 'time-window', fromHour, toHour, tzOffsetMinutes: tz }
    }
    case 'custom':
      if (form.code.trim() === '') issues.push({ field: 'code', message: 'Write the authorize function, or pick another option' })
      else customCodeIssues(form.code, params, context, issues)
      return { template: 'custom', code: form.code.trim() }
  }
}

/** Whether a form's `required` is written: never in an action rule (LiveActionAuth has none; the panel hides it there). */
export const writesRequired = (context: RuleContext): boolean => context !== 'action'

/**
 * The rule model of a form; `params` are the factory's parameter names (none
 * for a plain rule), `context` where the rule is used.
 */
export function buildRule(form: RuleForm, params: readonly string[] = [], context: RuleContext = 'either'): Built<RuleModel> {
  const issues: Issue[] = []
  const roles = form.roles.map((r) => textValue(r, params, 'roles', 'A role', issues))
  const permissions = form.permissions.map((p) => textValue(p, params, 'permissions', 'A permission', issues))
  const authorize = buildAuthorize(form.authorize, params, context, issues)
  if (issues.length > 0) return { ok: false, issues }
  const required = form.required === 'unset' || !writesRequired(context) ? {} : { required: form.required === 'yes' }
  return { ok: true, value: { ...required, roles, permissions, ...(authorize ? { authorize } : {}) } }
}

/**
 * The export model of a form. `taken` are the names already exported by
 * auth/rules.ts; `editing` is the export being edited (it may keep its name).
 */
export function buildExport(form: ExportForm, taken: readonly string[], editing?: string): Built<ExportModel> {
  const issues: Issue[] = []
  const name = form.name.trim()
  if (!IDENTIFIER.test(name)) issues.push({ field: 'name', message: name === '' ? 'Give the export a name' : `'${name}' is not a valid identifier (letters, digits, _ and $; not starting with a digit)` })
  else if (name !== editing && taken.includes(name)) issues.push({ field: 'name', message: `auth/rules.ts already exports '${name}': pick another name or edit that export` })
  const params = form.kind === 'factory' ? form.params.map((p) => ({ name: p.name.trim(), default: p.default })) : []
  params.forEach((p, i) => {
    if (!IDENTIFIER.test(p.name)) issues.push({ field: `param-${i}`, message: `Parameter ${i + 1}: '${p.name}' is not a valid identifier` })
    else if (params.findIndex((q) => q.name === p.name) !== i) issues.push({ field: `param-${i}`, message: `Parameter ${i + 1}: '${p.name}' is already a parameter` })
  })
  const rule = buildRule(form.rule, params.map((p) => p.name), contextOfType(form.type))
  if (!rule.ok) issues.push(...rule.issues)
  if (issues.length > 0 || !rule.ok) return { ok: false, issues }
  const model: ExportModel = form.kind === 'factory'
    ? { kind: 'factory', name, params, ...(form.type ? { type: form.type } : {}), rule: rule.value }
    : { kind: 'rule', name, ...(form.type ? { type: form.type } : {}), rule: rule.value }
  try {
    assertValidModel(model) // the generator's own checks (reserved parameter names...)
  } catch (error) {
    if (error instanceof RulesError) return { ok: false, issues: [{ field: 'form', message: error.message }] }
    throw error
  }
  return { ok: true, value: model }
}

/** What the ref picker needs to know about an export of auth/rules.ts. */
export interface ExportInfo {
  readonly name: string
  readonly factory: boolean
  readonly params: readonly FactoryParam[]
  /** Its declared type (`: LiveActionAuth`, or a factory's return type), when it has one. */
  readonly type?: RuleTypeName
}

/** Why an export cannot be used in `context` (a mount rule needs a LiveComponentAuth-compatible one), else undefined. */
export function refMismatch(info: ExportInfo, context: RuleContext): string | undefined {
  if (context === 'mount' && info.type === 'LiveActionAuth') {
    return `${info.name} is an action rule (LiveActionAuth, its authorize takes a payload): a component's static auth needs a mount rule`
  }
  return undefined
}

/** The rule reference of a component form, given the exports it may name; `context`: `static auth` (mount) or an actionAuth entry. */
export function buildRuleRef(form: ComponentRuleForm, exports: readonly ExportInfo[], context: RuleContext = 'either'): Built<RuleRef> {
  if (form.source === 'inline') {
    const rule = buildRule(form.rule, [], context)
    return rule.ok ? { ok: true, value: { rule: rule.value } } : rule
  }
  const info = exports.find((e) => e.name === form.ref)
  if (!info) return { ok: false, issues: [{ field: 'ref', message: form.ref === '' ? 'Pick an export of auth/rules.ts' : `auth/rules.ts has no export '${form.ref}' in the draft` }] }
  const mismatch = refMismatch(info, context)
  if (mismatch) return { ok: false, issues: [{ field: 'ref', message: mismatch }] }
  const given = form.args.map((a) => a.trim())
  const last = given.findLastIndex((a) => a !== '')
  // Arguments are positional: an empty one before a filled one is passed as its parameter's default.
  const args = given.slice(0, last + 1).map((a, i) => (a !== '' ? a : (info.params[i]?.default ?? '')))
  if (!info.factory) {
    return args.length > 0 ? { ok: false, issues: [{ field: 'args', message: `${info.name} is not a factory: it takes no arguments` }] } : { ok: true, value: { ref: info.name } }
  }
  if (info.params.length > 0 && args.length > info.params.length) {
    return { ok: false, issues: [{ field: 'args', message: `${info.name} takes at most ${info.params.length} argument${info.params.length === 1 ? '' : 's'}` }] }
  }
  return { ok: true, value: { ref: info.name, args } }
}

/** Messages for one field (the panel shows them under its input). */
export const issuesFor = (issues: readonly Issue[], field: string): string | undefined => {
  const mine = issues.filter((i) => i.field === field).map((i) => i.message)
  return mine.length > 0 ? [...new Set(mine)].join('; ') : undefined
}
