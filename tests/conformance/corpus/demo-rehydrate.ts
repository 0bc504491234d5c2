/**
 * Demo workspace: COMPONENT_REHYDRATE, the real client's reconnect path. The
 * signed state of a mount (or of an earlier re-hydration) is captured from
 * the answer and sent back, as is or tampered with; the mount rules are asked
 * again with the connection's current session.
 */
import type { Json, Scenario } from '../types'
import { scenario } from './dsl'

const SIG_ZEROS = '0'.repeat(64)

export const rehydrateReconnect: Scenario = scenario('rehydrate-after-reconnect', 'mount, reconnect, re-hydrate from the signed state (twice), act on the new id', 'demo', (s) => {
  s.auth('a', 'admin').mount('a', 'AdminPanel', { as: 'p' }).act('a', 'p', 'deleteUser', { userId: 'u-free' })
  s.mount('a', 'LiveChat', { as: 'chat' }).act('a', 'chat', 'login', { email: 'max@example.com', password: 'demo' })
  s.close('a')
  s.auth('b', 'admin')
  s.rehydrate('b', 'p', 'AdminPanel', { as: 'p2' })
  s.act('b', 'p2', 'deleteUser', { userId: 'u-pro' })
  s.rehydrate('b', 'p2', 'AdminPanel', { as: 'p3' })
  s.act('b', 'p3', 'deleteUser', { userId: 'u-moderator' })
  // The old signed state again: the library keeps no nonce, so a replay is accepted.
  s.rehydrate('b', 'p', 'AdminPanel')
  // $private starts empty after a re-hydration: the chat is logged out again.
  s.rehydrate('b', 'chat', 'LiveChat', { as: 'chat2' })
  s.act('b', 'chat2', 'sendMessage', { text: 'still here?' })
  s.act('b', 'chat2', 'login', { email: 'max@example.com', password: 'demo' })
  s.act('b', 'chat2', 'sendMessage', { text: 'back' })
  // The old id is not mounted on this connection.
  s.act('b', 'p', 'deleteUser', { userId: 'u-admin' })
})

export const rehydrateTampered: Scenario = scenario('rehydrate-tampered', 'signed state with a field changed: signature, data, version, id, age, flags', 'demo', (s) => {
  s.auth('a', 'admin').mount('a', 'AdminPanel', { as: 'p' })
  const tampers: { [key: string]: Json }[] = [
    { signature: SIG_ZEROS }, { signature: 'abc' }, { signature: '' },
    { data: '{"users":["u-admin"],"__componentName":"AdminPanel"}' }, { version: 7 }, { componentId: 'AdminPanel-forged' },
    { timestamp: 0 }, { timestamp: 99999999999999 }, { nonce: 'n-1' }, { compressed: true }, { encrypted: true }, { extra: 'ignored' },
  ]
  for (const tamper of tampers) s.rehydrate('a', 'p', 'AdminPanel', { tamper })
  s.rehydrate('a', 'p', 'AdminPanel', { tamper: { compressed: false, encrypted: false } })
  s.mount('a', 'LiveChat', { as: 'c' })
  const flags: { [key: string]: Json }[] = [{ encrypted: true }, { encrypted: true, compressed: true }, { compressed: true, data: 'H4sIAAAAAAAAA6tWKkktLlGyUlAqLU4tUqoFAGUnqjcRAAAA' }]
  for (const tamper of flags) s.rehydrate('a', 'c', 'LiveChat', { tamper })
})

export const rehydrateWrongComponent: Scenario = scenario('rehydrate-wrong-component', 'a signed state re-hydrated as another, unknown or differently spelled component', 'demo', (s) => {
  s.auth('a', 'admin').mount('a', 'AdminPanel', { as: 'p' }).mount('a', 'adminPanel', { as: 'lower' })
  for (const name of ['ModerationPanel', 'Nope', '', 'adminPanel', 'liveChat']) s.rehydrate('a', 'p', name)
  // The signed name is the one the client mounted with, not the class's.
  s.rehydrate('a', 'lower', 'AdminPanel')
  s.rehydrate('a', 'lower', 'adminPanel')
})

