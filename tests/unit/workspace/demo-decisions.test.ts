/** The seed's golden cases, decided by lib/auth over components extracted from the sandboxed demo workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonymousContext, contextFromSnapshot } from '@/lib/auth/context'
import { decideAction, decideMount, decideRoomJoin } from '@/lib/auth'
import type { LiveAuthContext, ProfileId } from '@/lib/auth/types'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace, SandboxComponent, SandboxProvider } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'

let ws: LoadedWorkspace
let jwt: SandboxProvider
const contexts = new Map<string, LiveAuthContext>()

beforeAll(async () => {
  ws = await loadWorkspace(readDemoWorkspace())
  const provider = ws.providers.find((p) => p.name === 'jwt')
  if (!provider) throw new Error('jwt provider missing')
  jwt = provider
  for (const p of DEMO_PERSONAS) {
    const snap = p.claims === null ? null : await jwt.authenticate({ token: `token-of-${p.id}`, claims: p.claims })
    contexts.set(p.id, snap === null ? anonymousContext() : contextFromSnapshot(snap))
  }
})
afterAll(() => ws.dispose())

const component = (name: string): SandboxComponent => {
  const c = ws.components.find((k) => k.name === name)
  if (!c) throw new Error(`no ${name}`)
  return c
}
const as = (persona: string): LiveAuthContext => contexts.get(persona) ?? anonymousContext()

describe('mount', () => {
  it.each([
    ['ProtectedChat', 'anonymous', 'deny', 'Authentication required'],
    ['ProtectedChat', 'free-user', 'allow', undefined],
    ['ProtectedChat', 'bot', 'allow', undefined],
    ['AdminPanel', 'free-user', 'deny', 'Insufficient roles. Required one of: admin, moderator'],
    ['AdminPanel', 'moderator', 'allow', undefined],
    ['AdminPanel', 'device', 'deny', 'Insufficient roles. Required one of: admin, moderator'],
    ['ContentEditor', 'moderator', 'deny', 'Insufficient permissions. Required all: content.read, content.write'],
    ['ContentEditor', 'pro-user', 'allow', undefined],
    ['ProDashboard', 'free-user', 'deny', 'Pro plan required'],
    ['ProDashboard', 'pro-user', 'allow', undefined],
    ['ProDashboard', 'admin', 'allow', undefined],
    ['ProDashboard', 'bot', 'deny', 'Pro plan required'],
    ['LiveAdminPanel', 'moderator', 'deny', 'Insufficient roles. Required one of: admin'],
    ['LiveAdminPanel', 'admin', 'allow', undefined],
    ['LiveChat', 'anonymous', 'allow', undefined],
  ])('%s as %s -> %s', async (name, persona, verdict, reason) => {
    const d = await decideMount({ component: component(name), auth: as(persona) })
    expect([d.verdict, d.reason]).toEqual([verdict, reason])
  })

  it('ProDashboard records that its sandboxed authorize read session.id', async () => {
    const d = await decideMount({ component: component('ProDashboard'), auth: as('free-user') })
    expect(d.sessionFieldsRead).toEqual(['id'])
  })
})

describe('actions', () => {
  it.each<[string, string, string, unknown, ProfileId, string, string | undefined]>([
    ['ModerationPanel', 'banUser', 'free-user', { userId: 'x' }, 'documented', 'deny', "Insufficient roles for action 'banUser'. Required one of: admin, moderator"],
    ['ModerationPanel', 'banUser', 'moderator', { userId: 'x' }, 'documented', 'allow', undefined],
    ['ModerationPanel', 'deleteReport', 'pro-user', { reportId: 'r-1' }, 'documented', 'deny', "Insufficient permissions for action 'deleteReport'. Required all: reports.delete"],
    ['ModerationPanel', 'deleteReport', 'moderator', { reportId: 'r-1' }, 'documented', 'allow', undefined],
    ['ModerationPanel', 'adminDelete', 'admin', { itemId: 'protected' }, 'documented', 'deny', "Action 'adminDelete' exists on 'ModerationPanel' but is not listed in publicActions. Add it to: static publicActions = [..., 'adminDelete']"],
    ['ModerationPanel', 'adminDelete', 'admin', { itemId: 'protected' }, 'fluxstack-live@0.11', 'deny', 'Item is protected'],
    ['LiveAdminPanel', 'delete', 'admin', { targetUserId: 'u-admin' }, 'documented', 'allow', undefined],
    ['LiveAdminPanel', 'delete', 'admin', { targetUserId: 'u-free' }, 'documented', 'deny', "Action 'delete' denied by custom authorize"],
  ])('%s.%s as %s (%j, %s) -> %s', async (name, action, persona, payload, profile, verdict, reason) => {
    const d = await decideAction({ component: component(name), action, payload, auth: as(persona), provider: jwt, profile })
    expect([d.verdict, d.reason]).toEqual([verdict, reason])
  })
})

describe('rooms', () => {
  it.each([
    ['vip-lounge', 'free-user', 'deny', "Access to room 'vip-lounge' denied by auth provider 'jwt'"],
    ['vip-lounge', 'pro-user', 'allow', undefined],
    ['general', 'anonymous', 'allow', undefined],
  ])('%s as %s -> %s', async (roomId, persona, verdict, reason) => {
    const d = await decideRoomJoin({ roomId, auth: as(persona), provider: jwt, providerCount: 1 })
    expect([d.verdict, d.reason]).toEqual([verdict, reason])
  })
})

describe('non-user sessions keep their own fields', () => {
  it.each([
    ['bot', { id: 'bot-1', type: 'bot', botName: 'NotifyBot', allowedChannels: ['general', 'alerts'], roles: ['bot'], permissions: [] }],
    ['device', { id: 'sensor-42', type: 'device', model: 'TempSensor-v3', location: { lat: -23.5, lng: -46.6 }, roles: ['device'], permissions: [] }],
  ])('%s', (persona, session) => {
    expect(as(persona).session).toEqual(session)
  })
})
