/**
 * What the composer edits (an export of auth/rules.ts, a new rule or factory,
 * a component's `static auth` or one `static actionAuth` entry): reading the
 * draft into a form, and applying a form back to the draft files. Pure.
 */
import {
  defaultSessionOf, ensureImports, ensureNamedImport, findExport, generateRuleExport, listComponentClasses, listExportNames,
  readActionAuth, readRuleExport, readStaticAuth, relativeModule, ruleRefText, upsertRuleExport, writeActionAuth, writeStaticAuth,
  type ComponentClass, type RuleRef,
} from '@/lib/rules'
import type { AuthorizeTemplate, RuleTypeName } from '@/lib/rules'
import {
  buildExport, buildRuleRef, componentFormFromRef, exportFormFromModel, newExportForm,
  type Built, type ComponentRuleForm, type ExportForm, type ExportInfo, type Issue, type RuleContext,
} from './composer-form'

export const RULES_FILE = 'auth/rules.ts'
const DB_FILE = 'data/db.ts'

export type Target =
  | { readonly kind: 'export'; readonly name: string }
  | { readonly kind: 'new-rule' }
  | { readonly kind: 'new-factory' }
  | { readonly kind: 'auth'; readonly path: string; readonly className: string }
  | { readonly kind: 'action'; readonly path: string; readonly className: string; readonly action: string }

/** Targets as `<select>` values and back. */
export function targetKey(t: Target): string {
  switch (t.kind) {
    case 'export': return `export:${t.name}`
    case 'new-rule': case 'new-factory': return t.kind
    case 'auth': return `auth:${t.path}:${t.className}`
    case 'action': return `action:${t.path}:${t.className}:${t.action}`
  }
}

export function parseTargetKey(key: string): Target | undefined {
  const [kind = '', a = '', b = '', c = ''] = key.split(':')
  if (kind === 'new-rule' || kind === 'new-factory') return { kind }
  if (kind === 'export' && a) return { kind, name: a }
  if (kind === 'auth' && a && b) return { kind, path: a, className: b }
  if (kind === 'action' && a && b && c) return { kind, path: a, className: b, action: c }
  return undefined
}

export const isComponentTarget = (t: Target): t is Extract<Target, { kind: 'auth' | 'action' }> => t.kind === 'auth' || t.kind === 'action'

export interface Choices {
  readonly exports: readonly ExportInfo[]
  readonly components: readonly ComponentClass[]
}

/** The declared type of a hand-written export: `export const x: LiveActionAuth =` or a factory's `(...): LiveActionAuth =>`. */
function declaredType(head: string): RuleTypeName | undefined {
  const m = /^export const [\w$]+\s*:\s*(LiveComponentAuth|LiveActionAuth)\b/.exec(head) ?? /^export const [\w$]+\s*=\s*(?:async\s*)?\([^)]*\)\s*:\s*(LiveComponentAuth|LiveActionAuth)\s*=>/.exec(head)
  return m?.[1] as RuleTypeName | undefined
}

