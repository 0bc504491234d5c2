import { describe, expect, it } from 'vitest'
import { componentFormFromRef, emptyRule, newExportForm } from '@/components/rules/composer-form'
import { applyComponent, applyExport, choicesOf, hintsOf, loadTarget, parseTargetKey, targetKey, type Target } from '@/components/rules/composer-target'
import { readRuleExport } from '@/lib/rules'
import { readDemoWorkspace } from '@/lib/workspace/demo'

const files = readDemoWorkspace()

describe('targets', () => {
  it.each<Target>([
    { kind: 'export', name: 'adminOnly' }, { kind: 'new-rule' }, { kind: 'new-factory' },
    { kind: 'auth', path: 'components/admin-panel.ts', className: 'AdminPanel' },
    { kind: 'action', path: 'components/moderation-panel.ts', className: 'ModerationPanel', action: 'banUser' },
  ])('key round-trips %j', (t) => expect(parseTargetKey(targetKey(t))).toEqual(t))

  it('lists exports (factories recognised even when hand-written) and components', () => {
    const c = choicesOf(files)
    expect(c.exports).toEqual([
      { name: 'adminOnly', factory: false, params: [], type: 'LiveComponentAuth' },
      { name: 'proOnly', factory: false, params: [], type: 'LiveComponentAuth' },
      { name: 'ownerOnly', factory: true, params: [{ name: 'field', default: 'userId' }], type: 'LiveActionAuth' },
    ])
    const handWritten = {
      ...files,
      'auth/rules.ts': `${files['auth/rules.ts'] ?? ''}\nexport const byRole = (role: string) => ({ roles: [role] })\nexport const spread = { ...adminOnly }\n`
        + 'export const mods: LiveActionAuth = { ...adminOnly, roles: [\'moderator\'] }\nexport const ownsAll = (field: string): LiveActionAuth => ({ ...ownerOnly(field) })\n',
    }
    expect(choicesOf(handWritten).exports.slice(3)).toEqual([
      { name: 'byRole', factory: true, params: [] }, { name: 'spread', factory: false, params: [] },
      { name: 'mods', factory: false, params: [], type: 'LiveActionAuth' }, { name: 'ownsAll', factory: true, params: [], type: 'LiveActionAuth' },
    ])
    expect(c.components.map((x) => x.className)).toContain('ModerationPanel')
  })
})

describe('loadTarget', () => {
  it('reads a composer-readable export into the form', () => {
    expect(loadTarget(files, { kind: 'export', name: 'adminOnly' })).toMatchObject({ kind: 'export', status: 'read', form: { name: 'adminOnly', kind: 'rule', type: 'LiveComponentAuth', rule: { required: 'yes', roles: ['admin'] } } })
  })
  it('says a hand-written export is hand-written and keeps its code to show', () => {
    const withSpread = { ...files, 'auth/rules.ts': `${files['auth/rules.ts'] ?? ''}\nexport const editors = {\n  ...adminOnly,\n  permissions: ['content.write'],\n}\n` }
    const loaded = loadTarget(withSpread, { kind: 'export', name: 'editors' })
    expect(loaded).toEqual({ kind: 'unreadable', path: 'auth/rules.ts', message: "'editors' is hand-written (not composer-generated): edit it in the code editor", code: "export const editors = {\n  ...adminOnly,\n  permissions: ['content.write'],\n}" })
    // The demo's own rules use hand-written authorize functions, which the composer keeps verbatim as custom code.
    expect(loadTarget(files, { kind: 'export', name: 'proOnly' })).toMatchObject({ kind: 'export', status: 'read', form: { rule: { required: 'yes', authorize: { mode: 'custom' } } } })
  })
  it('reads component rules, and offers to add a missing one', () => {
    expect(loadTarget(files, { kind: 'auth', path: 'components/admin-panel.ts', className: 'AdminPanel' })).toMatchObject({ kind: 'component', status: 'read', form: { source: 'inline', rule: { roles: ['admin', 'moderator'] } } })
    expect(loadTarget(files, { kind: 'action', path: 'components/live-admin-panel.ts', className: 'LiveAdminPanel', action: 'delete' })).toMatchObject({ kind: 'component', form: { source: 'ref', ref: 'ownerOnly', args: ['targetUserId'] } })
    expect(loadTarget(files, { kind: 'action', path: 'components/moderation-panel.ts', className: 'ModerationPanel', action: 'getReports' })).toMatchObject({ kind: 'component', status: 'new' })
    const pro = loadTarget(files, { kind: 'auth', path: 'components/pro-dashboard.ts', className: 'ProDashboard' })
    expect(pro.kind).toBe('unreadable')
    expect(pro.kind === 'unreadable' && pro.code.split('\n')[0]).toBe('  static auth = {')
    expect(pro.kind === 'unreadable' && pro.code.split('\n').at(-1)).toBe('  }')
    expect(loadTarget(files, { kind: 'export', name: 'nope' })).toMatchObject({ kind: 'missing' })
  })
})