export const rehydrateAuth: Scenario = scenario('rehydrate-auth', 'the mount rules asked again: anonymous, another persona, logout', 'demo', (s) => {
  s.auth('a', 'admin').mount('a', 'AdminPanel', { as: 'p' }).mount('a', 'ProtectedChat', { as: 'pc' }).mount('a', 'LiveChat', { as: 'lc' })
  s.mount('a', 'ContentEditor', { as: 'ce' }).mount('a', 'ProDashboard', { as: 'pd' })
  s.close('a')
  for (const [ref, name] of [['p', 'AdminPanel'], ['pc', 'ProtectedChat'], ['lc', 'LiveChat'], ['ce', 'ContentEditor']] as const) s.rehydrate('b', ref, name)
  s.auth('b', 'free-user')
  for (const [ref, name] of [['p', 'AdminPanel'], ['pc', 'ProtectedChat'], ['ce', 'ContentEditor'], ['pd', 'ProDashboard']] as const) s.rehydrate('b', ref, name)
  s.auth('b', 'moderator').rehydrate('b', 'p', 'AdminPanel', { as: 'p2' }).act('b', 'p2', 'deleteUser', { userId: 'u-pro' })
  s.auth('b', 'pro-user').rehydrate('b', 'pd', 'ProDashboard')
  s.auth('b', null).rehydrate('b', 'p', 'AdminPanel').rehydrate('b', 'lc', 'LiveChat')
})

export const rehydrateMalformed: Scenario = scenario('rehydrate-malformed', 'COMPONENT_REHYDRATE with fields missing or of the wrong type', 'demo', (s) => {
  s.mount('a', 'LiveChat', { as: 'c' })
  const good = { $with: '$c.signedState' }
  s.send('a', { type: 'COMPONENT_REHYDRATE', payload: { component: 'LiveChat', signedState: good }, requestId: 'no-id' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', requestId: 'no-payload' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { signedState: good }, requestId: 'no-component' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 5, signedState: good }, requestId: 'component-number' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 'LiveChat' }, requestId: 'no-signed-state' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 'LiveChat', signedState: [] }, requestId: 'signed-array' })
  for (const [field, value] of [['signature', null], ['data', 1], ['timestamp', '0'], ['version', '1'], ['componentId', 5], ['nonce', 5], ['compressed', 'no'], ['encrypted', 0]] as const) {
    s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 'LiveChat', signedState: { ...good, [field]: value } }, requestId: `bad-${field}` })
  }
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 'LiveChat', signedState: good, room: 5 }, requestId: 'room-number' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 'LiveChat', signedState: good, userId: 5 }, requestId: 'user-number' })
  // A client-sent userId is ignored: the emitted frames carry the connection's own (none, anonymous).
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: '$c', payload: { component: 'LiveChat', signedState: good, userId: 'u-admin' }, requestId: 'user-forged' })
  s.send('a', { type: 'COMPONENT_REHYDRATE', componentId: 'never-mounted', payload: { component: 'LiveChat', signedState: good } })
})

export const rehydrateRoom: Scenario = scenario('rehydrate-into-room', 'a re-hydration with payload.room joins the room again, seen by the other member', 'demo', (s) => {
  s.auth('b', 'pro-user').mount('b', 'LiveChat', { as: 'm', room: 'lobby-re' })
  s.auth('a', 'free-user').mount('a', 'LiveChat', { as: 'c', room: 'lobby-re' })
  s.close('a')
  s.auth('d', 'free-user').rehydrate('d', 'c', 'LiveChat', { as: 'c2', room: 'lobby-re' })
  s.emit('d', 'c2', 'lobby-re', 'hello', { from: 'rehydrated' })
  s.emit('b', 'm', 'lobby-re', 'welcome-back')
  s.rehydrate('d', 'c', 'LiveChat', { room: 'bad room!' })
  s.getRoomState('d', 'c2', 'lobby-re')
})

export const rehydrateScenarios: readonly Scenario[] = [rehydrateReconnect, rehydrateTampered, rehydrateWrongComponent, rehydrateAuth, rehydrateMalformed, rehydrateRoom]
