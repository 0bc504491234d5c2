import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace, SandboxComponent } from '@/lib/sandbox/types'

const EXPECTED_FILES = [
  'auth/rules.ts',
  'components/admin-panel.ts',
  'components/content-editor.ts',
  'components/live-admin-panel.ts',
  'components/live-chat.ts',
  'components/moderation-panel.ts',
  'components/pro-dashboard.ts',
  'components/protected-chat.ts',
  'data/db.ts',
  'machines/profile.ts',
  'machines/team-board.ts',
  'providers/jwt.ts',
]

describe('demo workspace sources', () => {
  it('reads every file, keyed by workspace path', () => {
    const files = readDemoWorkspace()
    expect(Object.keys(files).sort()).toEqual(EXPECTED_FILES)
    for (const source of Object.values(files)) expect(source.length).toBeGreaterThan(100)
  })

  it('imports only relative files and the FluxStack API', () => {
    for (const [path, source] of Object.entries(readDemoWorkspace())) {
      const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1])
      for (const s of specifiers) expect([path, s]).toSatisfy(([, spec]) => spec === '@fluxstack/live' || String(spec).startsWith('.'))
    }
  })

  it('ModerationPanel declares actionAuth once and explains why', () => {
    const source = readDemoWorkspace()['components/moderation-panel.ts'] ?? ''
    expect(source.match(/^\s*static actionAuth\s*=/gm)).toHaveLength(1)
    expect(source).toContain('the second')
  })
})

type Expected = Pick<SandboxComponent, 'name' | 'file' | 'methods' | 'hasAuthorize' | 'actionsWithAuthorize'> & {
  publicActions: readonly string[]
  auth?: { required?: boolean; roles?: readonly string[]; permissions?: readonly string[] }
  actionAuth?: readonly string[]
  privateKeys?: readonly string[]
}

const SEED_COMPONENTS: readonly Expected[] = [
  { name: 'AdminPanel', file: 'components/admin-panel.ts', publicActions: ['deleteUser'], methods: ['deleteUser'], auth: { required: true, roles: ['admin', 'moderator'] }, hasAuthorize: false, actionsWithAuthorize: [] },
  { name: 'ContentEditor', file: 'components/content-editor.ts', publicActions: ['editContent'], methods: ['editContent'], auth: { required: true, permissions: ['content.read', 'content.write'] }, hasAuthorize: false, actionsWithAuthorize: [] },
  { name: 'LiveAdminPanel', file: 'components/live-admin-panel.ts', publicActions: ['delete'], methods: ['delete'], auth: { required: true, roles: ['admin'] }, actionAuth: ['delete'], hasAuthorize: false, actionsWithAuthorize: ['delete'] },
  { name: 'LiveChat', file: 'components/live-chat.ts', publicActions: ['login', 'sendMessage'], methods: ['login', 'sendMessage'], hasAuthorize: false, actionsWithAuthorize: [], privateKeys: ['loggedIn', 'odId', 'name'] },
  {
    name: 'ModerationPanel', file: 'components/moderation-panel.ts', publicActions: ['getReports', 'deleteReport', 'banUser'],
    methods: ['getReports', 'deleteReport', 'banUser', 'editProfile', 'adminDelete'], auth: { required: true },
    actionAuth: ['deleteReport', 'banUser', 'editProfile', 'adminDelete'], hasAuthorize: false, actionsWithAuthorize: ['editProfile', 'adminDelete'],
  },
  { name: 'ProDashboard', file: 'components/pro-dashboard.ts', publicActions: ['getData'], methods: ['getData'], auth: { required: true }, hasAuthorize: true, actionsWithAuthorize: [] },
  { name: 'ProtectedChat', file: 'components/protected-chat.ts', publicActions: ['sendMessage'], methods: ['sendMessage'], auth: { required: true }, hasAuthorize: false, actionsWithAuthorize: [] },
]

