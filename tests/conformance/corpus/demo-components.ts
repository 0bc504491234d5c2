/**
 * Demo workspace: every persona mounts every component, then calls every
 * action of what it could mount (public, not listed, inherited, blocklisted,
 * private, prototype names, unknown), with payloads that pass and fail the
 * custom rules.
 */
import type { Json, Scenario } from '../types'
import { json, scenario, type ScenarioBuilder } from './dsl'

export const PERSONAS = ['admin', 'moderator', 'pro-user', 'free-user', 'bot', 'device', 'anonymous'] as const
export const SESSION_IDS: Record<string, string> = {
  admin: 'u-admin', moderator: 'u-moderator', 'pro-user': 'u-pro', 'free-user': 'u-free', bot: 'bot-1', device: 'sensor-42',
}
export const COMPONENTS = ['AdminPanel', 'ContentEditor', 'LiveAdminPanel', 'LiveChat', 'ModerationPanel', 'ProDashboard', 'ProtectedChat'] as const

/** Names every component is asked for: inherited members, blocklisted ones, prototype names, private and unknown names. */
export const PROBE_ACTIONS = [
  'setValue', 'setState', 'emit', 'destroy', 'executeAction', 'getSerializableState', 'onMount', 'broadcast',
  'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__', 'isPrototypeOf',
  '_internal', '#secret', '$auth', '$private', 'state', 'id', '', 'doesNotExist',
] as const

function authAs(s: ScenarioBuilder, conn: string, persona: string): void {
  if (persona !== 'anonymous') s.auth(conn, persona)
}

/** The actions each component is tried with, per caller (payloads depend on the caller's id). */
function ownActions(component: string, self: string | undefined): [string, Json | undefined][] {
  const me = self ?? 'nobody'
  switch (component) {
    case 'AdminPanel': return [['deleteUser', { userId: 'u-free' }], ['deleteUser', { userId: 'u-nobody' }]]
    case 'ContentEditor': return [['editContent', { content: 'hello' }], ['editContent', undefined]]
    case 'LiveAdminPanel': return [['delete', { targetUserId: me }], ['delete', { targetUserId: 'u-free' }], ['delete', undefined]]
    case 'LiveChat': return [
      ['sendMessage', { text: 'before login' }], ['login', { email: 'ada@example.com', password: 'wrong' }],
      ['login', { email: 'max@example.com', password: 'demo' }], ['sendMessage', { text: 'hi' }], ['login', undefined],
    ]
    case 'ModerationPanel': return [
      ['getReports', undefined], ['deleteReport', { reportId: 'r-1' }], ['banUser', { userId: 'u-free' }],
      ['editProfile', { userId: me, name: 'Me' }], ['editProfile', { userId: 'u-other', name: 'X' }], ['editProfile', undefined],
      ['adminDelete', { itemId: 'x' }], ['adminDelete', { itemId: 'protected' }],
    ]
    case 'ProDashboard': return [['getData', undefined]]
    case 'ProtectedChat': return [['sendMessage', { text: 'hello' }]]
    default: return []
  }
}

/** Every persona mounts every component (and the library's name variations). */
export const mountMatrix: Scenario[] = PERSONAS.map((persona) =>
  scenario(`mount-matrix-${persona}`, `${persona} mounts every component`, 'demo', (s) => {
    authAs(s, 'a', persona)
    for (const c of COMPONENTS) s.mount('a', c)
    s.mount('a', 'liveChat').mount('a', 'ProtectedChatComponent').mount('a', 'moderationPanel').mount('a', 'NoSuchComponent').mount('a', '')
  }))

/** Who may mount what in the demo (the mount matrix scenarios check it against the library). */
const MOUNTABLE: Record<string, readonly string[]> = {
  AdminPanel: ['admin', 'moderator'],
  ContentEditor: ['admin', 'pro-user'],
  LiveAdminPanel: ['admin'],
  LiveChat: PERSONAS,
  ModerationPanel: PERSONAS.filter((p) => p !== 'anonymous'),
  ProDashboard: ['admin', 'pro-user'],
  ProtectedChat: PERSONAS.filter((p) => p !== 'anonymous'),
}

/** Per persona: mount what it may, then call every action (own ones and probes) on it. */
export const actionMatrix: Scenario[] = PERSONAS.flatMap((persona) =>
  COMPONENTS.filter((component) => MOUNTABLE[component]?.includes(persona)).map((component) =>
    scenario(`actions-${persona}-${component}`, `${persona} calls every action of ${component}`, 'demo', (s) => {
      authAs(s, 'a', persona)
      s.mount('a', component, { as: 'c' })
      for (const [action, payload] of ownActions(component, SESSION_IDS[persona])) s.act('a', 'c', action, payload)
      const probes = component === 'ModerationPanel' || component === 'LiveChat' ? PROBE_ACTIONS : PROBE_ACTIONS.slice(0, 9)
      for (const action of probes) s.act('a', 'c', action, action === 'setValue' ? { key: 'x', value: 1 } : undefined)
    })))

