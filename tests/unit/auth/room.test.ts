import { describe, expect, it } from 'vitest'
import { decideRoomJoin } from '@/lib/auth/room'
import type { ProviderSpec } from '@/lib/auth/types'
import { MyAuthProvider, type PersonaName, personas } from './fixtures'

describe('decideRoomJoin', () => {
  const cases: readonly [string, PersonaName, 'allow' | 'deny', string?][] = [
    ['lobby', 'anonymous', 'allow'],
    ['vip-lounge', 'premium', 'allow'],
    ['vip-lounge', 'freeUser', 'deny', "Access to room 'vip-lounge' denied by auth provider 'my-auth'"],
    ['vip-lounge', 'anonymous', 'deny', "Access to room 'vip-lounge' denied by auth provider 'my-auth'"],
  ]
  it.each(cases)('%s as %s -> %s', async (roomId, who, verdict, reason) => {
    const d = await decideRoomJoin({ roomId, auth: personas[who], provider: MyAuthProvider, providerCount: 1 })
    expect([d.verdict, d.reason, d.decidedBy]).toEqual([verdict, reason, reason === undefined ? undefined : 'provider.authorizeRoom'])
    expect(d.kind).toBe('room')
  })

  it('is not checked when no provider is registered', async () => {
    const d = await decideRoomJoin({ roomId: 'vip-lounge', auth: personas.anonymous, providerCount: 0 })
    expect(d.verdict).toBe('allow')
    expect(d.trace).toMatchObject([{ outcome: 'skip', reason: 'no auth provider registered: room joins are not checked' }])
  })

  it('allows when the default provider has no authorizeRoom', async () => {
    const d = await decideRoomJoin({ roomId: 'vip-x', auth: personas.anonymous, provider: { name: 'jwt' }, providerCount: 2 })
    expect(d.verdict).toBe('allow')
    expect(d.trace[0]?.reason).toBe("provider 'jwt' has no authorizeRoom")
  })

  it('records the session fields the hook read', async () => {
    const d = await decideRoomJoin({ roomId: 'vip-lounge', auth: personas.freeUser, provider: MyAuthProvider, providerCount: 1 })
    expect(d.sessionFieldsRead).toEqual(['roles'])
  })

  const odd: readonly [string, ProviderSpec, string, number?][] = [
    ['throw', { name: 'p', authorizeRoom: () => { throw new Error('redis down') } }, 'Room authorization error: redis down'],
    ['reject', { name: 'p', authorizeRoom: () => Promise.reject(new Error('slow')) }, 'Room authorization error: slow'],
    ['nameless provider', { name: '', authorizeRoom: () => false }, 'Room access denied'],
  ]
  it.each(odd)('%s', async (_label, provider, reason, warnings = 0) => {
    const d = await decideRoomJoin({ roomId: 'r', auth: personas.admin, provider, providerCount: 1 })
    expect([d.verdict, d.reason]).toEqual(['deny', reason])
    expect(d.warnings).toHaveLength(warnings)
  })

  it('a truthy answer that is not true allows (the library tests truthiness), flagged', async () => {
    const d = await decideRoomJoin({ roomId: 'r', auth: personas.admin, provider: { name: 'p', authorizeRoom: () => 'ok' }, providerCount: 1 })
    expect(d.verdict).toBe('allow')
    expect(d.warnings[0]).toMatch(/^Library sharp edge \(provider-truthy\)/)
  })

  it('warns that only the default provider is asked', async () => {
    const d = await decideRoomJoin({ roomId: 'lobby', auth: personas.admin, provider: MyAuthProvider, providerCount: 2 })
    expect(d.warnings).toEqual(["only the default provider 'my-auth' is asked; 1 other provider(s) are not"])
  })
})
