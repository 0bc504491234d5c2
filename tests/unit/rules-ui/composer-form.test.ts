import { describe, expect, it } from 'vitest'
import {
  buildExport, buildRule, buildRuleRef, componentFormFromRef, emptyRule, exportFormFromModel, issuesFor, newExportForm, ruleFormFromModel,
  type ExportForm, type RuleForm,
} from '@/components/rules/composer-form'
import type { ExportModel } from '@/lib/rules'

const rule = (over: Partial<RuleForm> = {}): RuleForm => ({ ...emptyRule(), ...over })
const auth = (over: Partial<RuleForm['authorize']>): RuleForm => rule({ authorize: { ...emptyRule().authorize, ...over } })

describe('buildRule', () => {
  it.each<[string, RuleForm, unknown]>([
    ['required with OR roles and AND permissions', rule({ roles: ['admin', 'moderator'], permissions: ['a.b'] }), { required: true, roles: ['admin', 'moderator'], permissions: ['a.b'] }],
    ['required left unset', rule({ required: 'unset' }), { roles: [], permissions: [] }],
    ['owner template', auth({ mode: 'owner', ownerField: ' targetUserId ' }), { required: true, roles: [], permissions: [], authorize: { template: 'owner', field: 'targetUserId' } }],
    ['time window', auth({ mode: 'time-window', fromHour: '22', toHour: '6', tzOffsetMinutes: '-180' }), { required: true, roles: [], permissions: [], authorize: { template: 'time-window', fromHour: 22, toHour: 6, tzOffsetMinutes: -180 } }],
  ])('%s', (_, form, want) => expect(buildRule(form)).toEqual({ ok: true, value: want }))

  it.each<[string, RuleForm, string, string]>([
    ['empty role chip', rule({ roles: ['admin', ' '] }), 'roles', 'A role is empty'],
    ['a parameter outside a factory', rule({ permissions: ['{perm}'] }), 'permissions', 'A permission refers to {perm}, but only a factory has parameters'],
    ['no plans', auth({ mode: 'plan', plans: [] }), 'plans', 'Add at least one plan'],
    ['bad hour', auth({ mode: 'time-window', fromHour: '25' }), 'from-hour', 'The start must be a whole hour from 0 to 24'],
    ['same hours', auth({ mode: 'time-window', fromHour: '9', toHour: '9' }), 'to-hour', 'The window needs two different hours'],
    ['empty custom', auth({ mode: 'custom', code: '  ' }), 'code', 'Write the authorize function, or pick another option'],
    ['empty flag', auth({ mode: 'feature-flag', flag: '' }), 'flag', 'The feature flag is empty'],
  ])('reports %s', (_, form, field, message) => {
    const built = buildRule(form)
    expect(built.ok).toBe(false)
    expect(issuesFor(built.ok ? [] : built.issues, field)).toBe(message)
  })
})

describe('buildExport', () => {
  const factory: ExportForm = { ...newExportForm('factory'), name: 'ownsIt' }
  it('builds the default factory with a {param} reference', () => {
    expect(buildExport(factory, ['adminOnly'])).toEqual({ ok: true, value: {
      kind: 'factory', name: 'ownsIt', type: 'LiveActionAuth', params: [{ name: 'field', default: 'ownerId' }],
      rule: { roles: [], permissions: [], authorize: { template: 'owner', field: { param: 'field' } } },
    } })
  })
  it.each<[string, ExportForm, string, string]>([
    ['a bad identifier', { ...factory, name: '2fast' }, 'name', "'2fast' is not a valid identifier (letters, digits, _ and $; not starting with a digit)"],
    ['no name', { ...factory, name: ' ' }, 'name', 'Give the export a name'],
    ['a duplicate name', { ...factory, name: 'adminOnly' }, 'name', "auth/rules.ts already exports 'adminOnly': pick another name or edit that export"],
    ['a bad parameter', { ...factory, params: [{ name: 'my field', default: '' }] }, 'param-0', "Parameter 1: 'my field' is not a valid identifier"],
    ['a repeated parameter', { ...factory, params: [{ name: 'a', default: '' }, { name: 'a', default: '' }] }, 'param-1', "Parameter 2: 'a' is already a parameter"],
    ['an unknown parameter', { ...factory, rule: rule({ roles: ['{role}'] }) }, 'roles', 'A role refers to {role}, which is not a parameter of this factory'],
    ['a reserved parameter', { ...factory, params: [{ name: 'auth', default: '' }], rule: rule() }, 'form', "ownsIt: parameter 'auth' is not usable as an identifier"],
  ])('reports %s', (_, form, field, message) => {
    const built = buildExport(form, ['adminOnly'])
    expect(built.ok).toBe(false)
    expect(issuesFor(built.ok ? [] : built.issues, field)).toBe(message)
  })
  it('lets an edited export keep its own name', () => {
    expect(buildExport({ ...newExportForm('rule'), name: 'adminOnly' }, ['adminOnly'], 'adminOnly').ok).toBe(true)
  })
})

