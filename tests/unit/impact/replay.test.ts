import { describe, expect, it } from 'vitest'
import type { ComponentSpec, ProviderSpec } from '@/lib/auth'
import { analyzeImpact, classifyFlip, NOT_REPLAYABLE, replayDecision, type DraftEngine, type LoggedDecision } from '@/lib/impact'

const session = (id: string, roles: string[], extra: Record<string, unknown> = {}) => ({ authenticated: true, session: { id, roles, ...extra } })
const AUTH = {
  admin: session('u-admin', ['admin', 'user'], { plan: 'pro' }),
  moderator: session('u-moderator', ['moderator', 'user'], { plan: 'free' }),
  free: session('u-free', ['user'], { plan: 'free' }),
  anonymous: { authenticated: false },
} as const
type Who = keyof typeof AUTH

const adminPanel = (roles: string[]): ComponentSpec => ({
  name: 'AdminPanel', publicActions: ['deleteUser'], methods: ['deleteUser'], defaultState: { users: [] },
  auth: { required: true, roles }, actionAuth: { deleteUser: { roles } },
})
const chat: ComponentSpec = { name: 'LiveChat', publicActions: ['send'], methods: ['send'], defaultState: { text: '' } }
const vipRooms: ProviderSpec = { name: 'jwt', authorizeRoom: (auth, roomId) => !roomId.startsWith('vip-') || auth.hasRole('admin') }

const CURRENT: DraftEngine = { components: [adminPanel(['admin']), chat], providers: [vipRooms] }
/** The rule edit under test: AdminPanel also admits moderators (widens for that persona only). */
const WIDENED: DraftEngine = { components: [adminPanel(['admin', 'moderator']), chat], providers: [vipRooms] }

let nextId = 1
function logged(who: Who, kind: string, verdict: 'allow' | 'deny', target: { component?: string; action?: string; payload?: unknown; truncated?: boolean } = {}): LoggedDecision {
  return {
    id: nextId++, at: 1_000 + nextId, kind, verdict, profile: 'documented', trace: [], auth: AUTH[who], persona: who,
    ...(target.component !== undefined ? { component: target.component } : {}),
    ...(target.action !== undefined ? { action: target.action } : {}),
    payloadJson: target.payload === undefined ? null : JSON.stringify(target.payload), payloadTruncated: target.truncated === true,
  }
}

describe('classifyFlip', () => {
  it.each([
    ['deny', 'allow', 'widening'],
    ['allow', 'deny', 'narrowing'],
    ['allow', 'allow', undefined],
    ['deny', 'deny', undefined],
  ] as const)('%s -> %s is %s', (from, to, expected) => {
    expect(classifyFlip(from, to)).toBe(expected)
  })
})

