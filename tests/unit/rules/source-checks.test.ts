import { describe, expect, it } from 'vitest'
import { checkSource } from '@/lib/rules/source-checks'
import { readDemoWorkspace } from '@/lib/workspace/demo'

// The seed's ModerationPanel, verbatim shape: `static actionAuth` twice.
const SEED_MODERATION = `export class ModerationPanel extends LiveComponent<State> {
  static componentName = 'ModerationPanel'
  static publicActions = ['getReports', 'deleteReport', 'banUser'] as const

  static auth = { required: true }

  static actionAuth = {
    deleteReport: { permissions: ['reports.delete'] },
    banUser: { roles: ['admin', 'moderator'] },
  }

  // Action authorize receives the payload
  static actionAuth = {
    editProfile: {
      authorize: (auth, payload) => auth.session?.id === payload.userId
    },
  }
}
`

const cases: { name: string; file: string; code: string; expected: { code: string; line: number; column: number; message?: string }[] }[] = [
  {
    name: 'seed ModerationPanel: duplicate static actionAuth',
    file: 'components/moderation-panel.ts',
    code: SEED_MODERATION,
    expected: [{
      code: 'duplicate-static', line: 13, column: 3,
      message: 'static actionAuth is declared twice in class ModerationPanel (first on line 7). The second declaration silently replaces the first, so the first one\'s entries (deleteReport, banUser) lose their rules. Merge both into one static actionAuth.',
    }],
  },
  {
    name: 'duplicate static with a non-object first value',
    file: 'c.ts',
    code: 'class A extends LiveComponent<{ a: { b: string } }> {\n  static auth = adminOnly\n  static auth: LiveComponentAuth = { required: true }\n}\n',
    expected: [{ code: 'duplicate-static', line: 3, column: 3, message: 'static auth is declared twice in class A (first on line 2). The second declaration silently replaces the first, so the first one\'s value (adminOnly) is lost. Merge both into one static auth.' }],
  },
  {
    name: 'allowed:false without reason',
    file: 'r.ts',
    code: "export const r = {\n  authorize: async (auth) => {\n    if (!auth.authenticated) return { allowed: false }\n    return true\n  },\n}\n",
    expected: [{ code: 'deny-without-reason', line: 3, column: 37, message: "{ allowed: false } without a reason: a client of the real library sees 'AUTH_DENIED: undefined' (the studio answers the same and flags it as a library sharp edge). Add reason: '...'." }],
  },
  {
    name: "authorize returns 'yes'",
    file: 'r.ts',
    code: "const r = { authorize: () => 'yes' }\n",
    expected: [{ code: 'truthy-non-boolean', line: 1, column: 30, message: "authorize returns 'yes' (a string), which is truthy but not a boolean: the rule always denies (only true or { allowed: true } allows). Return true instead." }],
  },
  {
    name: 'authorize returns 1 from a block and {} from a method',
    file: 'r.ts',
    code: 'const a = {\n  authorize: async function (auth) {\n    if (auth.authenticated) return 1\n    return false\n  },\n}\nconst b = {\n  authorize(auth): boolean {\n    return {}\n  },\n}\n',
    expected: [
      { code: 'truthy-non-boolean', line: 3, column: 36, message: 'authorize returns 1 (a number), which is truthy but not a boolean: the rule always denies (only true or { allowed: true } allows). Return true instead.' },
      { code: 'truthy-non-boolean', line: 9, column: 12, message: 'authorize returns an object without `allowed`, which is truthy but not a boolean: the rule always denies (only true or { allowed: true } allows). Return true instead.' },
    ],
  },
  {
    name: 'concise arrow returning ({})',
    file: 'r.ts',
    code: 'export const r = { authorize: (auth) => ({}) }\n',
    expected: [{ code: 'truthy-non-boolean', line: 1, column: 42 }],
  },
  {
    name: 'clean: reasons given, booleans returned, nested callbacks, types, comments and strings',
    file: 'clean.ts',
    code: [
      '// static auth = 1; static auth = 2 (a comment, not code)',
      "type Denied = { allowed: false }",
      'interface Rule { authorize: (auth: unknown) => boolean }',
      'export class Ok extends LiveComponent<{ s: string }> {',
      "  static auth = { required: true, authorize: (auth) => ['a'].map((x) => { return 'yes' }).length > 0 }",
      "  static actionAuth = { go: { authorize: async (auth, p) => { if (!p) return { allowed: false, reason: 'no' }; return { allowed: true } } } }",
      "  note = 'static auth = 3'",
      '  run() { return this.rule.authorize(1) }',
      '}',
      "const zero = { authorize: () => 0 }",
      "const empty = { authorize: () => '' }",
      "const spread = { authorize: () => { return { ...base } } }",
      "const denied = () => ({ ...base, allowed: false })",
    ].join('\n'),
    expected: [],
  },
]

describe('checkSource', () => {
  it.each(cases)('$name', ({ file, code, expected }) => {
    const got = checkSource(file, code)
    expect(got.map((p) => ({ code: p.code, line: p.line, column: p.column }))).toEqual(
      expected.map(({ code: c, line, column }) => ({ code: c, line, column })))
    expected.forEach((e, i) => {
      if (e.message !== undefined) expect(got[i]?.message).toBe(e.message)
      expect(got[i]?.file).toBe(file)
    })
  })

  it('stays quiet on every file of the demo workspace', () => {
    const problems = Object.entries(readDemoWorkspace()).flatMap(([file, text]) => checkSource(file, text))
    expect(problems).toEqual([])
  })
})
