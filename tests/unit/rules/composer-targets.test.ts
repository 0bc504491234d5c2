import { describe, expect, it } from 'vitest'
import {
  ensureNamedImport, listComponentClasses, listExportNames, readActionAuth, readRuleRef, readStaticAuth, relativeModule, writeActionAuth, writeStaticAuth,
} from '@/lib/rules/composer-targets'
import { readDemoWorkspace } from '@/lib/workspace/demo'

const panel = [
  "import { LiveComponent } from '@fluxstack/live'",
  "import { adminOnly } from '../auth/rules'",
  '',
  'export class Panel extends LiveComponent<{ a: string }> {',
  "  static publicActions = ['save', 'remove'] as const",
  '  static auth = adminOnly',
  '',
  '  async save() {}',
  '}',
  '',
].join('\n')

describe('listComponentClasses / listExportNames', () => {
  it('finds the demo components with their public actions', () => {
    const files = readDemoWorkspace()
    const classes = listComponentClasses(files)
    expect(classes.find((c) => c.className === 'ModerationPanel')).toEqual({ path: 'components/moderation-panel.ts', className: 'ModerationPanel', actions: ['getReports', 'deleteReport', 'banUser'] })
    expect(classes.map((c) => c.className)).toContain('LiveAdminPanel')
    expect(classes.every((c) => c.path.startsWith('components/'))).toBe(true)
    expect(listExportNames(files['auth/rules.ts'] ?? '')).toEqual(['adminOnly', 'proOnly', 'ownerOnly'])
  })
})

describe('readRuleRef', () => {
  it.each([
    ['adminOnly', { ref: 'adminOnly' }],
    ["ownerOnly('targetUserId')", { ref: 'ownerOnly', args: ['targetUserId'] }],
    ['requireRole()', { ref: 'requireRole', args: [] }],
    ["{ required: true, roles: ['admin', 'moderator'] }", { rule: { required: true, roles: ['admin', 'moderator'], permissions: [] } }],
  ])('reads %s', (text, value) => expect(readRuleRef(text, '  ')).toEqual(value))
  it.each([
    ['ownerOnly("x")'], ['{ required: true, roles: ["admin"] }'], ['{ ...adminOnly }'], ['{\n    required: true,\n    authorize: async (auth: LiveAuthContext) => true,\n  }'],
  ])('rejects hand-written %s', (text) => expect(readRuleRef(text, '  ')).toBeUndefined())
})

describe('static auth', () => {
  it('reads back a reference, an inline rule, and refuses a hand-written one', () => {
    const files = readDemoWorkspace()
    expect(readStaticAuth(panel, 'Panel')).toEqual({ ok: true, value: { ref: 'adminOnly' } })
    expect(readStaticAuth(files['components/admin-panel.ts'] ?? '', 'AdminPanel')).toEqual({ ok: true, value: { rule: { required: true, roles: ['admin', 'moderator'], permissions: [] } } })
    const pro = readStaticAuth(files['components/pro-dashboard.ts'] ?? '', 'ProDashboard')
    expect(pro).toMatchObject({ ok: false, reason: 'not-composer-generated' })
    expect(readStaticAuth(panel, 'Nope')).toMatchObject({ ok: false, reason: 'no-class' })
    expect(readStaticAuth(panel.replace('  static auth = adminOnly\n', ''), 'Panel')).toMatchObject({ ok: false, reason: 'absent' })
  })

  it('replaces or inserts, and reads back what it wrote', () => {
    const rule = { rule: { required: true, roles: ['admin'], permissions: [], authorize: { template: 'owner' as const, field: 'ownerId' } } }
    const out = writeStaticAuth(panel, 'Panel', rule) ?? ''
    expect(out).toContain('  static auth = {\n    required: true,\n    roles: [\'admin\'],\n    authorize: (auth, payload) => auth.session?.id === payload?.ownerId,\n  }\n')
    expect(out.replace(/static auth = \{[^]*?\n {2}\}\n/, '')).toBe(panel.replace('static auth = adminOnly\n', ''))
    expect(readStaticAuth(out, 'Panel')).toEqual({ ok: true, value: rule })
    const inserted = writeStaticAuth(panel.replace('  static auth = adminOnly\n', ''), 'Panel', { ref: 'proOnly' }) ?? ''
    expect(readStaticAuth(inserted, 'Panel')).toEqual({ ok: true, value: { ref: 'proOnly' } })
    expect(writeStaticAuth(panel, 'Nope', { ref: 'x' })).toBeUndefined()
  })
})

