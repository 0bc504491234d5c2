import { describe, expect, it } from 'vitest'
import { generateRuleExport, generateStaticActionAuth, generateStaticAuth } from '@/lib/rules/composer'
import type { ExportModel } from '@/lib/rules/composer-model'
import { readRuleExport } from '@/lib/rules/composer-read'
import { RulesError } from '@/lib/rules/errors'
import { readDemoWorkspace } from '@/lib/workspace/demo'

const none = { roles: [], permissions: [] }

const cases: { name: string; model: ExportModel; code: string }[] = [
  { name: 'adminOnly', model: { kind: 'rule', name: 'adminOnly', rule: { required: true, roles: ['admin'], permissions: [] } },
    code: "export const adminOnly = { required: true, roles: ['admin'] }" },
  { name: 'typed, AND permissions, quotes escaped', model: { kind: 'rule', name: 'editors', type: 'LiveComponentAuth', rule: { required: false, roles: [], permissions: ['content.read', "it's"] } },
    code: "export const editors: LiveComponentAuth = { required: false, permissions: ['content.read', 'it\\'s'] }" },
  { name: 'empty rule', model: { kind: 'rule', name: 'open', rule: none }, code: 'export const open = {}' },
  { name: 'ownerOnly factory', model: { kind: 'factory', name: 'ownerOnly', params: [{ name: 'field', default: 'userId' }], rule: { ...none, authorize: { template: 'owner', field: { param: 'field' } } } },
    code: "export const ownerOnly = (field = 'userId') => ({ authorize: (auth, payload) => auth.session?.id === payload?.[field] })" },
  { name: 'owner with a literal field', model: { kind: 'rule', name: 'mine', type: 'LiveActionAuth', rule: { ...none, authorize: { template: 'owner', field: 'targetUserId' } } },
    code: 'export const mine: LiveActionAuth = { authorize: (auth, payload) => auth.session?.id === payload?.targetUserId }' },
  { name: 'role factory', model: { kind: 'factory', name: 'requireRole', params: [{ name: 'role', default: 'admin' }], type: 'LiveComponentAuth', rule: { required: true, roles: [{ param: 'role' }, 'root'], permissions: [] } },
    code: "export const requireRole = (role = 'admin'): LiveComponentAuth => ({ required: true, roles: [role, 'root'] })" },
  { name: 'plan check', model: { kind: 'rule', name: 'proOnly', rule: { required: true, roles: [], permissions: [], authorize: { template: 'plan', plans: ['pro', 'team'] } } },
    code: [
      'export const proOnly = {',
      '  required: true,',
      '  authorize: async (auth) => {',
      '    const plan = await db.getUserPlan(auth.session?.id)',
      "    return plan === 'pro' || plan === 'team'",
      '  },',
      '}',
    ].join('\n') },
  { name: 'feature flag factory', model: { kind: 'factory', name: 'flagged', params: [{ name: 'flag', default: 'beta' }], rule: { ...none, authorize: { template: 'feature-flag', flag: { param: 'flag' } } } },
    code: "export const flagged = (flag = 'beta') => ({ authorize: (auth) => Array.isArray(auth.session?.flags) && auth.session.flags.includes(flag) })" },
  { name: 'night window west of UTC', model: { kind: 'rule', name: 'nightShift', rule: { ...none, authorize: { template: 'time-window', fromHour: 22, toHour: 6, tzOffsetMinutes: -180 } } },
    code: [
      'export const nightShift = {',
      '  authorize: () => {',
      '    const hour = new Date(Date.now() - 180 * 60_000).getUTCHours() // UTC-03:00',
      '    return hour >= 22 || hour < 6',
      '  },',
      '}',
    ].join('\n') },
  { name: 'custom multi-line', model: { kind: 'rule', name: 'bots', rule: { required: true, roles: ['bot'], permissions: [], authorize: { template: 'custom', code: "(auth) => {\n  return auth.session?.type === 'bot'\n}" } } },
    code: "export const bots = {\n  required: true,\n  roles: ['bot'],\n  authorize: (auth) => {\n    return auth.session?.type === 'bot'\n  },\n}" },
]