describe('demo workspace in the sandbox', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => {
    ws = await loadWorkspace(readDemoWorkspace(), { version: 'demo' })
  })
  afterAll(() => ws.dispose())

  it('loads with zero diagnostics', () => {
    expect(ws.diagnostics).toEqual([])
  })

  it.each(SEED_COMPONENTS)('$name is extracted with the seed metadata', (expected) => {
    const c = ws.components.find((k) => k.name === expected.name)
    expect(c).toBeDefined()
    if (!c) return
    expect(c).toMatchObject({ name: expected.name, file: expected.file, publicActions: expected.publicActions, methods: expected.methods, hasAuthorize: expected.hasAuthorize, actionsWithAuthorize: expected.actionsWithAuthorize })
    // The function and where it is written (rule-location.test.ts checks the place) are not declarative metadata.
    const { authorize: _authorize, authorizeAt: _at, ...declarative } = c.auth ?? {}
    expect(c.auth === undefined ? undefined : declarative).toEqual(expected.auth)
    expect(c.actionAuth === undefined ? undefined : Object.keys(c.actionAuth)).toEqual(expected.actionAuth)
    if (expected.privateKeys) expect(c.privateKeys).toEqual(expected.privateKeys)
    expect(c.authLikeStateKeys).toEqual([])
  })

  it('extracts exactly the seed components, the jwt provider and both machines', () => {
    expect(ws.components.map((c) => c.name).sort()).toEqual(SEED_COMPONENTS.map((c) => c.name))
    expect(ws.providers.map((p) => [p.name, p.file, typeof p.authorizeRoom, typeof p.authorizeAction])).toEqual([['jwt', 'providers/jwt.ts', 'function', 'undefined']])
    expect(ws.machines.map((m) => [m.name, typeof m.allowRead, typeof m.allowWrite])).toEqual([
      ['profile', 'function', 'function'],
      ['team-board', 'function', 'function'],
    ])
  })

  it.each([
    ['profile', { machineInstanceName: 'u-pro', authContext: { sub: 'u-pro' } }, true],
    ['profile', { machineInstanceName: 'u-pro', authContext: { sub: 'u-free' } }, false],
    ['team-board', { machineInstanceName: 'b-1', context: { allowedGroups: ['eng'] }, authContext: { sub: 'u', groups: ['sales', 'eng'] } }, true],
    ['team-board', { machineInstanceName: 'b-1', context: { allowedGroups: ['eng'] }, authContext: { sub: 'u', groups: ['sales'] } }, false],
    ['team-board', { machineInstanceName: 'b-1', context: {}, authContext: { sub: 'u' } }, false],
  ])('%s allowRead(%j) = %s', async (name, request, expected) => {
    const m = ws.machines.find((k) => k.name === name)
    expect(await m?.allowRead?.(request)).toEqual({ ok: true, value: expected })
    expect(await m?.allowWrite?.({ ...request, event: { type: 'rename' } })).toEqual({ ok: true, value: expected })
  })

  it('AdminPanel.deleteUser changes state.users; LiveChat login lives in $private', async () => {
    const admin = { authenticated: true, session: { id: 'u-admin', roles: ['admin'] } } as const
    const panel = await ws.createInstance('AdminPanel', { id: 'AdminPanel-1', auth: admin })
    if (!panel.ok) throw new Error(panel.error)
    expect(await panel.instance.callAction('deleteUser', { userId: 'u-free' }, { connectionId: 'c1', auth: admin })).toMatchObject({
      ok: true, result: { success: true }, state: { users: ['u-admin', 'u-moderator', 'u-pro'] }, logs: ['u-admin deleting u-free'],
    })
    const anonymous = { connectionId: 'c2', auth: { authenticated: false } } as const
    const chat = await ws.createInstance('LiveChat', { id: 'LiveChat-1', auth: anonymous.auth })
    if (!chat.ok) throw new Error(chat.error)
    expect(await chat.instance.callAction('sendMessage', { text: 'hi' }, anonymous)).toMatchObject({ ok: true, failed: true, error: 'Not authenticated' })
    expect(await chat.instance.callAction('login', { email: 'fred@example.com', password: 'wrong' }, anonymous)).toMatchObject({ ok: true, result: { success: false } })
    expect(await chat.instance.callAction('login', { email: 'fred@example.com', password: 'demo' }, anonymous)).toMatchObject({ ok: true, result: { success: true, name: 'Fred Free' } })
    expect(await chat.instance.callAction('sendMessage', { text: 'hi' }, anonymous)).toMatchObject({ ok: true, state: { messages: [{ from: 'Fred Free', text: 'hi' }] } })
    expect(JSON.stringify(chat.instance.state)).not.toContain('loggedIn')
    expect(await chat.instance.debugReadPrivateForTests()).toEqual({ loggedIn: true, odId: 'u-free', name: 'Fred Free' })
  })
})
