import { describe, expect, it } from 'vitest'
import {
  buildExport, buildRule, buildRuleRef, componentFormFromRef, emptyRule, exportFormFromModel, functionParams, issuesFor, newExportForm, ruleFormFromModel,
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

describe('where a rule is used decides what it may hold', () => {
  it('an action rule never writes required (LiveActionAuth has none), whatever the form held', () => {
    expect(buildRule(rule({ required: 'yes', roles: ['admin'] }), [], 'action')).toEqual({ ok: true, value: { roles: ['admin'], permissions: [] } })
    const typed = buildExport({ ...newExportForm('rule'), name: 'mods', type: 'LiveActionAuth', rule: rule({ required: 'no', roles: ['moderator'] }) }, [])
    expect(typed).toEqual({ ok: true, value: { kind: 'rule', name: 'mods', type: 'LiveActionAuth', rule: { roles: ['moderator'], permissions: [] } } })
    // A mount rule and an untyped export keep it.
    expect(buildRule(rule({ required: 'no' }), [], 'mount')).toMatchObject({ ok: true, value: { required: false } })
    expect(buildRule(rule({ required: 'yes' }))).toMatchObject({ ok: true, value: { required: true } })
  })

  it('the owner check (it reads the payload) is refused in a mount rule', () => {
    const built = buildExport({ ...newExportForm('rule'), name: 'mine', type: 'LiveComponentAuth', rule: auth({ mode: 'owner', ownerField: 'userId' }) }, [])
    expect(built.ok ? [] : built.issues).toEqual([{ field: 'owner-field', message: 'A mount rule gets no payload: the owner check works only in an action rule (LiveActionAuth or an actionAuth entry)' }])
    expect(buildRule(auth({ mode: 'owner', ownerField: 'userId' }), [], 'action').ok).toBe(true)
  })

  it('a hand-written mount authorize that takes a payload is refused; the default code fits both', () => {
    const two = buildRule(auth({ mode: 'custom', code: '(auth, payload) => payload?.id === auth.session?.id' }), [], 'mount')
    expect(issuesFor(two.ok ? [] : two.issues, 'code')).toBe("A mount rule's authorize gets only auth (no payload): remove 'payload', or make this an action rule")
    expect(buildRule(auth({ mode: 'custom' }), [], 'mount').ok).toBe(true)
    expect(buildRule(auth({ mode: 'custom' }), [], 'action').ok).toBe(true)
    expect(buildRule(auth({ mode: 'custom', code: '(auth, payload) => true' }), [], 'action').ok).toBe(true)
  })

  it('{field} in a hand-written function is a mistake the form names (it is a variable there, never substituted)', () => {
    const form = { ...newExportForm('factory'), name: 'owns', rule: { ...emptyRule(), required: 'unset' as const, authorize: { ...emptyRule().authorize, mode: 'custom' as const, code: "(auth, payload) => auth.session?.id === payload?.['{field}']" } } }
    const built = buildExport(form, [])
    expect(built.ok ? [] : built.issues).toEqual([{ field: 'code', message: "In a hand-written function a factory parameter is a variable: write field (e.g. payload?.[field]), not '{field}'" }])
    const fixed = buildExport({ ...form, rule: { ...form.rule, authorize: { ...form.rule.authorize, code: '(auth, payload) => auth.session?.id === payload?.[field]' } } }, [])
    expect(fixed.ok).toBe(true)
    // Destructuring is not a parameter reference.
    expect(buildExport({ ...form, rule: { ...form.rule, authorize: { ...form.rule.authorize, code: '(auth, { field }) => auth.session?.id === field' } } }, []).ok).toBe(true)
  })

  it('an action rule export cannot be a component\'s mount rule; it can be an action\'s', () => {
    const exports = [{ name: 'ownerOnly', factory: true, params: [], type: 'LiveActionAuth' as const }, { name: 'adminOnly', factory: false, params: [], type: 'LiveComponentAuth' as const }]
    const owner = { source: 'ref' as const, ref: 'ownerOnly', args: ['id'], rule: emptyRule() }
    const mount = buildRuleRef(owner, exports, 'mount')
    expect(issuesFor(mount.ok ? [] : mount.issues, 'ref')).toBe("ownerOnly is an action rule (LiveActionAuth, its authorize takes a payload): a component's static auth needs a mount rule")
    expect(buildRuleRef(owner, exports, 'action').ok).toBe(true)
    expect(buildRuleRef({ ...owner, ref: 'adminOnly', args: [] }, exports, 'action').ok).toBe(true)
  })

  it.each<[string, string[] | undefined]>([
    ['(auth, payload) => true', ['auth', 'payload']],
    ['async (auth: LiveAuthContext) => {', ['auth: LiveAuthContext']],
    ['(auth: Record<string, unknown>, p) => 1', ['auth: Record<string, unknown>', 'p']],
    ['auth => auth.authenticated', ['auth']],
    ['async function check(auth, payload) { return true }', ['auth', 'payload']],
    ['() => true', []],
    ['someFactory()', undefined],
  ])('reads the parameters of %s', (code, params) => expect(functionParams(code)).toEqual(params))
})
