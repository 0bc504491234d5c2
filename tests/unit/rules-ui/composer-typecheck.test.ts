/**
 * What the composer writes type-checks: every form it offers (each kind, type,
 * `required`, authorize template, factory parameter use, and each component
 * target with an inline rule or a reference) is applied to the demo workspace
 * and compiled with the TypeScript compiler against the studio's
 * '@fluxstack/live' declarations, with the editor's options. A form that
 * cannot type-check where it is used must be refused with an issue instead.
 */
import { describe, expect, it } from 'vitest'
import {
  AUTHORIZE_MODES, emptyAuthorize, emptyRule, newExportForm,
  type AuthorizeForm, type ComponentRuleForm, type ExportForm, type RuleForm,
} from '@/components/rules/composer-form'
import { applyComponent, applyExport, choicesOf, type Target } from '@/components/rules/composer-target'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { workspaceTypeChecker } from './workspace-types'

type Files = Record<string, string>
type ComponentTarget = Extract<Target, { kind: 'auth' | 'action' }>

const checker = workspaceTypeChecker()
const demo: Files = readDemoWorkspace()
const REQUIRED = ['yes', 'no', 'unset'] as const

/** Each authorize template, filled as a user would (a factory uses its parameters where the form allows). */
function authorizeVariants(factory: boolean): AuthorizeForm[] {
  const base = emptyAuthorize()
  return AUTHORIZE_MODES.flatMap((m): AuthorizeForm[] => {
    switch (m.id) {
      case 'owner': return [{ ...base, mode: 'owner', ownerField: factory ? '{field}' : 'targetUserId' }, { ...base, mode: 'owner', ownerField: 'target-id' }]
      case 'plan': return [{ ...base, mode: 'plan', plans: ['pro'] }, { ...base, mode: 'plan', plans: ['free', 'pro'] }]
      case 'feature-flag': return [{ ...base, mode: 'feature-flag', flag: factory ? '{flag}' : 'beta-dashboard' }]
      case 'time-window': return [{ ...base, mode: 'time-window' }, { ...base, mode: 'time-window', fromHour: '22', toHour: '6', tzOffsetMinutes: '-300' }]
      case 'custom': return [{ ...base, mode: 'custom' }]
      case 'none': return [base]
    }
  })
}

function ruleVariants(factory: boolean): RuleForm[] {
  const roles = factory ? ['{role}'] : ['admin']
  return REQUIRED.flatMap((required) => authorizeVariants(factory).flatMap((authorize) => [
    { ...emptyRule(), required, authorize },
    { ...emptyRule(), required, roles, permissions: ['content.write'], authorize },
  ]))
}

const FACTORY_PARAMS = [{ name: 'field', default: 'ownerId' }, { name: 'role', default: 'admin' }, { name: 'flag', default: 'beta' }]

/** Every export form: rule or factory, each declared type, each rule variant. */
function exportForms(): ExportForm[] {
  let n = 0
  return (['rule', 'factory'] as const).flatMap((kind) => (['', 'LiveComponentAuth', 'LiveActionAuth'] as const).flatMap((type) =>
    ruleVariants(kind === 'factory').map((rule): ExportForm => ({
      ...newExportForm(kind), name: `composed${n++}`, type, ...(kind === 'factory' ? { params: FACTORY_PARAMS } : {}), rule,
    }))))
}

/** A form refused because it cannot fit where it is used: the owner check (which reads a payload) in a mount rule. */
const refusedInMount = (rule: RuleForm) => rule.authorize.mode === 'owner'