describe('replayDecision', () => {
  it.each<[string, LoggedDecision, 'allow' | 'deny']>([
    ['mount, admin', logged('admin', 'mount', 'allow', { component: 'AdminPanel' }), 'allow'],
    ['mount, moderator', logged('moderator', 'mount', 'deny', { component: 'AdminPanel' }), 'deny'],
    ['action, anonymous', logged('anonymous', 'action', 'deny', { component: 'AdminPanel', action: 'deleteUser' }), 'deny'],
    ['action with payload', logged('free', 'action', 'allow', { component: 'LiveChat', action: 'send', payload: { text: 'hi' } }), 'allow'],
    ['property, allowlisted', logged('free', 'property', 'allow', { component: 'LiveChat', action: 'property:text', payload: { value: 'x' } }), 'allow'],
    ['property, $-prefixed', logged('free', 'property', 'deny', { component: 'LiveChat', action: 'property:$user', payload: { value: 'x' } }), 'deny'],
    ['room, vip as free user', logged('free', 'room', 'deny', { component: 'LiveChat', action: 'room:vip-1' }), 'deny'],
    ['room, vip as admin', logged('admin', 'room', 'allow', { component: 'LiveChat', action: 'room:vip-1' }), 'allow'],
  ])('%s replays to the same verdict on the current rules', async (_name, entry, verdict) => {
    const r = await replayDecision(entry, CURRENT)
    expect(r.status).toBe('replayed')
    if (r.status !== 'replayed') return
    expect(r.decision.verdict).toBe(verdict)
    expect(r.flip).toBeUndefined()
  })

  it.each<[string, LoggedDecision, string]>([
    ['AUTH decisions', logged('admin', 'auth', 'allow'), NOT_REPLAYABLE.auth],
    ['truncated action payloads', logged('admin', 'action', 'allow', { component: 'LiveChat', action: 'send', payload: { a: 1 }, truncated: true }), NOT_REPLAYABLE.truncated],
    ['components gone from the draft', logged('admin', 'mount', 'allow', { component: 'Gone' }), "component 'Gone' is not in the draft"],
    ['unreadable snapshots', { ...logged('admin', 'mount', 'allow', { component: 'AdminPanel' }), auth: { session: 'x' } }, NOT_REPLAYABLE.snapshot],
    ['unknown kinds', logged('admin', 'teleport', 'allow', { component: 'AdminPanel' }), "unknown decision kind 'teleport'"],
  ])('marks %s not replayable', async (_name, entry, reason) => {
    expect(await replayDecision(entry, CURRENT)).toEqual({ status: 'not-replayable', entry, reason })
  })

  it('replays a truncated payload on a mount (props are not a cascade input)', async () => {
    const r = await replayDecision(logged('admin', 'mount', 'allow', { component: 'AdminPanel', payload: { big: 1 }, truncated: true }), CURRENT)
    expect(r.status).toBe('replayed')
  })

  it('reports session fields a rule read that the token did not carry', async () => {
    const orgOnly: DraftEngine = {
      components: [{ ...chat, actionAuth: { send: { authorize: (auth) => auth.session?.orgId === 'acme' && auth.session.plan === 'pro' } } }],
      providers: [],
    }
    const r = await replayDecision(logged('admin', 'action', 'allow', { component: 'LiveChat', action: 'send', payload: {} }), orgOnly)
    expect(r).toMatchObject({ status: 'replayed', flip: 'narrowing', missingClaims: ['orgId'] })
    if (r.status === 'replayed') expect(r.decision.reason).toBe("Action 'send' denied by custom authorize")
  })
})

describe('analyzeImpact', () => {
  const window = () => [
    logged('admin', 'mount', 'allow', { component: 'AdminPanel' }),
    logged('moderator', 'mount', 'deny', { component: 'AdminPanel' }),
    logged('moderator', 'action', 'deny', { component: 'AdminPanel', action: 'deleteUser' }),
    logged('free', 'mount', 'deny', { component: 'AdminPanel' }),
    logged('anonymous', 'mount', 'deny', { component: 'AdminPanel' }),
    logged('free', 'action', 'allow', { component: 'LiveChat', action: 'send', payload: {} }),
    logged('admin', 'auth', 'allow'),
  ]

  it('a rule edit that widens access for one persona only', async () => {
    const report = await analyzeImpact(window(), WIDENED)
    expect(report).toMatchObject({ total: 7, replayed: 6, widening: 2, narrowing: 0, flipsTruncated: false })
    expect(report.notReplayable).toEqual([{ reason: NOT_REPLAYABLE.auth, count: 1 }])
    expect(report.flips.map((f) => [f.persona, f.kind, f.from, f.to, f.direction])).toEqual([
      ['moderator', 'action', 'deny', 'allow', 'widening'],
      ['moderator', 'mount', 'deny', 'allow', 'widening'],
    ])
    expect(new Set(report.flips.map((f) => f.persona))).toEqual(new Set(['moderator']))
    expect(report.byTarget).toEqual([
      { target: 'AdminPanel', kind: 'mount', replayed: 4, widening: 1, narrowing: 0 },
      { target: 'AdminPanel.deleteUser', kind: 'action', replayed: 1, widening: 1, narrowing: 0 },
    ])
    expect(report.flips[0]?.newDecision.verdict).toBe('allow')
  })

  it('a narrowing edit lists ALLOW->DENY with the new reason', async () => {
    const report = await analyzeImpact(window(), { components: [adminPanel(['superuser']), chat], providers: [vipRooms] })
    expect(report).toMatchObject({ widening: 0, narrowing: 1 })
    expect(report.flips[0]).toMatchObject({ persona: 'admin', kind: 'mount', from: 'allow', to: 'deny', newReason: 'Insufficient roles. Required one of: superuser' })
  })

  it('the unchanged rules flip nothing, and maxFlips caps the list but not the counts', async () => {
    expect(await analyzeImpact(window(), CURRENT)).toMatchObject({ widening: 0, narrowing: 0, flips: [], byTarget: [] })
    const capped = await analyzeImpact(window(), WIDENED, { maxFlips: 1 })
    expect(capped).toMatchObject({ widening: 2, flipsTruncated: true })
    expect(capped.flips).toHaveLength(1)
  })
})
