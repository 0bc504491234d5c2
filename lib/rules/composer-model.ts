/** The visual rule model the composer edits, and its code-generation helpers for literals. */
import { RulesError } from './errors'

/** A factory parameter used where a literal would go (`payload?.[field]`, `roles: [role]`). */
export interface ParamRef {
  readonly param: string
}
export type TextValue = string | ParamRef

export type AuthorizeTemplate =
  /** The payload's `field` must equal the caller's session id. */
  | { readonly template: 'owner'; readonly field: TextValue }
  /** The caller's plan, looked up in the fixtures (`db.getUserPlan`), must be one of `plans`. */
  | { readonly template: 'plan'; readonly plans: readonly string[] }
  /** The session's `flags` array must include `flag`. */
  | { readonly template: 'feature-flag'; readonly flag: TextValue }
  /** Local hour (UTC + `tzOffsetMinutes`) in [fromHour, toHour); wraps past midnight when fromHour > toHour. */
  | { readonly template: 'time-window'; readonly fromHour: number; readonly toHour: number; readonly tzOffsetMinutes: number }
  /** Hand-written function expression, kept verbatim. */
  | { readonly template: 'custom'; readonly code: string }

export interface RuleModel {
  readonly required?: boolean
  /** OR: any one of them. */
  readonly roles: readonly TextValue[]
  /** AND: all of them. */
  readonly permissions: readonly TextValue[]
  readonly authorize?: AuthorizeTemplate
}

export type RuleTypeName = 'LiveComponentAuth' | 'LiveActionAuth'

/** `export const name = { ... }` */
export interface RuleExportModel {
  readonly kind: 'rule'
  readonly name: string
  readonly type?: RuleTypeName
  readonly rule: RuleModel
}

export interface FactoryParam {
  readonly name: string
  readonly default: string
}

/** `export const name = (param = 'default') => ({ ... })` */
export interface FactoryExportModel {
  readonly kind: 'factory'
  readonly name: string
  readonly params: readonly FactoryParam[]
  readonly type?: RuleTypeName
  readonly rule: RuleModel
}

export type ExportModel = RuleExportModel | FactoryExportModel

export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/
const RESERVED = new Set(['auth', 'payload', 'db', 'plan', 'hour', 'const', 'return', 'function', 'await', 'async', 'true', 'false', 'null', 'new', 'this'])

/** Single-quoted TypeScript string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
}

/** Reads back a literal written by `stringLiteral`; undefined for anything else. */
export function readStringLiteral(text: string): string | undefined {
  if (!/^'(?:[^'\\\n]|\\[\\'nr])*'$/.test(text)) return undefined
  return text.slice(1, -1).replace(/\\([\\'nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c))
}

export function isParamRef(value: TextValue): value is ParamRef {
  return typeof value === 'object'
}

/** Checks a model before generating code; misuse (a programming error in the caller) throws. */
export function assertValidModel(model: ExportModel): void {
  const fail = (message: string): never => {
    throw new RulesError('ERR_RULES_INVALID_MODEL', `${model.name || '(unnamed)'}: ${message}`)
  }
  if (!IDENTIFIER.test(model.name)) fail(`export name '${model.name}' is not an identifier`)
  const params = model.kind === 'factory' ? model.params.map((p) => p.name) : []
  for (const p of params) if (!IDENTIFIER.test(p) || RESERVED.has(p)) fail(`parameter '${p}' is not usable as an identifier`)
  if (new Set(params).size !== params.length) fail('parameter names must be unique')
  const checkText = (v: TextValue, where: string): void => {
    if (isParamRef(v) && !params.includes(v.param)) fail(`${where} refers to unknown parameter '${v.param}'`)
    if (!isParamRef(v) && v === '') fail(`${where} is empty`)
  }
  model.rule.roles.forEach((r) => checkText(r, 'a role'))
  model.rule.permissions.forEach((p) => checkText(p, 'a permission'))
  const a = model.rule.authorize
  if (a?.template === 'owner') checkText(a.field, 'the owner field')
  if (a?.template === 'feature-flag') checkText(a.flag, 'the feature flag')
  if (a?.template === 'plan' && (a.plans.length === 0 || a.plans.some((p) => p === ''))) fail('the plan check needs at least one non-empty plan')
  if (a?.template === 'custom' && a.code.trim() === '') fail('the custom authorize is empty')
  if (a?.template === 'time-window') {
    const hour = (h: number): boolean => Number.isInteger(h) && h >= 0 && h <= 24
    if (!hour(a.fromHour) || !hour(a.toHour) || a.fromHour === a.toHour) fail('the time window needs two different whole hours in 0..24')
    if (!Number.isInteger(a.tzOffsetMinutes) || Math.abs(a.tzOffsetMinutes) > 14 * 60) fail('the time zone offset must be whole minutes within ±14 h')
  }
}
