import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthContext, trackReads, anonymousContext } from '@/lib/auth/context'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'

const FILES = {
  'components/base.ts': [
    "import { LiveComponent } from '@core/server/live'",
    'export class Base extends LiveComponent {',
    "  static componentName = 'Base'",
    "  static publicActions = ['shared'] as const",
    '  shared() { return 1 }',
    '  get computed() { return 2 }',
    '}',
  ].join('\n'),
  'components/child.ts': [
    "import { Base } from './base'",
    "import type { LiveAuthContext } from '@fluxstack/live'",
    'interface State { count: number; isAdmin: boolean }',
    'export class Child extends Base {',
    "  static publicActions = ['shared', 'own'] as const",
    '  static defaultState: State = { count: 0, isAdmin: false }',
    "  static updatableFields = ['count']",
    "  static auth = { required: true, roles: ['a'], permissions: ['p.read'], authorize: (auth: LiveAuthContext) => auth.session?.plan === 'pro' }",
    "  static actionAuth = { own: { roles: ['b'], authorize: (auth: LiveAuthContext, payload: { n: number }) => payload.n > 1 }, shared: { permissions: ['x'] } }",
    '  own() { this.$private.secret = 1; this.$private["other"] = 2 }',
    '  _hidden() {}',
    '}',
  ].join('\n'),
  'components/no-actions.ts': "import { LiveComponent } from '@fluxstack/live'\nexport class NoActions extends LiveComponent { run() {} }\n",
  'providers/providers.ts': [
    "import { AuthenticatedContext, liveAuthManager } from '@fluxstack/live'",
    'export class ClassProvider {',
    "  readonly name = 'class-provider'",
    '  async authenticate(c: { claims?: { sub: string } }) { return c.claims ? new AuthenticatedContext({ id: c.claims.sub, roles: ["r"] }) : null }',
    '  async authorizeAction(ctx: unknown, component: string, action: string) { return component + "." + action }',
    '}',
    "export const instanceProvider = { name: 'instance-provider', authenticate: async () => ({ authenticated: true, session: { name: 'no id' } }), authorizeRoom: (ctx: { authenticated: boolean }, room: string) => ctx.authenticated && room }",
    "liveAuthManager.register({ name: 'registered', authenticate: async () => { throw new Error('bad token') } })",
  ].join('\n'),
  'machines/doc.ts': 'export const allowRead = ({ machineInstanceName, authContext }) => authContext.sub === machineInstanceName\n',
}