describe('apply', () => {
  it('appends a new factory to auth/rules.ts and reads it back', () => {
    const res = applyExport(files, { ...newExportForm('factory'), name: 'ownsDoc' }, undefined)
    if (!res.ok) throw new Error(JSON.stringify(res.issues))
    expect(res.value.code).toBe("export const ownsDoc = (field = 'ownerId'): LiveActionAuth => ({ authorize: (auth, payload) => auth.session?.id === payload?.[field] })")
    expect(res.value.files['auth/rules.ts']).toBe(`${files['auth/rules.ts']}\n${res.value.code}\n`)
    expect(res.value.imports).toEqual([])
    expect(readRuleExport(res.value.files['auth/rules.ts'] ?? '', 'ownsDoc').ok).toBe(true)
  })
  it('replaces a hand-written export in place when asked, and adds the imports it needs', () => {
    const noDb = { ...files, 'auth/rules.ts': (files['auth/rules.ts'] ?? '').replace("import { db } from '../data/db'\n", '').replace(/import type .*\n/, '') }
    const form = { ...newExportForm('rule'), name: 'proOnly', rule: { ...emptyRule(), authorize: { ...emptyRule().authorize, mode: 'plan' as const, plans: ['pro', 'free'] } } }
    const res = applyExport(noDb, form, 'proOnly')
    if (!res.ok) throw new Error(JSON.stringify(res.issues))
    const text = res.value.files['auth/rules.ts'] ?? ''
    expect(res.value.imports).toEqual(["import { db } from '../data/db'", "import type { LiveComponentAuth } from '@fluxstack/live'"])
    expect(text).toContain("return plan === 'pro' || plan === 'free'")
    expect(text.match(/export const proOnly/g)).toHaveLength(1)
    expect(readRuleExport(text, 'proOnly')).toMatchObject({ ok: true })
  })
  it('refuses a duplicate name with a field issue', () => {
    expect(applyExport(files, { ...newExportForm('rule'), name: 'adminOnly' }, undefined)).toMatchObject({ ok: false, issues: [{ field: 'name' }] })
  })
  it('writes a component reference and imports it', () => {
    const target = { kind: 'auth' as const, path: 'components/admin-panel.ts', className: 'AdminPanel' }
    const res = applyComponent(files, target, componentFormFromRef({ ref: 'adminOnly' }), choicesOf(files).exports)
    if (!res.ok) throw new Error(JSON.stringify(res.issues))
    expect(res.value.imports).toEqual(["import { adminOnly } from '../auth/rules'"])
    expect(res.value.files[target.path]).toContain('  static auth = adminOnly\n')
    expect(loadTarget(res.value.files, target)).toMatchObject({ kind: 'component', status: 'read', form: { source: 'ref', ref: 'adminOnly' } })
  })
})

describe('hintsOf', () => {
  it('collects persona roles, permissions and flags, fixture plans and payload fields', () => {
    const personas = [{ claims: { sub: 'a', roles: ['admin'], permissions: ['x.y'], flags: ['beta'] } }, { claims: null }]
    const h = hintsOf(personas, files)
    expect(h).toMatchObject({ roles: ['admin'], permissions: ['x.y'], flags: ['beta'], plans: ['free', 'pro'] })
    expect(h.payloadFields).toContain('targetUserId')
  })
})
