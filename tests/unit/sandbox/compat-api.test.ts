import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonymousContext, createAuthContext } from '@/lib/auth/context'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import type { LiveAuthSession } from '@/lib/auth/types'
import { attempt, authorizeOf, ruleWorkspace } from './helpers'

/** Each rule returns what the guest's $auth helpers say, so guest and host semantics can be compared. */
const HELPERS = `(auth) => [
  auth.authenticated,
  auth.hasRole('admin'), auth.hasAnyRole(['admin', 'x']), auth.hasAllRoles(['admin', 'user']), auth.hasAllRoles([]), auth.hasAnyRole([]),
  auth.hasPermission('p'), auth.hasAnyPermission(['p', 'q']), auth.hasAllPermissions(['p', 'q']), auth.hasAllPermissions([]),
  auth.user === auth.session, auth.token === undefined,
]`

const PROVIDER = [
  "import { AuthenticatedContext, AnonymousContext, ANONYMOUS_CONTEXT } from '@core/server/live'",
  'export const probe = {',
  "  name: 'probe',",
  '  async authenticate(c) {',
  '    const ctx = new AuthenticatedContext({ id: "u", roles: ["a"], nested: { deep: [1] } }, c.token)',
  '    const frozen = Object.isFrozen(ctx) && Object.isFrozen(ctx.session) && Object.isFrozen(ctx.session.roles) && Object.isFrozen(ctx.session.nested.deep)',
  '    const anon = new AnonymousContext()',
  '    if (!frozen || ctx.token !== c.token || Object.keys(ctx).includes("token") || anon.hasAllRoles([]) || ANONYMOUS_CONTEXT.authenticated) throw new Error("contract broken")',
  '    return ctx',
  '  },',
  '}',
].join('\n')

describe('the compatible $auth API inside the guest matches lib/auth', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => {
    ws = await loadWorkspace(ruleWorkspace({ Helpers: HELPERS, Mutate: "(auth) => { auth.session.roles.push('admin'); return true }" }, { 'providers/probe.ts': PROVIDER }))
  })
  afterAll(() => ws.dispose())

  it.each<[string, Record<string, unknown>]>([
    ['admin with roles and permissions', { id: 'u', roles: ['admin', 'user'], permissions: ['p', 'q'] }],
    ['no roles, no permissions', { id: 'u' }],
    ['empty lists', { id: 'u', roles: [], permissions: [] }],
    ['roles as a string (counts as absent)', { id: 'u', roles: 'admin', permissions: 'p' }],
    ['bot session', { id: 'bot-1', type: 'bot', roles: ['bot'] }],
  ])('%s', async (_label, session) => {
    // A deliberately malformed session (roles as a string) is part of the table.
    const host = createAuthContext(session as unknown as LiveAuthSession)
    const expected = [
      host.authenticated,
      host.hasRole('admin'), host.hasAnyRole(['admin', 'x']), host.hasAllRoles(['admin', 'user']), host.hasAllRoles([]), host.hasAnyRole([]),
      host.hasPermission('p'), host.hasAnyPermission(['p', 'q']), host.hasAllPermissions(['p', 'q']), host.hasAllPermissions([]),
      true, true,
    ]
    expect(await attempt(authorizeOf(ws, 'Helpers'), host)).toEqual(expected)
  })

  it('anonymous: every helper is false, even hasAllRoles([])', async () => {
    expect(await attempt(authorizeOf(ws, 'Helpers'), anonymousContext())).toEqual([false, false, false, false, false, false, false, false, false, false, true, true])
  })

  it('the session a rule receives is deep-frozen', async () => {
    expect(await attempt(authorizeOf(ws, 'Mutate'), createAuthContext({ id: 'u', roles: ['user'] }))).toEqual({
      thrown: 'SandboxError', code: 'ERR_SANDBOX_GUEST_THROW', message: 'object is not extensible',
    })
  })

  it('AuthenticatedContext freezes, hides the token, and AnonymousContext denies everything', async () => {
    const snap = await ws.providers[0]?.authenticate({ token: 'tok' })
    expect(snap).toMatchObject({ authenticated: true, session: { id: 'u', roles: ['a'], nested: { deep: [1] } }, provider: 'probe' })
  })
})
