import { describe, expect, it } from 'vitest'
import { claimsFromSession, sessionFromClaims, type SessionMapping } from '@/lib/tokens'

const USER = { sub: 'u1', name: 'Ana', plan: 'free', roles: ['user'], permissions: ['chat.read'], iss: 'studio', aud: 'live', exp: 2, iat: 1, nbf: 1, jti: 'j', theme: 'dark' }

describe('sessionFromClaims', () => {
  const cases: Array<{ name: string; claims: Record<string, unknown>; mapping?: Partial<SessionMapping>; session?: Record<string, unknown>; warnings?: string[]; reason?: string }> = [
    { name: 'default mapping', claims: USER, session: { id: 'u1', roles: ['user'], permissions: ['chat.read'], name: 'Ana', plan: 'free', theme: 'dark' }, warnings: [] },
    { name: 'bot session', claims: { sub: 'bot-1', type: 'bot', botName: 'NotifyBot', roles: ['bot'] }, session: { id: 'bot-1', roles: ['bot'], type: 'bot', botName: 'NotifyBot' } },
    { name: 'custom mapping', claims: { uid: 'u2', 'https://x/roles': ['admin'], scope: ['a'], preferred_username: 'bo' }, mapping: { idClaim: 'uid', rolesClaim: 'https://x/roles', permissionsClaim: 'scope', fields: { name: 'preferred_username' }, passThrough: false }, session: { id: 'u2', roles: ['admin'], permissions: ['a'], name: 'bo' } },
    { name: 'numeric id becomes a string', claims: { sub: 42 }, session: { id: '42' } },
    { name: 'missing id', claims: { name: 'x' }, reason: 'Claim "sub" (the session id) is missing or not a string' },
    { name: 'roles not an array', claims: { sub: 'u', roles: 'admin' }, session: { id: 'u' }, warnings: ['"roles" is not an array; ignored'] },
    { name: 'mixed permissions', claims: { sub: 'u', permissions: ['a', 1] }, session: { id: 'u', permissions: ['a'] }, warnings: ['"permissions" has non-string entries; they were dropped'] },
    { name: 'prototype keys', claims: JSON.parse('{"sub":"u","__proto__":{"admin":true},"constructor":1}'), session: { id: 'u' }, warnings: ['Claim "__proto__" was not copied (prototype key)', 'Claim "constructor" was not copied (prototype key)'] },
    { name: 'claim overriding id is ignored', claims: { sub: 'u', id: 'evil' }, session: { id: 'u' } },
  ]
  it.each(cases)('$name', ({ claims, mapping, session, warnings, reason }) => {
    const result = sessionFromClaims(claims, mapping)
    if (reason) return expect(result).toEqual({ ok: false, reason })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.session).toEqual(session)
    if (warnings) expect(result.warnings).toEqual(warnings)
    expect(Object.getPrototypeOf(result.session)).toBe(Object.prototype)
    expect((result.session as Record<string, unknown>).admin).toBeUndefined()
  })
})

describe('claimsFromSession', () => {
  it('inverts the mapping and round-trips', () => {
    const mapping = { idClaim: 'uid', rolesClaim: 'groups', fields: { name: 'preferred_username' } }
    const session = { id: 'u1', name: 'Ana', roles: ['admin'], permissions: ['x'], plan: 'pro', exp: 5 }
    const claims = claimsFromSession(session, mapping)
    expect(claims).toEqual({ uid: 'u1', preferred_username: 'Ana', groups: ['admin'], permissions: ['x'], plan: 'pro' })
    const back = sessionFromClaims(claims, mapping)
    expect(back.ok && back.session).toEqual({ id: 'u1', roles: ['admin'], permissions: ['x'], name: 'Ana', plan: 'pro' })
  })
})
