/**
 * The edges workspace (tests/conformance/workspaces/edges): every reason of
 * every layer the demo cannot reach, and the library's sharp edges: provider
 * hooks that throw or answer non-booleans, `{allowed:false}` without a reason,
 * components without publicActions, onMount failures, emits to the client.
 */
import type { Scenario } from '../types'
import { scenario } from './dsl'

const QUIRKY_ACTIONS = [
  'noReason', 'withReason', 'truthyString', 'emptyObject', 'allowedYes', 'one', 'throws', 'throwsString', 'rejects',
  'okTrue', 'okObject', 'selfOnly', 'providerDenied', 'providerThrows', 'providerZero', 'providerTruthy',
  'providerAdminOnly', 'noEntry', 'rolesAction', 'permsAction', 'both', 'hiddenAllowed', 'hiddenDenied',
  'bump', 'constructor', 'toString', '__proto__', 'valueOf', 'setValue', 'nope',
]
const MOUNT_COMPONENTS = ['Vault', 'RolesOnly', 'PermsOnly', 'MountNoReason', 'MountReason', 'MountThrows', 'MountTruthy', 'MountAllowed', 'NoPublic', 'Quirky']
const EDGE_PERSONAS = ['anonymous', 'admin', 'moderator', 'pro-user', 'free-user', 'bot'] as const

export const edgeMounts: Scenario[] = EDGE_PERSONAS.map((persona) =>
  scenario(`edges-mounts-${persona}`, `${persona} mounts components with every kind of mount rule`, 'edges', (s) => {
    if (persona !== 'anonymous') s.auth('a', persona)
    for (const c of MOUNT_COMPONENTS) s.mount('a', c)
  }))

export const edgeActions: Scenario[] = EDGE_PERSONAS.map((persona) =>
  scenario(`edges-actions-${persona}`, `${persona} calls actions whose rules misbehave`, 'edges', (s) => {
    if (persona !== 'anonymous') s.auth('a', persona)
    s.mount('a', 'Quirky', { as: 'q' })
    for (const action of QUIRKY_ACTIONS) s.act('a', 'q', action, action === 'selfOnly' ? { id: 'u-admin' } : undefined)
  }))

export const edgePlain: Scenario = scenario('edges-plain-components', 'no publicActions, updatableFields, lifecycle and emits', 'edges', (s) => {
  s.mount('a', 'NoPublic', { as: 'np' }).act('a', 'np', 'doIt').act('a', 'np', 'nope').act('a', 'np', 'constructor')
  s.mount('a', 'EmptyPublic', { as: 'ep' }).act('a', 'ep', 'doIt').act('a', 'ep', 'nope')
  s.mount('a', 'Fields', { as: 'f', props: { title: 'from props', extra: true } })
  s.prop('a', 'f', 'title', 'client title').prop('a', 'f', 'title', 'client title').prop('a', 'f', 'secret', 'x').prop('a', 'f', 'count', 5)
  s.prop('a', 'f', 'nested', { a: 1, b: { c: 3 } }).prop('a', 'f', 'nested', { a: 2 }).prop('a', 'f', 'extra', false)
  s.act('a', 'f', 'read')
  s.mount('a', 'Noisy', { as: 'n' })
  for (const action of ['shout', 'twoTicks', 'fail', 'failAfterState', 'failSync', 'returnsNothing', 'nestedDelta', 'same']) s.act('a', 'n', action, action === 'shout' ? { n: 3 } : undefined)
  s.act('a', 'n', 'shout', { n: 4 }, { expectResponse: false })
  s.act('a', 'n', 'twoTicks', undefined, { expectResponse: false })
  s.act('a', 'n', 'fail', undefined, { expectResponse: false })
  s.mount('a', 'MountFails', { as: 'mf' }).act('a', 'mf', 'ok')
  s.mount('a', 'MountEmits', { as: 'me' }).act('a', 'me', 'ok')
})

export const edgeRooms: Scenario[] = (['anonymous', 'admin', 'free-user'] as const).map((persona) =>
  scenario(`edges-rooms-${persona}`, `${persona}: authorizeRoom that throws, denies, answers non-booleans`, 'edges', (s) => {
    if (persona !== 'anonymous') s.auth('a', persona)
    s.mount('a', 'Noisy', { as: 'n' })
    for (const room of ['open', 'boom-1', 'no-entry', 'undef-x', 'one-1', 'staff-room']) s.join('a', 'n', `${room}-${persona}`)
    s.mount('a', 'Noisy', { as: 'n2', room: `no-such-luck-${persona}` })
    s.act('a', 'n2', 'shout', { n: 1 })
  }))

export const edgeReauth: Scenario = scenario('edges-provider-throws-on-auth', 'a provider that throws in authenticate leaves the connection anonymous', 'edges', (s) => {
  s.auth('a', 'admin').mount('a', 'Vault').auth('a', 'bot').mount('a', 'Vault').mount('a', 'Quirky', { as: 'q' }).act('a', 'q', 'rolesAction')
})

export const edgeRehydrate: Scenario = scenario('edges-rehydrate-lifecycle', 're-hydration runs onMount (its failure is not sent) and asks every kind of mount rule', 'edges', (s) => {
  s.auth('a', 'admin')
  s.mount('a', 'MountFails', { as: 'mf' }).mount('a', 'MountEmits', { as: 'me' }).mount('a', 'Fields', { as: 'f', props: { title: 'kept' } })
  s.mount('a', 'Noisy', { as: 'n' }).act('a', 'n', 'twoTicks')
  s.close('a')
  s.auth('b', 'admin')
  s.rehydrate('b', 'mf', 'MountFails', { as: 'mf2' }).act('b', 'mf2', 'ok')
  s.rehydrate('b', 'me', 'MountEmits', { as: 'me2' }).act('b', 'me2', 'ok')
  s.rehydrate('b', 'f', 'Fields', { as: 'f2' }).prop('b', 'f2', 'title', 'after').act('b', 'f2', 'read')
  s.rehydrate('b', 'n', 'Noisy', { as: 'n2' }).act('b', 'n2', 'twoTicks')
  // Another component's signed state: its mount rule is asked before the name is compared.
  for (const name of ['Vault', 'MountNoReason', 'MountReason', 'MountThrows', 'MountTruthy', 'MountAllowed', 'RolesOnly']) s.rehydrate('b', 'f', name)
  s.auth('b', 'free-user').rehydrate('b', 'f', 'Vault').rehydrate('b', 'f', 'Fields')
  s.auth('b', null).rehydrate('b', 'f', 'Vault').rehydrate('b', 'f', 'PermsOnly')
})