describe('round trips', () => {
  it.each<ExportModel>([
    { kind: 'rule', name: 'proOnly', type: 'LiveComponentAuth', rule: { required: true, roles: [], permissions: [], authorize: { template: 'plan', plans: ['pro', 'team'] } } },
    { kind: 'factory', name: 'flagged', params: [{ name: 'flag', default: 'beta' }], rule: { roles: ['user'], permissions: [], authorize: { template: 'feature-flag', flag: { param: 'flag' } } } },
    { kind: 'rule', name: 'custom', rule: { required: false, roles: [], permissions: ['x'], authorize: { template: 'custom', code: '() => true' } } },
  ])('model -> form -> model keeps $name', (model) => {
    expect(buildExport(exportFormFromModel(model), [model.name], model.name)).toEqual({ ok: true, value: model })
  })
  it('reads a form back from a rule model', () => {
    expect(ruleFormFromModel({ roles: [{ param: 'role' }], permissions: [] })).toMatchObject({ required: 'unset', roles: ['{role}'] })
  })
})

describe('buildRuleRef', () => {
  const exports = [
    { name: 'adminOnly', factory: false, params: [] }, { name: 'ownerOnly', factory: true, params: [] }, { name: 'owns', factory: true, params: [{ name: 'f', default: 'id' }] },
    { name: 'between', factory: true, params: [{ name: 'from', default: '9' }, { name: 'to', default: '17' }] },
  ]
  it.each([
    [{ ref: 'adminOnly' }],
    [{ ref: 'ownerOnly', args: ['targetUserId'] }],
    [{ ref: 'ownerOnly', args: [] }],
    [{ rule: { required: true, roles: ['admin'], permissions: [] } }],
  ])('round-trips %j', (value) => expect(buildRuleRef(componentFormFromRef(value), exports)).toEqual({ ok: true, value }))
  it.each([
    [{ source: 'ref' as const, ref: '', args: [], rule: emptyRule() }, 'ref', 'Pick an export of auth/rules.ts'],
    [{ source: 'ref' as const, ref: 'gone', args: [], rule: emptyRule() }, 'ref', "auth/rules.ts has no export 'gone' in the draft"],
    [{ source: 'ref' as const, ref: 'adminOnly', args: ['x'], rule: emptyRule() }, 'args', 'adminOnly is not a factory: it takes no arguments'],
    [{ source: 'ref' as const, ref: 'owns', args: ['a', 'b'], rule: emptyRule() }, 'args', 'owns takes at most 1 argument'],
  ])('reports %j', (form, field, message) => {
    const built = buildRuleRef(form, exports)
    expect(issuesFor(built.ok ? [] : built.issues, field)).toBe(message)
  })
  it.each([
    [['', ''], []],
    [['  ', ''], []],
    [['', '18'], ['9', '18']],
    [['8', ''], ['8']],
    [['a, b', 'c'], ['a, b', 'c']],
  ])('factory arguments %j are passed as %j (positional; an empty one before a filled one takes its default)', (args, expected) => {
    expect(buildRuleRef({ source: 'ref', ref: 'between', args, rule: emptyRule() }, exports)).toEqual({ ok: true, value: { ref: 'between', args: expected } })
  })
})