describe('generateRuleExport / readRuleExport', () => {
  it.each(cases)('$name: generates readable code and reads it back exactly', ({ model, code }) => {
    expect(generateRuleExport(model).code).toBe(code)
    const file = `// rules\nimport x from 'y'\n\n${code}\n\nexport const other = 1\n`
    expect(readRuleExport(file, model.name)).toEqual({ ok: true, model })
  })

  it('asks for the fixtures import only for the plan template', () => {
    expect(cases.map((c) => generateRuleExport(c.model).imports.length)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
  })

  it.each([
    ['a spread', "export const strict = { ...adminOnly, permissions: ['x'] }", 'strict'],
    ['other formatting', 'export const adminOnly = {\n  required: true\n}', 'adminOnly'],
    ['an unknown key', "export const r = { required: true, rolez: ['admin'] }", 'r'],
    ['an edited generated export', "export const adminOnly = { required: true, roles: ['admin'], }", 'adminOnly'],
    ['a function export', 'export function adminOnly() { return {} }', 'adminOnly'],
  ])('%s is not composer-generated', (_, source, name) => {
    expect(readRuleExport(source, name)).toEqual({
      ok: false, reason: 'not-composer-generated', message: `'${name}' is hand-written (not composer-generated): edit it in the code editor`,
    })
  })

  it('reads the demo\'s typed adminOnly, which has the composer shape', () => {
    expect(readRuleExport(readDemoWorkspace()['auth/rules.ts'] ?? '', 'adminOnly')).toEqual({
      ok: true, model: { kind: 'rule', name: 'adminOnly', type: 'LiveComponentAuth', rule: { required: true, roles: ['admin'], permissions: [] } },
    })
  })

  it('reads the demo\'s proOnly and ownerOnly as custom authorize code, regenerating them byte for byte', () => {
    const rules = readDemoWorkspace()['auth/rules.ts'] ?? ''
    for (const name of ['proOnly', 'ownerOnly']) {
      const read = readRuleExport(rules, name)
      if (!read.ok) throw new Error(read.message)
      expect(read.model.rule.authorize?.template).toBe('custom')
      expect(rules).toContain(generateRuleExport(read.model).code)
    }
  })

  it('reports a missing export', () => {
    expect(readRuleExport('export const a = {}', 'b')).toEqual({ ok: false, reason: 'not-found', message: "No export named 'b' in this file" })
  })

  it.each<[string, ExportModel, string]>([
    ['bad name', { kind: 'rule', name: 'admin-only', rule: none }, "admin-only: export name 'admin-only' is not an identifier"],
    ['unknown param', { kind: 'factory', name: 'f', params: [], rule: { ...none, roles: [{ param: 'r' }] } }, "f: a role refers to unknown parameter 'r'"],
    ['empty plans', { kind: 'rule', name: 'p', rule: { ...none, authorize: { template: 'plan', plans: [] } } }, 'p: the plan check needs at least one non-empty plan'],
    ['empty window', { kind: 'rule', name: 't', rule: { ...none, authorize: { template: 'time-window', fromHour: 9, toHour: 9, tzOffsetMinutes: 0 } } }, 't: the time window needs two different whole hours in 0..24'],
  ])('rejects an invalid model: %s', (_, model, message) => {
    expect(() => generateRuleExport(model)).toThrow(expect.objectContaining({ name: 'RulesError', code: 'ERR_RULES_INVALID_MODEL', message }))
    expect(() => generateRuleExport(model)).toThrow(RulesError)
  })
})

describe('component blocks', () => {
  it.each([
    ['a reference', generateStaticAuth({ ref: 'adminOnly' }), 'static auth = adminOnly'],
    ['an inline rule', generateStaticAuth({ rule: { required: true, roles: ['admin', 'moderator'], permissions: [] } }), "static auth = { required: true, roles: ['admin', 'moderator'] }"],
    ['short actionAuth', generateStaticActionAuth({ delete: { ref: 'ownerOnly', args: ['targetUserId'] } }), "static actionAuth = { delete: ownerOnly('targetUserId') }"],
    ['long actionAuth', generateStaticActionAuth({
      deleteReport: { rule: { roles: [], permissions: ['reports.delete'] } },
      banUser: { rule: { roles: ['admin', 'moderator'], permissions: [] } },
      'odd-name': { ref: 'adminOnly' },
    }), "static actionAuth = {\n    deleteReport: { permissions: ['reports.delete'] },\n    banUser: { roles: ['admin', 'moderator'] },\n    'odd-name': adminOnly,\n  }"],
  ])('%s', (_, got, expected) => expect(got).toBe(expected))
})
