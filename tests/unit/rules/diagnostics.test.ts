import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diagnoseWorkspace } from '@/lib/rules/diagnostics'
import type { LoadedWorkspace, SandboxComponent } from '@/lib/sandbox/types'
import { loadWorkspace } from '@/lib/sandbox'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'

const PERSONAS = [
  { id: 'admin', claims: { sub: 'u1', plan: 'pro', roles: ['admin'], permissions: ['posts.write'] } },
  { id: 'anon', claims: null },
]

function component(over: Partial<SandboxComponent>): SandboxComponent {
  return {
    name: 'Panel', file: 'components/panel.ts', exportName: 'Panel', methods: ['save'], publicActions: ['save'],
    hasAuthorize: false, actionsWithAuthorize: [], stateKeys: [], authLikeStateKeys: [], privateKeys: [], ...over,
  }
}

const SOURCE = [
  "export class Panel extends LiveComponent<{ isAdmin: boolean }> {",
  "  static publicActions = ['save', 'ghost'] as const",
  "  static defaultState = { isAdmin: false }",
  "  static auth = { roles: ['superadmin'], authorize: (auth) => auth.session?.tenant === 'acme' && auth.hasPermission('billing.read') }",
  "  static actionAuth = { purge: { permissions: ['posts.purge'] } }",
  '  save() { return 1 }',
  '}',
].join('\n')

const cases: { name: string; component: Partial<SandboxComponent>; codes: string[] }[] = [
  { name: 'clean component', component: {}, codes: [] },
  { name: 'no publicActions', component: { publicActions: undefined }, codes: ['no-public-actions'] },
  { name: 'actionAuth key not public', component: { actionAuth: { purge: { roles: ['admin'] } } }, codes: ['action-auth-not-public'] },
  { name: 'public action without method', component: { publicActions: ['save', 'ghost'] }, codes: ['public-action-without-method'] },
  { name: 'role nobody holds', component: { auth: { roles: ['superadmin', 'admin'] } }, codes: ['unknown-role'] },
  { name: 'permission nobody holds', component: { actionAuth: { save: { permissions: ['posts.write', 'posts.purge'] } } }, codes: ['unknown-permission'] },
  { name: 'auth flag in state', component: { authLikeStateKeys: ['isAdmin'] }, codes: ['auth-flag-in-state'] },
]

describe('diagnoseWorkspace (component checks)', () => {
  it.each(cases)('$name', ({ component: over, codes }) => {
    const problems = diagnoseWorkspace({ components: [component(over)], personas: PERSONAS })
    expect(problems.map((p) => p.code)).toEqual(codes)
  })

  it('names the missing claim and positions it in the source', () => {
    const problems = diagnoseWorkspace({
      components: [component({ publicActions: ['save', 'ghost'], auth: { roles: ['superadmin'] }, authLikeStateKeys: ['isAdmin'] })],
      personas: PERSONAS,
      sources: { 'components/panel.ts': SOURCE },
    })
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['public-action-without-method', 2, 35],
      ['auth-flag-in-state', 3, 27],
      ['unknown-role', 4, 27],
      ['unknown-session-field', 4, 77],
      ['unknown-permission', 4, 117],
    ])
    expect(problems.find((p) => p.code === 'unknown-session-field')?.message).toBe(
      "authorize reads session.tenant, which no persona's session has (they have: id, permissions, plan, roles, type): it is undefined for everyone.")
    expect(problems.find((p) => p.code === 'unknown-role')?.message).toBe(
      "Role 'superadmin' (Panel static auth.roles) is held by no persona: none of them can pass this check.")
  })

  it('passes load diagnostics through and keeps one duplicate-static marker per spot', () => {
    const dup = 'class A {\n  static auth = { required: true }\n  static auth = { roles: [] }\n}\n'
    const problems = diagnoseWorkspace({
      components: [], personas: PERSONAS, sources: { 'a.ts': dup },
      loadDiagnostics: [
        { file: 'a.ts', line: 3, column: 3, severity: 'error', message: 'static auth is declared twice in class A (first on line 2).' },
        { file: 'b.ts', line: 4, column: 9, severity: 'error', message: 'Unexpected token' },
      ],
    })
    expect(problems.map((p) => [p.file, p.line, p.code])).toEqual([['a.ts', 3, 'duplicate-static'], ['b.ts', 4, 'load']])
    expect(problems[0]?.message).toContain("the first one's entries (required) lose their rules")
  })

  it('skips claim checks when no persona is authenticated', () => {
    const problems = diagnoseWorkspace({ components: [component({ auth: { roles: ['nobody'] } })], personas: [{ id: 'anon', claims: null }] })
    expect(problems).toEqual([])
  })
})

describe('diagnoseWorkspace on the demo workspace', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => { ws = await loadWorkspace(readDemoWorkspace()) })
  afterAll(() => ws.dispose())

  it('reports only the intended problems (ModerationPanel keeps editProfile/adminDelete out of publicActions; vip- rooms rely on authorizeRoom)', () => {
    const problems = diagnoseWorkspace({ components: ws.components, personas: DEMO_PERSONAS, loadDiagnostics: ws.diagnostics, sources: readDemoWorkspace() })
    expect(problems.map((p) => `${p.file}:${p.line} ${p.code}`)).toEqual([
      'components/moderation-panel.ts:35 action-auth-not-public',
      'components/moderation-panel.ts:38 action-auth-not-public',
      'providers/jwt.ts:43 sharp-edge',
    ])
  })
})