/** Exports of auth/rules.ts (with factory parameters and declared type when readable) and the component classes of the draft. */
export function choicesOf(files: Readonly<Record<string, string>>): Choices {
  const rules = files[RULES_FILE] ?? ''
  const exports = listExportNames(rules).map((name): ExportInfo => {
    const read = readRuleExport(rules, name)
    if (read.ok) {
      const { model } = read
      return { name, factory: model.kind === 'factory', params: model.kind === 'factory' ? model.params : [], ...(model.type ? { type: model.type } : {}) }
    }
    const span = findExport(rules, name)
    const head = span ? rules.slice(span.start, span.end) : ''
    const type = declaredType(head)
    return { name, factory: /^export const [\w$]+\s*(?::[^=]*)?=\s*(?:async\s*)?(?:\(|[\w$]+\s*=>)/.test(head), params: [], ...(type ? { type } : {}) }
  })
  return { exports, components: listComponentClasses(files) }
}

/** Where a component target's rule is used: `static auth` decides the mount, an actionAuth entry one action. */
export const contextOfTarget = (target: Extract<Target, { kind: 'auth' | 'action' }>): RuleContext => (target.kind === 'auth' ? 'mount' : 'action')

/** The form a target opens with, and what the panel should say about it. */
export type Loaded =
  | { readonly kind: 'export'; readonly form: ExportForm; readonly status: 'read' | 'new' }
  | { readonly kind: 'component'; readonly form: ComponentRuleForm; readonly status: 'read' | 'new'; readonly message?: string }
  | { readonly kind: 'unreadable'; readonly path: string; readonly message: string; readonly code: string }
  | { readonly kind: 'missing'; readonly message: string }

export function loadTarget(files: Readonly<Record<string, string>>, target: Target): Loaded {
  if (target.kind === 'new-rule') return { kind: 'export', form: newExportForm('rule'), status: 'new' }
  if (target.kind === 'new-factory') return { kind: 'export', form: newExportForm('factory'), status: 'new' }
  if (target.kind === 'export') {
    const text = files[RULES_FILE]
    if (text === undefined) return { kind: 'missing', message: `The draft has no ${RULES_FILE}` }
    const read = readRuleExport(text, target.name)
    if (read.ok) return { kind: 'export', form: exportFormFromModel(read.model), status: 'read' }
    if (read.reason === 'not-found') return { kind: 'missing', message: read.message }
    const span = findExport(text, target.name)
    return { kind: 'unreadable', path: RULES_FILE, message: read.message, code: span ? text.slice(span.start, span.end) : '' }
  }
  const text = files[target.path]
  if (text === undefined) return { kind: 'missing', message: `The draft has no ${target.path}` }
  const read = target.kind === 'auth' ? readStaticAuth(text, target.className) : readActionAuth(text, target.className, target.action)
  if (read.ok) return { kind: 'component', form: componentFormFromRef(read.value), status: 'read' }
  if (read.reason === 'absent') return { kind: 'component', form: componentFormFromRef(undefined), status: 'new', message: `${read.message}: applying adds it.` }
  if (read.reason === 'no-class') return { kind: 'missing', message: read.message }
  return { kind: 'unreadable', path: target.path, message: read.message, code: memberText(text, target) }
}

function memberText(text: string, target: Extract<Target, { kind: 'auth' | 'action' }>): string {
  const member = target.kind === 'auth' ? 'auth' : 'actionAuth'
  const lines = text.split('\n')
  const start = lines.findIndex((l) => new RegExp(`^\\s*static\\s+${member}\\b`).test(l))
  if (start === -1) return ''
  const indent = /^\s*/.exec(lines[start] ?? '')?.[0] ?? ''
  const end = lines.findIndex((l, i) => i > start && (l.startsWith(`${indent}}`) || (l.trim() !== '' && !l.startsWith(`${indent} `) && !l.startsWith(`${indent}\t`))))
  return lines.slice(start, end === -1 ? start + 1 : (lines[end] ?? '').startsWith(`${indent}}`) ? end + 1 : end).join('\n')
}

/** The result of applying: new draft files, the file to open, and the code to preview. */
export interface Applied {
  readonly files: Record<string, string>
  readonly path: string
  readonly code: string
  /** Import lines this apply adds to the file. */
  readonly imports: readonly string[]
}

const addedImports = (before: string, after: string): string[] => {
  const had = new Set(before.split('\n').map((l) => l.trim()))
  return after.split('\n').filter((l) => /^import\b/.test(l) && !had.has(l.trim()))
}

function withTypeImport(text: string, type: string): string {
  if (type === '' || new RegExp(`\\b${type}\\b`).test(text.split('\n').filter((l) => l.startsWith('import')).join('\n'))) return text
  return ensureImports(text, [`import type { ${type} } from '@fluxstack/live'`])
}

/** The plans of data/db.ts's `type Plan = 'free' | 'pro'`, or undefined when it declares none. */
export function plansOf(files: Readonly<Record<string, string>>): string[] | undefined {
  const planType = /type\s+Plan\s*=\s*([^\n;]+)/.exec(files[DB_FILE] ?? '')?.[1]
  if (planType === undefined) return undefined
  return [...planType.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? '')
}

/** A plan the fixtures' Plan type does not have never matches (and does not type-check: the comparison has no overlap). */
function planIssues(files: Readonly<Record<string, string>>, authorize: AuthorizeTemplate | undefined): Issue[] {
  const known = plansOf(files)
  if (authorize?.template !== 'plan' || known === undefined || known.length === 0) return []
  const unknown = authorize.plans.filter((p) => !known.includes(p))
  if (unknown.length === 0) return []
  const list = unknown.map((p) => `'${p}'`).join(', ')
  return [{ field: 'plans', message: `${list} ${unknown.length === 1 ? 'is not a plan' : 'are not plans'} of ${DB_FILE} (Plan = ${known.map((p) => `'${p}'`).join(' | ')}): db.getUserPlan never returns ${unknown.length === 1 ? 'it' : 'them'}` }]
}

/** Applies an export form to auth/rules.ts (`editing`: the export it was read from, replaced even when renamed). */
export function applyExport(files: Readonly<Record<string, string>>, form: ExportForm, editing: string | undefined): Built<Applied> {
  const before = files[RULES_FILE] ?? ''
  const built = buildExport(form, listExportNames(before), editing)
  if (!built.ok) return built
  const plans = planIssues(files, built.value.rule.authorize)
  if (plans.length > 0) return { ok: false, issues: plans }
  const { code, imports } = generateRuleExport(built.value)
  const span = editing === undefined ? undefined : findExport(before, editing)
  let text = span ? before.slice(0, span.start) + code + before.slice(span.end) : upsertRuleExport(before, built.value.name, code)
  if (imports.length > 0) text = ensureNamedImport(text, 'db', relativeModule(RULES_FILE, DB_FILE))
  text = withTypeImport(text, built.value.type ?? '')
  return { ok: true, value: { files: { ...files, [RULES_FILE]: text }, path: RULES_FILE, code, imports: addedImports(before, text) } }
}

/** Applies a component form to `static auth` or one `static actionAuth` entry. */
export function applyComponent(files: Readonly<Record<string, string>>, target: Extract<Target, { kind: 'auth' | 'action' }>, form: ComponentRuleForm, exports: readonly ExportInfo[]): Built<Applied> {
  const before = files[target.path]
  if (before === undefined) return { ok: false, issues: [{ field: 'form', message: `The draft has no ${target.path}` }] }
  const built = buildRuleRef(form, exports, contextOfTarget(target))
  if (!built.ok) return built
  const plans = 'rule' in built.value ? planIssues(files, built.value.rule.authorize) : []
  if (plans.length > 0) return { ok: false, issues: plans }
  const value: RuleRef = built.value
  let text = target.kind === 'auth' ? writeStaticAuth(before, target.className, value) : writeActionAuth(before, target.className, target.action, value)
  if (text === undefined) return { ok: false, issues: [{ field: 'form', message: `No class ${target.className} in ${target.path}` }] }
  if ('ref' in value) text = ensureNamedImport(text, value.ref, relativeModule(target.path, RULES_FILE))
  else if (value.rule.authorize?.template === 'plan') text = ensureNamedImport(text, 'db', relativeModule(target.path, DB_FILE))
  const code = target.kind === 'auth' ? `static auth = ${ruleRefText(value, '  ')}` : `static actionAuth = {\n  …\n  ${target.action}: ${ruleRefText(value, '  ')},\n}`
  return { ok: true, value: { files: { ...files, [target.path]: text }, path: target.path, code, imports: addedImports(before, text) } }
}

export interface Hints {
  readonly roles: readonly string[]
  readonly permissions: readonly string[]
  readonly flags: readonly string[]
  readonly plans: readonly string[]
  readonly payloadFields: readonly string[]
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

/** Suggestions: what personas hold, the plans the fixtures know, payload fields the components' actions take. */
export function hintsOf(personas: readonly { claims: Readonly<Record<string, unknown>> | null }[], files: Readonly<Record<string, string>>): Hints {
  const roles = new Set<string>()
  const permissions = new Set<string>()
  const flags = new Set<string>()
  for (const p of personas) {
    if (p.claims === null) continue
    const session = defaultSessionOf(p.claims)
    strings(session.roles).forEach((r) => roles.add(r))
    strings(session.permissions).forEach((r) => permissions.add(r))
    strings(session.flags).forEach((r) => flags.add(r))
  }
  const plans = plansOf(files) ?? []
  const payloadFields = new Set<string>()
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith('components/')) continue
    for (const m of text.matchAll(/payload\??\s*:\s*\{([^}]*)\}/g)) for (const f of (m[1] ?? '').matchAll(/([A-Za-z_$][\w$]*)\??\s*:/g)) payloadFields.add(f[1] ?? '')
  }
  const sorted = (s: Set<string>) => [...s].sort()
  return { roles: sorted(roles), permissions: sorted(permissions), flags: sorted(flags), plans, payloadFields: sorted(payloadFields) }
}
