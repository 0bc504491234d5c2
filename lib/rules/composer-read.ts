/**
 * Reads back an export the composer wrote. The text is parsed loosely into a
 * model, then regenerated: only an exact match counts, so hand-written code is
 * never misread as a model (it gets a 'not-composer-generated' result).
 */
import { generateRuleExport } from './composer'
import {
  type AuthorizeTemplate, type ExportModel, type FactoryParam, type RuleModel, type RuleTypeName, type TextValue,
  IDENTIFIER, readStringLiteral,
} from './composer-model'
import { findExport } from './ts-edit'
import { maskSource, matchBracket, nextTopLevelComma } from './ts-scan'

export type ReadRuleResult =
  | { readonly ok: true; readonly model: ExportModel }
  | { readonly ok: false; readonly reason: 'not-found' | 'not-composer-generated'; readonly message: string }

const HEADER = /^export const ([A-Za-z_$][\w$]*)(?:: (LiveComponentAuth|LiveActionAuth))? = /
const FACTORY = /^\(([^()]*)\)(?:: (LiveComponentAuth|LiveActionAuth))? => \(/

/** Splits `a, b, c` at top-level commas (masked structure, original text). */
function splitTop(text: string): string[] {
  const masked = maskSource(text)
  const parts: string[] = []
  for (let i = 0; i < text.length;) {
    const end = nextTopLevelComma(masked, i, text.length)
    parts.push(text.slice(i, end).trim())
    i = end + 1
  }
  return parts.filter((p) => p !== '')
}

function textValue(raw: string, params: readonly string[]): TextValue | undefined {
  const literal = readStringLiteral(raw)
  if (literal !== undefined) return literal
  return params.includes(raw) ? { param: raw } : undefined
}

function textList(raw: string, params: readonly string[]): TextValue[] | undefined {
  if (!raw.startsWith('[') || !raw.endsWith(']')) return undefined
  const items = splitTop(raw.slice(1, -1)).map((p) => textValue(p, params))
  return items.every((v): v is TextValue => v !== undefined) ? items : undefined
}

const OWNER = /^\(auth, payload\) => auth\.session\?\.id === payload\?\.(?:([A-Za-z_$][\w$]*)|\[(.+)\])$/
const PLAN = /^async \(auth\) => \{\n\s*const plan = await db\.getUserPlan\(auth\.session\?\.id\)\n\s*return (.+)\n\s*\}$/
const FLAG = /^\(auth\) => Array\.isArray\(auth\.session\?\.flags\) && auth\.session\.flags\.includes\((.+)\)$/
const WINDOW = /^\(\) => \{\n\s*const hour = new Date\(Date\.now\(\) ([+-]) (\d+) \* 60_000\)\.getUTCHours\(\) \/\/ \S+\n\s*return hour >= (\d+) (?:&&|\|\|) hour < (\d+)\n\s*\}$/

/** Recognises a template; anything else is custom code (continuation lines de-indented by `indent`). */
function authorizeTemplate(raw: string, params: readonly string[], indent: string): AuthorizeTemplate | undefined {
  const owner = OWNER.exec(raw)
  if (owner) {
    const field = owner[1] ?? textValue(owner[2] ?? '', params)
    return field === undefined ? undefined : { template: 'owner', field }
  }
  const plan = PLAN.exec(raw)
  if (plan) {
    const plans = (plan[1] ?? '').split(' || ').map((p) => readStringLiteral(p.replace(/^plan === /, '')))
    if (plans.every((p): p is string => p !== undefined)) return { template: 'plan', plans }
  }
  const flag = FLAG.exec(raw)
  if (flag) {
    const value = textValue(flag[1] ?? '', params)
    if (value !== undefined) return { template: 'feature-flag', flag: value }
  }
  const w = WINDOW.exec(raw)
  if (w) {
    const offset = Number(w[2]) * (w[1] === '-' ? -1 : 1)
    return { template: 'time-window', fromHour: Number(w[3]), toHour: Number(w[4]), tzOffsetMinutes: offset === 0 ? 0 : offset }
  }
  const lines = raw.split('\n').map((l, i) => (i > 0 && l.startsWith(indent) ? l.slice(indent.length) : l))
  return { template: 'custom', code: lines.join('\n') }
}

/** Loosely parses a rule object literal written at top level (callers confirm by regenerating). */
export function parseRuleObject(objectText: string, params: readonly string[]): RuleModel | undefined {
  const masked = maskSource(objectText)
  if (!objectText.startsWith('{') || matchBracket(masked, 0) !== objectText.length - 1) return undefined
  const multiline = objectText.includes('\n')
  let rule: { required?: boolean; roles: TextValue[]; permissions: TextValue[]; authorize?: AuthorizeTemplate } = { roles: [], permissions: [] }
  for (const entry of splitTop(objectText.slice(1, -1))) {
    const m = /^(required|roles|permissions|authorize): ([^]*)$/.exec(entry)
    if (!m) return undefined
    const [, key, value = ''] = m
    if (key === 'required') {
      if (value !== 'true' && value !== 'false') return undefined
      rule = { ...rule, required: value === 'true' }
    } else if (key === 'roles' || key === 'permissions') {
      const items = textList(value, params)
      if (items === undefined) return undefined
      rule = { ...rule, [key]: items }
    } else {
      const authorize = authorizeTemplate(value, params, multiline ? '  ' : '')
      if (authorize === undefined) return undefined
      rule = { ...rule, authorize }
    }
  }
  return rule
}

function parseParams(raw: string): FactoryParam[] | undefined {
  const params = splitTop(raw).map((p) => {
    const m = /^([A-Za-z_$][\w$]*) = ('.*')$/.exec(p)
    const value = m ? readStringLiteral(m[2] ?? '') : undefined
    return m && value !== undefined ? { name: m[1] ?? '', default: value } : undefined
  })
  return params.every((p): p is FactoryParam => p !== undefined) ? params : undefined
}

function parseExport(code: string): ExportModel | undefined {
  const head = HEADER.exec(code)
  if (!head) return undefined
  const name = head[1] ?? ''
  const type = head[2] as RuleTypeName | undefined
  const rest = code.slice(head[0].length)
  const factory = FACTORY.exec(rest)
  if (!factory) {
    const rule = parseRuleObject(rest, [])
    return rule && { kind: 'rule', name, ...(type ? { type } : {}), rule }
  }
  if (type !== undefined || !rest.endsWith(')')) return undefined
  const params = parseParams(factory[1] ?? '')
  const rule = params && parseRuleObject(rest.slice(factory[0].length, -1), params.map((p) => p.name))
  const factoryType = factory[2] as RuleTypeName | undefined
  return params && rule && { kind: 'factory', name, params, ...(factoryType ? { type: factoryType } : {}), rule }
}

/**
 * Reads the export `name` of `source` back into a composer model.
 * @example readRuleExport(rulesTs, 'adminOnly') // { ok: true, model: { kind: 'rule', name: 'adminOnly', ... } }
 */
export function readRuleExport(source: string, name: string): ReadRuleResult {
  if (!IDENTIFIER.test(name)) return { ok: false, reason: 'not-found', message: `'${name}' is not an export name` }
  const span = findExport(source, name)
  if (!span) return { ok: false, reason: 'not-found', message: `No export named '${name}' in this file` }
  const code = source.slice(span.start, span.end)
  const model = parseExport(code)
  let same = false
  try {
    same = model !== undefined && generateRuleExport(model).code === code
  } catch {
    same = false // a parsed model the generator rejects is not one it wrote
  }
  if (!model || !same) {
    return { ok: false, reason: 'not-composer-generated', message: `'${name}' is hand-written (not composer-generated): edit it in the code editor` }
  }
  return { ok: true, model }
}