describe('extraction from an inline workspace', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => {
    ws = await loadWorkspace(FILES, { version: 'v7' })
  })
  afterAll(() => ws.dispose())

  it('loads cleanly and keeps the version label', () => {
    expect(ws.diagnostics).toEqual([])
    expect(ws.version).toBe('v7')
  })

  it('lists every exported LiveComponent subclass with its metadata', () => {
    const child = ws.components.find((c) => c.name === 'Child')
    expect(child).toMatchObject({
      name: 'Child',
      file: 'components/child.ts',
      exportName: 'Child',
      publicActions: ['shared', 'own'],
      methods: ['own', '_hidden', 'shared'],
      defaultState: { count: 0, isAdmin: false },
      updatableFields: ['count'],
      hasAuthorize: true,
      actionsWithAuthorize: ['own'],
      stateKeys: ['count', 'isAdmin'],
      authLikeStateKeys: ['isAdmin'],
      privateKeys: ['secret', 'other'],
    })
    expect(child?.auth).toMatchObject({ required: true, roles: ['a'], permissions: ['p.read'] })
    expect(Object.keys(child?.actionAuth ?? {})).toEqual(['own', 'shared'])
    expect(child?.actionAuth?.shared).toEqual({ permissions: ['x'] })
    expect(ws.components.map((c) => c.name).sort()).toEqual(['Base', 'Child', 'NoActions'])
  })

  it('a class without static publicActions has none (every action denied)', () => {
    const c = ws.components.find((k) => k.name === 'NoActions')
    expect(c?.publicActions).toBeUndefined()
    expect(c?.methods).toEqual(['run'])
  })

  it('authorize functions are host functions that call into the guest (they return a promise)', async () => {
    const child = ws.components.find((c) => c.name === 'Child')
    const authorize = child?.auth?.authorize
    const own = child?.actionAuth?.own?.authorize
    const pending = authorize?.(createAuthContext({ id: 'u', plan: 'pro' }))
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toBe(true)
    expect(await authorize?.(createAuthContext({ id: 'u', plan: 'free' }))).toBe(false)
    expect(await authorize?.(anonymousContext())).toBe(false)
    expect(await own?.(createAuthContext({ id: 'u' }), { n: 2 })).toBe(true)
    expect(await own?.(createAuthContext({ id: 'u' }), { n: 0 })).toBe(false)
  })

  it('a guest failure rejects the promise with a SandboxError (code + message)', async () => {
    const own = ws.components.find((c) => c.name === 'Child')?.actionAuth?.own?.authorize
    // `payload.n` on an undefined payload throws in the guest.
    await expect(own?.(createAuthContext({ id: 'u' }), undefined)).rejects.toMatchObject({
      name: 'SandboxError', code: 'ERR_SANDBOX_GUEST_THROW', message: "Cannot read properties of undefined (reading 'n')",
    })
  })

  it('reports the session fields the guest read to the tracked context', async () => {
    const authorize = ws.components.find((c) => c.name === 'Child')?.auth?.authorize
    const tracked = trackReads(createAuthContext({ id: 'u', plan: 'pro', email: 'x@y' }))
    expect(await authorize?.(tracked.ctx)).toBe(true)
    expect(tracked.fieldsRead()).toEqual(['plan'])
  })

  it('finds provider classes, instances and liveAuthManager.register() calls', async () => {
    expect(ws.providers.map((p) => [p.name, p.file])).toEqual([
      ['class-provider', 'providers/providers.ts'],
      ['instance-provider', 'providers/providers.ts'],
      ['registered', '(liveAuthManager.register)'],
    ])
    const [cls, inst, reg] = ws.providers
    const snap = await cls?.authenticate({ token: 't', claims: { sub: 'u-9' } })
    expect(snap).toMatchObject({ authenticated: true, session: { id: 'u-9', roles: ['r'] }, provider: 'class-provider' })
    expect(typeof snap?.authenticatedAt).toBe('number')
    expect(await cls?.authenticate({ token: 't' })).toBeNull()
    expect(await cls?.authorizeAction?.(createAuthContext({ id: 'u' }), 'Chat', 'send')).toBe('Chat.send')
    expect(await inst?.authorizeRoom?.(createAuthContext({ id: 'u' }), 'vip-1')).toBe('vip-1')
    await expect(inst?.authenticate({})).rejects.toMatchObject({ code: 'ERR_SANDBOX_GUEST_THROW', message: "Provider 'instance-provider' returned a session without a string id" })
    await expect(reg?.authenticate({})).rejects.toMatchObject({ code: 'ERR_SANDBOX_GUEST_THROW', message: 'bad token' })
  })

  it('finds machine authorizers and returns raw results as values', async () => {
    expect(ws.machines.map((m) => [m.name, m.file, typeof m.allowRead, typeof m.allowWrite])).toEqual([['doc', 'machines/doc.ts', 'function', 'undefined']])
    const read = ws.machines[0]?.allowRead
    expect(await read?.({ machineInstanceName: 'u-1', authContext: { sub: 'u-1' } })).toEqual({ ok: true, value: true })
    expect(await read?.({ machineInstanceName: 'u-1', authContext: { sub: 'u-2' } })).toEqual({ ok: true, value: false })
    // A guest failure is a value here too (the promise resolves, it does not reject).
    expect(await read?.({ machineInstanceName: 'u-1', authContext: null })).toEqual({ ok: false, code: 'ERR_SANDBOX_GUEST_THROW', message: "Cannot read properties of null (reading 'sub')" })
  })
})
