import { describe, expect, it } from 'vitest'
import { decideAction } from '@/lib/auth/action'
import type { ComponentSpec, ProfileId, ProviderSpec } from '@/lib/auth/types'
import {
  LiveAdminPanel, LiveAdminPanelListed, LiveChat, ModerationPanel, MyAuthProvider, ProtectedChat, type PersonaName, personas,
} from './fixtures'

const DOCUMENTED_ORDER = [
  'blocklist', 'private', 'publicActions',
  'actionAuth.roles', 'actionAuth.permissions', 'actionAuth.authorize', 'provider.authorizeAction',
  'methodExists', 'objectPrototype',
]
const LIBRARY_ORDER = [
  'actionAuth.roles', 'actionAuth.permissions', 'actionAuth.authorize', 'provider.authorizeAction',
  'blocklist', 'private', 'publicActions', 'methodExists', 'objectPrototype',
]

interface Row {
  readonly component: ComponentSpec
  readonly action: string
  readonly who: PersonaName
  readonly payload?: unknown
  readonly verdict: 'allow' | 'deny'
  readonly decidedBy?: string
  readonly reason?: string
}

const NOT_LISTED = (a: string, c: string): string =>
  `Action '${a}' exists on '${c}' but is not listed in publicActions. Add it to: static publicActions = [..., '${a}']`

