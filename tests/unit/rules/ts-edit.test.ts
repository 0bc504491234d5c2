import { describe, expect, it } from 'vitest'
import { ensureImports, upsertRuleExport, upsertStaticMember } from '@/lib/rules/ts-edit'
import { readDemoWorkspace } from '@/lib/workspace/demo'

const RULES = readDemoWorkspace()['auth/rules.ts'] ?? ''

describe('upsertRuleExport', () => {
  it('replaces one export and leaves every other byte alone', () => {
    const code = "export const adminOnly = { required: true, roles: ['admin', 'owner'] }"
    const out = upsertRuleExport(RULES, 'adminOnly', code)
    expect(out).toBe(RULES.replace("export const adminOnly: LiveComponentAuth = { required: true, roles: ['admin'] }", code))
  })

  it('replaces a multi-line export up to its closing brace', () => {
    const out = upsertRuleExport(RULES, 'proOnly', 'export const proOnly = {}')
    expect(out).toContain('/** Mount rule: signed in and on the pro plan (looked up, not trusted from the token). */\nexport const proOnly = {}\n\n/** Action rule')
    expect(out).not.toContain('getUserPlan')
  })

  it.each([
    ['', 'export const a = {}\n'],
    ['const x = 1\n', 'const x = 1\n\nexport const a = {}\n'],
    ['const x = 1', 'const x = 1\n\nexport const a = {}\n'],
  ])('appends to %j', (file, expected) => expect(upsertRuleExport(file, 'a', 'export const a = {}')).toBe(expected))

  it('does not mistake a longer name or a comment for the export', () => {
    const file = '// export const a = 1\nexport const ab = 2\n'
    expect(upsertRuleExport(file, 'a', 'export const a = 3')).toBe(`${file}\nexport const a = 3\n`)
  })
})

describe('ensureImports', () => {
  it.each([
    ["import a from 'a'\n\nconst x = 1\n", "import a from 'a'\nimport { db } from '../data/db'\n\nconst x = 1\n"],
    ["import { db } from '../data/db'\n", "import { db } from '../data/db'\n"],
    ['const x = 1\n', "import { db } from '../data/db'\n\nconst x = 1\n"],
  ])('%j', (file, expected) => expect(ensureImports(file, ["import { db } from '../data/db'"])).toBe(expected))
})

describe('upsertStaticMember', () => {
  const panel = readDemoWorkspace()['components/live-admin-panel.ts'] ?? ''
  it('replaces static actionAuth in place', () => {
    const out = upsertStaticMember(panel, 'LiveAdminPanel', 'actionAuth', "static actionAuth = { delete: ownerOnly('userId') }")
    expect(out).toBe(panel.replace("ownerOnly('targetUserId')", "ownerOnly('userId')"))
  })
  it('inserts after the last static when missing (class with object generics)', () => {
    const chat = 'class Chat extends LiveComponent<{ a: string }, { b: boolean }> {\n  static publicActions = [\'x\']\n\n  x() {}\n}\n'
    expect(upsertStaticMember(chat, 'Chat', 'auth', 'static auth = adminOnly')).toBe(
      "class Chat extends LiveComponent<{ a: string }, { b: boolean }> {\n  static publicActions = ['x']\n\n  static auth = adminOnly\n\n  x() {}\n}\n")
  })
  it('returns undefined for an unknown class', () => expect(upsertStaticMember(panel, 'Nope', 'auth', 'static auth = {}')).toBeUndefined())
})
