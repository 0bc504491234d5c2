import { describe, expect, it } from 'vitest'
import {
  anonymousContext, contextFromSnapshot, createAuthContext, recordSessionRead, snapshotOf, trackReads, taggedContext, callTagOf,
} from '@/lib/auth/context'
import type { LiveAuthContext, LiveAuthSession } from '@/lib/auth/types'

type Helper = 'hasRole' | 'hasAnyRole' | 'hasAllRoles' | 'hasPermission' | 'hasAnyPermission' | 'hasAllPermissions'

const call = (ctx: LiveAuthContext, helper: Helper, arg: string | readonly string[]): boolean =>
  (ctx[helper] as (a: string | readonly string[]) => boolean)(arg)

const withRoles = createAuthContext({ id: 'a', roles: ['admin', 'user'], permissions: ['p1', 'p2'] })
const emptyRoles = createAuthContext({ id: 'b', roles: [], permissions: [] })
const noRoles = createAuthContext({ id: 'c' })
const stringRoles = createAuthContext({ id: 'd', roles: 'admin' as unknown as string[] })
const anon = anonymousContext()

// FluxStack Live 0.11 semantics (LiveAuthContext.ts): [context, helper, argument, expected]
const EDGES: readonly [string, LiveAuthContext, Helper, string | readonly string[], boolean][] = [
  ['roles', withRoles, 'hasRole', 'admin', true],
  ['roles', withRoles, 'hasRole', 'adm', false],
  ['roles', withRoles, 'hasAnyRole', ['x', 'user'], true],
  ['roles', withRoles, 'hasAnyRole', [], false],
  ['roles', withRoles, 'hasAllRoles', ['admin', 'user'], true],
  ['roles', withRoles, 'hasAllRoles', ['admin', 'x'], false],
  ['roles', withRoles, 'hasAllRoles', [], true],
  ['roles', withRoles, 'hasAllPermissions', [], true],
  ['roles', withRoles, 'hasAnyPermission', ['p2'], true],
  ['roles', withRoles, 'hasPermission', 'p3', false],
  ['empty roles', emptyRoles, 'hasAllRoles', [], true],
  ['empty roles', emptyRoles, 'hasAllRoles', ['a'], false],
  ['empty roles', emptyRoles, 'hasAnyRole', [], false],
  ['empty roles', emptyRoles, 'hasAllPermissions', [], true],
  ['missing roles', noRoles, 'hasAllRoles', [], true],
  ['missing roles', noRoles, 'hasAllRoles', ['a'], false],
  ['missing roles', noRoles, 'hasRole', 'a', false],
  ['missing roles', noRoles, 'hasAnyRole', ['a'], false],
  ['missing roles', noRoles, 'hasAllPermissions', [], true],
  ['missing roles', noRoles, 'hasAnyPermission', [], false],
  ['string roles (not an array: ignored)', stringRoles, 'hasRole', 'adm', false],
  ['string roles (not an array: ignored)', stringRoles, 'hasAnyRole', ['admin'], false],
  ['string roles (not an array: ignored)', stringRoles, 'hasAllRoles', [], true],
  ['anonymous', anon, 'hasAllRoles', [], false],
  ['anonymous', anon, 'hasAllPermissions', [], false],
  ['anonymous', anon, 'hasAnyRole', [], false],
  ['anonymous', anon, 'hasRole', 'admin', false],
  ['anonymous', anon, 'hasPermission', 'p1', false],
  ['anonymous', anon, 'hasAnyPermission', ['p1'], false],
]

describe('context helpers', () => {
  it.each(EDGES)('%s: %s(%o) -> %s', (_label, ctx, helper, arg, expected) => {
    expect(call(ctx, helper, arg)).toBe(expected)
  })
})