const GOLDEN: readonly Row[] = [
  // LiveChat: auth lives in the action ($private login), so every listed action is callable.
  { component: LiveChat, action: 'login', who: 'anonymous', payload: { email: 'a@b.c', password: 'pw' }, verdict: 'allow' },
  { component: LiveChat, action: 'sendMessage', who: 'anonymous', verdict: 'allow' },
  { component: ProtectedChat, action: 'sendMessage', who: 'bot', payload: { text: 'hi' }, verdict: 'allow' },
  // ModerationPanel (both actionAuth maps merged)
  { component: ModerationPanel, action: 'getReports', who: 'freeUser', verdict: 'allow' },
  { component: ModerationPanel, action: 'deleteReport', who: 'admin', verdict: 'allow' },
  { component: ModerationPanel, action: 'deleteReport', who: 'moderator', verdict: 'deny', decidedBy: 'actionAuth.permissions', reason: "Insufficient permissions for action 'deleteReport'. Required all: reports.delete" },
  { component: ModerationPanel, action: 'deleteReport', who: 'anonymous', verdict: 'deny', decidedBy: 'actionAuth.permissions', reason: "Authentication required for action 'deleteReport'" },
  { component: ModerationPanel, action: 'banUser', who: 'moderator', verdict: 'allow' },
  { component: ModerationPanel, action: 'banUser', who: 'freeUser', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'banUser'. Required one of: admin, moderator" },
  { component: ModerationPanel, action: 'banUser', who: 'anonymous', verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Authentication required for action 'banUser'" },
  { component: ModerationPanel, action: 'editProfile', who: 'freeUser', payload: { userId: 'u-free' }, verdict: 'deny', decidedBy: 'publicActions', reason: NOT_LISTED('editProfile', 'ModerationPanel') },
  { component: ModerationPanel, action: 'adminDelete', who: 'admin', payload: { itemId: 'protected' }, verdict: 'deny', decidedBy: 'publicActions', reason: NOT_LISTED('adminDelete', 'ModerationPanel') },
  { component: ModerationPanel, action: 'nope', who: 'admin', verdict: 'deny', decidedBy: 'publicActions', reason: "Action 'nope' is not callable" },
  // Reusable rules: the seed's LiveAdminPanel has no publicActions, so everything is denied.
  { component: LiveAdminPanel, action: 'delete', who: 'admin', payload: { targetUserId: 'u-admin' }, verdict: 'deny', decidedBy: 'publicActions', reason: "Action 'delete' is not callable - component has no publicActions defined" },
  { component: LiveAdminPanelListed, action: 'delete', who: 'admin', payload: { targetUserId: 'u-admin' }, verdict: 'allow' },
  { component: LiveAdminPanelListed, action: 'delete', who: 'admin', payload: { targetUserId: 'u-other' }, verdict: 'deny', decidedBy: 'actionAuth.authorize', reason: "Action 'delete' denied by custom authorize" },
  { component: LiveAdminPanelListed, action: 'delete', who: 'admin', payload: undefined, verdict: 'deny', decidedBy: 'actionAuth.authorize', reason: "Action 'delete' denied by custom authorize" },
]

describe('decideAction: the seed examples (documented profile)', () => {
  const rows = GOLDEN.map((r) => ({ ...r, name: `${r.component.name}.${r.action}` }))
  it.each(rows)('$name as $who -> $verdict', async ({ component, action, who, payload, verdict, decidedBy, reason }) => {
    const d = await decideAction({ component, action, payload, auth: personas[who], provider: MyAuthProvider })
    expect([d.verdict, d.decidedBy, d.reason]).toEqual([verdict, decidedBy, reason])
    expect(d.trace.map((s) => s.layer)).toEqual(DOCUMENTED_ORDER)
  })
})

describe('decideAction: adminDelete with the admin role goes through its authorize', () => {
  const listed: ComponentSpec = { ...ModerationPanel, publicActions: [...(ModerationPanel.publicActions ?? []), 'editProfile', 'adminDelete'] }
  const cases: readonly [string, PersonaName, unknown, 'allow' | 'deny', string?, string?][] = [
    ['adminDelete', 'admin', { itemId: 'protected' }, 'deny', 'actionAuth.authorize', 'Item is protected'],
    ['adminDelete', 'admin', { itemId: 'x' }, 'allow'],
    ['adminDelete', 'moderator', { itemId: 'x' }, 'deny', 'actionAuth.roles', "Insufficient roles for action 'adminDelete'. Required one of: admin"],
    ['editProfile', 'freeUser', { userId: 'u-free' }, 'allow'],
    ['editProfile', 'freeUser', { userId: 'u-admin' }, 'deny', 'actionAuth.authorize', "Action 'editProfile' denied by custom authorize"],
    // Sharp edge of the seed's rule: undefined === undefined, so an anonymous caller omitting userId passes.
    ['editProfile', 'anonymous', {}, 'allow'],
    ['editProfile', 'anonymous', { userId: 'u-free' }, 'deny', 'actionAuth.authorize', "Action 'editProfile' denied by custom authorize"],
  ]
  it.each(cases)('%s as %s (%#)', async (action, who, payload, verdict, decidedBy, reason) => {
    const d = await decideAction({ component: listed, action, payload, auth: personas[who] })
    expect([d.verdict, d.decidedBy, d.reason]).toEqual([verdict, decidedBy, reason])
  })
})

describe('decideAction: names that must never pass', () => {
  const Everything: ComponentSpec = {
    name: 'Everything',
    // Listing them must not help: each is stopped by its own layer.
    publicActions: ['destroy', 'setState', 'emit', '_secret', '#hidden', 'constructor', 'toString', 'hasOwnProperty',
      '__defineGetter__', '__proto__', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'missing', 'ok'],
    methods: ['destroy', '_secret', 'toString', 'ok'],
  }
  const cases: readonly [string, string, string][] = [
    ['destroy', 'blocklist', "Action 'destroy' is not callable"],
    ['setState', 'blocklist', "Action 'setState' is not callable"],
    ['emit', 'blocklist', "Action 'emit' is not callable"],
    ['$auth', 'blocklist', "Action '$auth' is not callable"],
    ['constructor', 'blocklist', "Action 'constructor' is not callable"],
    ['_secret', 'private', "Action '_secret' is not callable"],
    ['#hidden', 'private', "Action '#hidden' is not callable"],
    ['toString', 'objectPrototype', "Action 'toString' is not callable"],
    ['hasOwnProperty', 'objectPrototype', "Action 'hasOwnProperty' is not callable"],
    ['__defineGetter__', 'private', "Action '__defineGetter__' is not callable"],
    ['propertyIsEnumerable', 'objectPrototype', "Action 'propertyIsEnumerable' is not callable"],
    ['valueOf', 'objectPrototype', "Action 'valueOf' is not callable"],
    ['isPrototypeOf', 'objectPrototype', "Action 'isPrototypeOf' is not callable"],
    ['__proto__', 'private', "Action '__proto__' is not callable"],
    ['toLocaleString', 'objectPrototype', "Action 'toLocaleString' is not callable"],
    ['missing', 'methodExists', "Action 'missing' not found on component"],
  ]
  it.each(cases)('%s is denied by %s', async (action, decidedBy, reason) => {
    for (const profile of ['documented', 'fluxstack-live@0.11'] as const) {
      const d = await decideAction({ component: Everything, action, auth: personas.admin, profile })
      expect([d.verdict, d.decidedBy, d.reason]).toEqual(['deny', decidedBy, reason])
    }
  })

  it('an unlisted Object.prototype name gets the library wording', async () => {
    const d = await decideAction({ component: { name: 'C', publicActions: ['ok'], methods: ['ok'] }, action: 'toString', auth: personas.admin })
    expect(d.reason).toBe(NOT_LISTED('toString', 'C'))
  })

  it('actionAuth[action] reaches Object.prototype as in the library: an empty rule, the provider still asked, flagged', async () => {
    const C: ComponentSpec = { name: 'C', publicActions: ['toString'], actionAuth: { ok: { roles: ['x'] } }, methods: [] }
    const denyAll: ProviderSpec = { name: 'p', authorizeAction: () => false }
    for (const action of ['__proto__', 'toString', 'constructor']) {
      const d = await decideAction({ component: C, action, auth: personas.anonymous, profile: 'fluxstack-live@0.11', provider: denyAll })
      expect(d.trace[0]).toMatchObject({ layer: 'actionAuth.roles', outcome: 'skip' })
      expect(d.warnings).toContain("Library sharp edge (action-auth-prototype): actionAuth[action] is not an own-property lookup: this name resolves to an Object.prototype member (an empty rule), and the provider's authorizeAction is still asked.")
      expect([d.decidedBy, d.reason]).toEqual(['provider.authorizeAction', `Action '${action}' denied by auth provider 'p'`])
    }
    // Without an actionAuth map there is nothing to reach through.
    const bare: ComponentSpec = { name: 'B', publicActions: [], methods: [] }
    const d = await decideAction({ component: bare, action: 'toString', auth: personas.anonymous, profile: 'fluxstack-live@0.11', provider: denyAll })
    expect([d.decidedBy, d.warnings]).toEqual(['publicActions', []])
  })
})

describe('decideAction: profiles', () => {
  const run = (profile: ProfileId, action: string, who: PersonaName, payload?: unknown) =>
    decideAction({ component: ModerationPanel, action, payload, auth: personas[who], profile, provider: MyAuthProvider })

  it('disagree exactly on an unlisted method that has an actionAuth entry', async () => {
    const doc = await run('documented', 'adminDelete', 'moderator', { itemId: 'x' })
    const lib = await run('fluxstack-live@0.11', 'adminDelete', 'moderator', { itemId: 'x' })
    expect([doc.verdict, doc.decidedBy, doc.reason]).toEqual(['deny', 'publicActions', NOT_LISTED('adminDelete', 'ModerationPanel')])
    expect([lib.verdict, lib.decidedBy, lib.reason]).toEqual(['deny', 'actionAuth.roles', "Insufficient roles for action 'adminDelete'. Required one of: admin"])
    expect(lib.trace.map((s) => s.layer)).toEqual(LIBRARY_ORDER)
    expect(lib.profile).toBe('fluxstack-live@0.11')
  })

  it('the library order runs the custom rule of an unlisted action before refusing it', async () => {
    const lib = await run('fluxstack-live@0.11', 'editProfile', 'freeUser', { userId: 'u-admin' })
    expect([lib.decidedBy, lib.reason]).toEqual(['actionAuth.authorize', "Action 'editProfile' denied by custom authorize"])
    const passed = await run('fluxstack-live@0.11', 'editProfile', 'freeUser', { userId: 'u-free' })
    expect([passed.decidedBy, passed.reason]).toEqual(['publicActions', NOT_LISTED('editProfile', 'ModerationPanel')])
    expect(passed.trace.slice(0, 4).map((s) => s.outcome)).toEqual(['skip', 'skip', 'pass', 'pass'])
  })

  const agree: readonly [string, PersonaName, unknown][] = [
    ['banUser', 'freeUser', undefined], ['banUser', 'admin', undefined], ['deleteReport', 'moderator', undefined],
    ['getReports', 'anonymous', undefined], ['nope', 'admin', undefined], ['destroy', 'admin', undefined],
  ]
  it.each(agree)('agree on %s as %s', async (action, who, payload) => {
    const doc = await run('documented', action, who, payload)
    const lib = await run('fluxstack-live@0.11', action, who, payload)
    expect([lib.verdict, lib.decidedBy, lib.reason]).toEqual([doc.verdict, doc.decidedBy, doc.reason])
  })
})

describe('decideAction: provider.authorizeAction', () => {
  const Panel: ComponentSpec = { name: 'Panel', publicActions: ['a', 'b'], actionAuth: { a: {} }, methods: ['a', 'b'] }
  const provider = (name: string, answer: unknown): ProviderSpec => ({ name, authorizeAction: () => answer })

  const cases: readonly [unknown, 'allow' | 'deny', string?][] = [
    [true, 'allow'],
    [false, 'deny', "Action 'a' denied by auth provider 'p'"],
    [undefined, 'deny', "Action 'a' denied by auth provider 'p'"],
    // The library tests truthiness (`if (!allowed)`).
    [1, 'allow'],
    [0, 'deny', "Action 'a' denied by auth provider 'p'"],
    [Promise.resolve(true), 'allow'],
  ]
  it.each(cases)('answer %o -> %s', async (answer, verdict, reason) => {
    const d = await decideAction({ component: Panel, action: 'a', auth: personas.admin, provider: provider('p', answer) })
    expect([d.verdict, d.reason]).toEqual([verdict, reason])
  })

  it('a truthy non-boolean allows, as in the library, flagged as a sharp edge', async () => {
    const d = await decideAction({ component: Panel, action: 'a', auth: personas.admin, provider: provider('p', 'yes') })
    expect(d.verdict).toBe('allow')
    expect(d.warnings).toEqual(['Library sharp edge (provider-truthy): The provider hook returned a truthy value that is not true: the library only tests truthiness, so it allowed; return a real boolean. (authorizeAction() returned "yes", string)'])
  })

  it('is only asked for actions with an actionAuth entry, and only when a provider is registered', async () => {
    const b = await decideAction({ component: Panel, action: 'b', auth: personas.admin, provider: provider('p', false) })
    expect(b.verdict).toBe('allow')
    expect(b.trace[6]).toMatchObject({ layer: 'provider.authorizeAction', outcome: 'skip', reason: 'no actionAuth entry for this action: provider not consulted' })
    const none = await decideAction({ component: Panel, action: 'a', auth: personas.admin, provider: provider('p', false), providerCount: 0 })
    expect(none.verdict).toBe('allow')
  })

  it('a throw reaches the client as its own text (the library does not catch it), without the token; several providers give a warning', async () => {
    const thrower: ProviderSpec = { name: 'p', authorizeAction: (auth) => { throw new Error(`bad token ${auth.token ?? ''}`) } }
    const d = await decideAction({ component: Panel, action: 'a', auth: personas.admin, provider: thrower, providerCount: 3 })
    expect([d.verdict, d.decidedBy, d.reason]).toEqual(['deny', 'provider.authorizeAction', 'bad token [redacted]'])
    expect(d.trace[6]?.outcome).toBe('error')
    expect(d.warnings).toEqual([
      "Library sharp edge (provider-exception-leaks): The provider's authorizeAction threw and the library does not catch it: the exception text reaches the client as the error.",
      "only the default provider 'p' is asked; 2 other provider(s) are not",
    ])
    expect(JSON.stringify(d)).not.toContain('persona-secret-token')
  })
})

describe('decideAction: misuse', () => {
  it('throws a typed error for a non-string action', () => {
    expect(() => decideAction({ component: LiveChat, action: 42 as unknown as string, auth: personas.admin }))
      .toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_INPUT', name: 'AuthEngineError' }))
  })
})