describe('action auth', () => {
  it('creates the member, adds entries, replaces one and keeps hand-written siblings', () => {
    const one = writeActionAuth(panel, 'Panel', 'save', { ref: 'ownerOnly', args: ['id'] }) ?? ''
    expect(one).toContain("  static actionAuth = { save: ownerOnly('id') }\n")
    const two = writeActionAuth(one, 'Panel', 'remove', { rule: { roles: ['admin'], permissions: [] } }) ?? ''
    expect(two).toContain("static actionAuth = { save: ownerOnly('id'), remove: { roles: ['admin'] } }")
    expect(readActionAuth(two, 'Panel', 'remove')).toEqual({ ok: true, value: { rule: { roles: ['admin'], permissions: [] } } })
    expect(readActionAuth(two, 'Panel', 'save')).toEqual({ ok: true, value: { ref: 'ownerOnly', args: ['id'] } })
    expect(readActionAuth(one, 'Panel', 'remove')).toMatchObject({ ok: false, reason: 'absent' })

    const demo = readDemoWorkspace()['components/moderation-panel.ts'] ?? ''
    expect(readActionAuth(demo, 'ModerationPanel', 'banUser')).toEqual({ ok: true, value: { rule: { roles: ['admin', 'moderator'], permissions: [] } } })
    // A rule with a hand-written authorize is still a composer rule: the function is kept verbatim as custom code.
    expect(readActionAuth(demo, 'ModerationPanel', 'editProfile')).toMatchObject({ ok: true, value: { rule: { authorize: { template: 'custom' } } } })
    expect(readActionAuth(demo.replace("banUser: { roles: ['admin', 'moderator'] }", 'banUser: { roles: ["admin"] }'), 'ModerationPanel', 'banUser')).toMatchObject({ ok: false, reason: 'not-composer-generated' })
    const changed = writeActionAuth(demo, 'ModerationPanel', 'banUser', { rule: { roles: ['admin'], permissions: [] } }) ?? ''
    expect(changed).toBe(demo.replace("banUser: { roles: ['admin', 'moderator'] }", "banUser: { roles: ['admin'] }"))
    const added = writeActionAuth(demo, 'ModerationPanel', 'getReports', { ref: 'adminOnly' }) ?? ''
    expect(added).toContain("        return true\n      },\n    },\n    getReports: adminOnly,\n  }\n")
    expect(readActionAuth(added, 'ModerationPanel', 'getReports')).toEqual({ ok: true, value: { ref: 'adminOnly' } })
  })
})

describe('imports', () => {
  it.each([
    ['components/a.ts', 'auth/rules.ts', '../auth/rules'],
    ['components/admin/a.ts', 'auth/rules.ts', '../../auth/rules'],
    ['auth/x.ts', 'auth/rules.ts', './rules'],
  ])('relativeModule(%s, %s) = %s', (from, to, want) => expect(relativeModule(from, to)).toBe(want))

  it('adds to an existing import, adds a line, or leaves the file alone', () => {
    expect(ensureNamedImport(panel, 'adminOnly', '../auth/rules')).toBe(panel)
    expect(ensureNamedImport(panel, 'proOnly', '../auth/rules')).toBe(panel.replace('import { adminOnly }', 'import { adminOnly, proOnly }'))
    const plain = panel.replace("import { adminOnly } from '../auth/rules'\n", '')
    expect(ensureNamedImport(plain, 'proOnly', '../auth/rules')).toBe(plain.replace("'@fluxstack/live'\n", "'@fluxstack/live'\nimport { proOnly } from '../auth/rules'\n"))
    expect(ensureNamedImport('const a = 1\n', 'x', './y')).toBe("import { x } from './y'\nconst a = 1\n")
  })
})