describe('createAuthContext', () => {
  const source: LiveAuthSession = { id: 'dev', roles: ['device'], location: { lat: 1, lng: 2 }, tags: [{ k: 'v' }] }
  const ctx = createAuthContext(source, 'secret-token-value', 123, 'jwt')

  it('exposes the seed API and the deprecated user alias', () => {
    expect(ctx.authenticated).toBe(true)
    expect(ctx.session?.id).toBe('dev')
    expect(ctx.user).toBe(ctx.session)
    expect(ctx.token).toBe('secret-token-value')
    expect(ctx.authenticatedAt).toBe(123)
  })

  it('deep-freezes a copy and leaves the caller objects alone', () => {
    const session = ctx.session as LiveAuthSession & { location: { lat: number }; tags: { k: string }[] }
    expect(Object.isFrozen(session)).toBe(true)
    expect(Object.isFrozen(session.roles)).toBe(true)
    expect(Object.isFrozen(session.location)).toBe(true)
    expect(Object.isFrozen(session.tags[0])).toBe(true)
    expect(() => { (session.roles as string[]).push('admin') }).toThrow(TypeError)
    expect(() => { session.location.lat = 9 }).toThrow(TypeError)
    expect(Object.isFrozen(source)).toBe(false)
    expect(Object.isFrozen(ctx)).toBe(true)
  })

  it('keeps the token out of JSON and snapshots', () => {
    expect(JSON.stringify(ctx)).not.toContain('secret-token-value')
    expect(JSON.stringify(snapshotOf(ctx))).not.toContain('secret-token-value')
  })

  it('keeps a JSON __proto__ key as a plain field', () => {
    const parsed = JSON.parse('{"id":"x","__proto__":{"roles":["admin"]}}') as LiveAuthSession
    const c = createAuthContext(parsed)
    expect(c.hasRole('admin')).toBe(false)
    expect(Object.getPrototypeOf(c.session)).toBe(Object.prototype)
  })

  it('throws a typed error for a non-object session', () => {
    expect(() => createAuthContext(null as unknown as LiveAuthSession)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_SESSION' }))
  })

  it('anonymous context has nothing', () => {
    expect([anon.authenticated, anon.session, anon.user, anon.token, anon.authenticatedAt]).toEqual([false, undefined, undefined, undefined, undefined])
    expect(Object.isFrozen(anon)).toBe(true)
  })
})

describe('snapshots', () => {
  it('round-trips without the token', () => {
    const ctx = createAuthContext({ id: 'u', roles: ['r'] }, 'tok', 5, 'jwt')
    const snap = snapshotOf(ctx)
    expect(snap).toEqual({ authenticated: true, session: { id: 'u', roles: ['r'] }, authenticatedAt: 5, provider: 'jwt' })
    const back = contextFromSnapshot(snap)
    expect([back.authenticated, back.hasRole('r'), back.token, back.authenticatedAt]).toEqual([true, true, undefined, 5])
    expect(snapshotOf(back)).toEqual(snap)
  })

  it('anonymous and session-less snapshots give the anonymous context', () => {
    expect(snapshotOf(anon)).toEqual({ authenticated: false })
    expect(contextFromSnapshot({ authenticated: false })).toBe(anon)
    expect(contextFromSnapshot({ authenticated: true })).toBe(anon)
  })
})

describe('trackReads', () => {
  it('records fields read directly and through helpers, in order', () => {
    const base = createAuthContext({ id: 'u', plan: 'pro', roles: ['r'], permissions: [] }, 'tok')
    const t = trackReads(base)
    void t.ctx.session?.plan
    void ('region' in (t.ctx.session ?? {}))
    t.ctx.hasRole('r')
    void t.ctx.user?.id
    expect(t.fieldsRead()).toEqual(['plan', 'region', 'roles', 'id'])
    expect(t.ctx.token).toBe('tok')
  })

  it('snapshotOf does not record reads; recordSessionRead does', () => {
    const t = trackReads(createAuthContext({ id: 'u', plan: 'pro' }))
    expect(snapshotOf(t.ctx)).toEqual({ authenticated: true, session: { id: 'u', plan: 'pro' } })
    expect(t.fieldsRead()).toEqual([])
    recordSessionRead(t.ctx, 'plan')
    expect(t.fieldsRead()).toEqual(['plan'])
  })

  it('recordSessionRead on an untracked context is a no-op; anonymous reads nothing', () => {
    const plain = createAuthContext({ id: 'u' })
    expect(() => recordSessionRead(plain, 'x')).not.toThrow()
    const t = trackReads(anon)
    expect(t.ctx).toBe(anon)
    expect(t.fieldsRead()).toEqual([])
  })

  it('the tracked session is still frozen', () => {
    const t = trackReads(createAuthContext({ id: 'u', roles: ['r'] }))
    expect(() => { (t.ctx.session as { id: string }).id = 'admin' }).toThrow(TypeError)
  })
})

describe('taggedContext (whom work done with a context is for)', () => {
  it('keeps the context as rules see it and carries the tag through trackReads, for a session and for anonymous', () => {
    const lane = { key: 'c-1' }
    const ctx = createAuthContext({ id: 'u-1', roles: ['admin'] }, 'tok', 5, 'jwt')
    const tagged = taggedContext(ctx, lane)
    expect(tagged.hasRole('admin')).toBe(true)
    expect(tagged.token).toBe('tok')
    expect(snapshotOf(tagged)).toEqual(snapshotOf(ctx))
    expect(callTagOf(tagged)).toBe(lane)
    expect(callTagOf(ctx)).toBeUndefined()
    const tracked = trackReads(tagged)
    expect(callTagOf(tracked.ctx)).toBe(lane)
    void tracked.ctx.session?.roles
    expect(tracked.fieldsRead()).toEqual(['roles'])
    const anon = taggedContext(anonymousContext(), lane)
    expect(anon.authenticated).toBe(false)
    expect(anon.hasAllRoles([])).toBe(false)
    expect(Object.isFrozen(anon)).toBe(true)
    expect(callTagOf(trackReads(anon).ctx)).toBe(lane)
    // Nothing in the context shows the tag to a rule.
    expect(JSON.stringify(tagged)).not.toContain('c-1')
    expect(Object.keys(anon)).not.toContain('tag')
  })
})