/** Ids this connection never mounted, or that were unmounted, answer like foreign ones. */
export const unknownIds: Scenario = scenario('unknown-component-ids', 'actions, properties and rooms on unknown ids', 'demo', (s) => {
  s.send('a', { type: 'CALL_ACTION', componentId: 'no-such-id', action: 'getReports', requestId: 'u1', expectResponse: true })
  s.send('a', { type: 'CALL_ACTION', componentId: 'no-such-id', action: 'getReports' })
  s.send('a', { type: 'PROPERTY_UPDATE', componentId: 'no-such-id', property: 'x', payload: { value: 1 }, requestId: 'u2' })
  s.send('a', { type: 'ROOM_JOIN', componentId: 'no-such-id', roomId: 'lobby', requestId: 'u3' })
  s.send('a', { type: 'COMPONENT_UNMOUNT', componentId: 'no-such-id', requestId: 'u4' })
  s.send('a', { type: 'COMPONENT_UNMOUNT', componentId: 'no-such-id' })
  s.mount('a', 'LiveChat', { as: 'c' }).unmount('a', 'c')
  s.act('a', 'c', 'sendMessage', { text: 'after unmount' })
  s.prop('a', 'c', 'messages', [])
  s.unmount('a', 'c')
})

/** CALL_ACTION without expectResponse: the library answers failures only. */
export const silentActions: Scenario = scenario('actions-without-expect-response', 'actions without expectResponse', 'demo', (s) => {
  s.auth('a', 'moderator').mount('a', 'ModerationPanel', { as: 'm' })
  s.act('a', 'm', 'getReports', undefined, { expectResponse: false })
  s.act('a', 'm', 'deleteReport', { reportId: 'r-2' }, { expectResponse: false })
  s.act('a', 'm', 'adminDelete', { itemId: 'x' }, { expectResponse: false })
  s.act('a', 'm', 'setState', { reports: [] }, { expectResponse: false })
  s.act('a', 'm', 'nope', undefined, { expectResponse: false })
  s.mount('a', 'LiveChat', { as: 'chat' })
  s.act('a', 'chat', 'sendMessage', { text: 'x' }, { expectResponse: false })
  s.act('a', 'chat', 'login', { email: 'fred@example.com', password: 'demo' }, { expectResponse: false })
  s.act('a', 'chat', 'sendMessage', { text: 'quiet' }, { expectResponse: false })
})

/** Props seed state unfiltered; PROPERTY_UPDATE is limited to updatable fields. */
export const properties: Scenario[] = [
  scenario('property-updates-chat', 'PROPERTY_UPDATE on LiveChat (anonymous)', 'demo', (s) => {
    s.mount('a', 'LiveChat', { as: 'c', props: { messages: [{ from: 'props', text: 'seeded' }], isAdmin: true } })
    s.prop('a', 'c', 'messages', [{ from: 'me', text: 'written by the client' }])
    s.prop('a', 'c', 'messages', [])
    s.prop('a', 'c', 'isAdmin', true)
    s.prop('a', 'c', '$private', { loggedIn: true })
    s.prop('a', 'c', '$loggedIn', true)
    s.prop('a', 'c', '__proto__', json('{"polluted":true}'))
    s.prop('a', 'c', 'constructor', 1)
    s.prop('a', 'c', 'prototype', 1)
    s.prop('a', 'c', 'messages', null)
    s.prop('a', 'c', 'messages', 'not a list')
    s.prop('a', 'c', '', 1)
    s.act('a', 'c', 'sendMessage', { text: 'still not logged in' })
  }),
  scenario('property-updates-admin', 'PROPERTY_UPDATE on AdminPanel (admin)', 'demo', (s) => {
    s.auth('a', 'admin').mount('a', 'AdminPanel', { as: 'p' })
    s.prop('a', 'p', 'users', ['u-admin'])
    s.prop('a', 'p', 'users', ['u-admin'])
    s.prop('a', 'p', 'roles', ['admin'])
    s.prop('a', 'p', 'users', { nested: { deep: [1, 2, 3] } })
    s.mount('a', 'ModerationPanel', { as: 'm' })
    s.prop('a', 'm', 'reports', [{ id: 'r-9', reason: 'client' }])
    s.prop('a', 'm', 'banned', ['u-admin'])
    s.prop('a', 'm', 'isModerator', true)
    s.act('a', 'm', 'getReports')
  }),
]