describe('the composer writes code that type-checks', { timeout: 120_000 }, () => {
  it('the demo workspace itself has no type errors (the check is the editor\'s)', () => {
    expect(checker.errors(demo)).toEqual([])
  })

  it('the check is live: a rule the composer must never write is caught', () => {
    const broken = { ...demo, 'auth/rules.ts': `${demo['auth/rules.ts']}\nexport const bad: LiveActionAuth = { required: true }\n` }
    expect(checker.errors(broken)).toEqual([expect.stringMatching(/^auth\/rules\.ts:\d+ Object literal may only specify known properties, and 'required' does not exist in type 'LiveActionAuth'/)])
  })

  it('every export form: rule or factory, untyped, LiveComponentAuth or LiveActionAuth', () => {
    let files = demo
    let applied = 0
    const refused: string[] = []
    for (const form of exportForms()) {
      const res = applyExport(files, form, undefined)
      if (!res.ok) {
        refused.push(`${form.name} ${form.type} ${form.rule.authorize.mode}: ${res.issues.map((i) => i.message).join('; ')}`)
        continue
      }
      files = res.value.files
      applied++
    }
    // Only the owner check in a mount rule is refused (a mount has no payload), with an issue saying so.
    const forms = exportForms()
    expect(refused).toHaveLength(forms.filter((f) => f.type === 'LiveComponentAuth' && refusedInMount(f.rule)).length)
    for (const r of refused) expect(r).toMatch(/LiveComponentAuth owner: A mount rule gets no payload/)
    expect(applied).toBe(forms.length - refused.length)
    expect(checker.errors(files)).toEqual([])
    // And nothing an action rule cannot hold was written.
    expect(files['auth/rules.ts']).not.toMatch(/=\s*\([^)]*\)\s*:\s*LiveActionAuth\s*=>\s*\(\{[^}]*required/)
  })

  it('every component target: inline rules of every kind, and references to each export', () => {
    const { components } = choicesOf(demo)
    const targets: ComponentTarget[] = components.flatMap((c) => [
      { kind: 'auth' as const, path: c.path, className: c.className },
      ...c.actions.map((action) => ({ kind: 'action' as const, path: c.path, className: c.className, action })),
    ])
    expect(targets.filter((t) => t.kind === 'action').length).toBeGreaterThan(5)
    // Exports to refer to: the demo's own, plus a composed one of each type.
    let base = demo
    for (const form of [
      { ...newExportForm('rule'), name: 'signedInRule', type: 'LiveComponentAuth' as const },
      { ...newExportForm('rule'), name: 'editorsRule', type: '' as const, rule: { ...emptyRule(), required: 'unset' as const, permissions: ['content.write'] } },
      { ...newExportForm('factory'), name: 'ownsRecord' },
    ]) {
      const res = applyExport(base, form, undefined)
      if (!res.ok) throw new Error(JSON.stringify(res.issues))
      base = res.value.files
    }
    const exports = choicesOf(base).exports
    expect(exports.map((e) => e.name)).toEqual(['adminOnly', 'proOnly', 'ownerOnly', 'signedInRule', 'editorsRule', 'ownsRecord'])
    const forms: ComponentRuleForm[] = [
      ...ruleVariants(false).map((rule): ComponentRuleForm => ({ source: 'inline', ref: '', args: [], rule })),
      ...exports.map((e): ComponentRuleForm => ({ source: 'ref', ref: e.name, args: e.factory ? ['targetUserId'] : [], rule: emptyRule() })),
    ]
    // Each round gives every target a different form, so every form meets a mount target and an action target
    // (one type check per round rather than per form).
    const mounts = targets.filter((t) => t.kind === 'auth')
    const actions = targets.filter((t) => t.kind === 'action')
    const rounds = Math.ceil(forms.length / mounts.length)
    const seen = { auth: new Set<number>(), action: new Set<number>() }
    let applied = 0
    let refused = 0
    for (let round = 0; round < rounds; round++) {
      let files = base
      const given: string[] = []
      for (const [group, list] of [['auth', mounts], ['action', actions]] as const) {
        list.forEach((target, i) => {
          const index = (round * list.length + i) % forms.length
          const form = forms[index] as ComponentRuleForm
          seen[group].add(index)
          const res = applyComponent(files, target, form, exports)
          if (!res.ok) {
            // Refused only where it cannot fit: a payload-reading rule as a component's mount rule.
            expect(target.kind).toBe('auth')
            expect(res.issues.map((x) => x.message).join('; ')).toMatch(/mount rule/)
            refused++
            return
          }
          files = res.value.files
          given.push(`${target.className}${target.kind === 'action' ? `.${target.action}` : ''}: ${JSON.stringify(form)}`)
          applied++
        })
      }
      const errors = checker.errors(files)
      expect(errors, `${errors.join('\n')}\n\nforms applied:\n${given.join('\n')}`).toEqual([])
    }
    expect(seen.auth.size).toBe(forms.length)
    expect(seen.action.size).toBe(forms.length)
    expect(applied).toBeGreaterThan(rounds * targets.length * 0.8)
    expect(refused).toBeGreaterThan(0)
  })

  it('a plan the fixtures do not have is refused with an issue, not written (it could never match)', () => {
    const plan = { ...emptyRule(), authorize: { ...emptyAuthorize(), mode: 'plan' as const, plans: ['pro', 'team'] } }
    const res = applyExport(demo, { ...newExportForm('rule'), name: 'teamOnly', rule: plan }, undefined)
    expect(res).toEqual({ ok: false, issues: [{ field: 'plans', message: "'team' is not a plan of data/db.ts (Plan = 'free' | 'pro'): db.getUserPlan never returns it" }] })
    const inline = applyComponent(demo, { kind: 'auth', path: 'components/pro-dashboard.ts', className: 'ProDashboard' }, { source: 'inline', ref: '', args: [], rule: plan }, [])
    expect(inline.ok).toBe(false)
    // Written anyway, it would not type-check: the reason for the refusal.
    const written = { ...demo, 'auth/rules.ts': `${demo['auth/rules.ts']}\nexport const teamOnly = { authorize: async (auth) => (await db.getUserPlan(auth.session?.id)) === 'team' }\n` }
    expect(checker.errors(written)).toEqual([expect.stringMatching(/have no overlap/)])
  })
})
