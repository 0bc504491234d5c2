/**
 * Demo workspace: AUTH with good and bad tokens, re-auth and logout (a
 * mounted component keeps its `$auth`, actions use the caller's current
 * context), and what one connection can do to another's components.
 */
import type { Scenario } from '../types'
import { scenario } from './dsl'
import { PERSONAS } from './demo-components'

export const tokens: Scenario = scenario('auth-token-variants', 'AUTH with every kind of bad token', 'demo', (s) => {
  for (const variant of ['expired', 'wrong-key', 'no-exp', 'alg-none', 'tampered', 'future-nbf', 'valid'] as const) {
    s.auth('a', { persona: 'admin', variant }).mount('a', 'AdminPanel')
  }
  s.auth('a', { literal: 'not-a-token' }).mount('a', 'ProtectedChat')
  s.auth('a', { literal: 'eyJhbGciOiJIUzI1NiJ9.e30.' }).mount('a', 'ProtectedChat')
  s.auth('a', { literal: '' }).mount('a', 'ProtectedChat')
  s.auth('a', { persona: 'free-user', claims: { sub: 42 } }).mount('a', 'ProtectedChat')
  s.auth('a', { persona: 'free-user', claims: { roles: 'admin' } }).mount('a', 'AdminPanel')
  s.auth('a', { persona: 'bot', claims: { roles: ['admin'], extra: { nested: true } } }).mount('a', 'AdminPanel')
  s.send('a', { type: 'AUTH', requestId: 'no-payload' })
  s.send('a', { type: 'AUTH', payload: { token: null, provider: 'jwt' }, requestId: 'null-token' })
  s.send('a', { type: 'AUTH', payload: { publicKey: 'pk', signature: 'sig', timestamp: 1, nonce: 'n' }, requestId: 'keypair' })
  s.send('a', { type: 'AUTH', payload: { token: 0, other: false }, requestId: 'falsy' })
  s.send('a', { type: 'AUTH', payload: 'token-as-string', requestId: 'string-payload' })
  s.send('a', { type: 'AUTH', payload: { token: ['x'] }, requestId: 'array-token' })
})

export const reauth: Scenario[] = [
  scenario('reauth-keeps-mount-auth', 'a mounted component keeps $auth; actions use the current context', 'demo', (s) => {
    s.auth('a', 'admin').mount('a', 'ModerationPanel', { as: 'm' }).mount('a', 'AdminPanel', { as: 'p' })
    s.act('a', 'm', 'banUser', { userId: 'u-x' })
    s.auth('a', 'free-user')
    s.act('a', 'm', 'banUser', { userId: 'u-y' })
    s.act('a', 'm', 'deleteReport', { reportId: 'r-2' })
    s.act('a', 'p', 'deleteUser', { userId: 'u-pro' })
    s.mount('a', 'AdminPanel')
    s.auth('a', null)
    s.act('a', 'm', 'banUser', { userId: 'u-z' })
    s.act('a', 'm', 'getReports')
    s.act('a', 'm', 'editProfile', { userId: 'u-admin' })
    s.mount('a', 'ModerationPanel')
    s.auth('a', 'moderator')
    s.act('a', 'm', 'banUser', { userId: 'u-z' })
    s.act('a', 'm', 'deleteReport', { reportId: 'r-1' })
    s.mount('a', 'AdminPanel', { as: 'p2' })
    s.act('a', 'p2', 'deleteUser', { userId: 'u-free' })
  }),
  scenario('logout-then-login', 'a denied mount, then login, then the mount again', 'demo', (s) => {
    s.mount('a', 'ProtectedChat').mount('a', 'ProDashboard')
    s.auth('a', 'pro-user').mount('a', 'ProtectedChat', { as: 'pc' }).mount('a', 'ProDashboard', { as: 'pd' })
    s.act('a', 'pd', 'getData').act('a', 'pc', 'sendMessage', { text: 'as pro' })
    s.auth('a', { persona: 'pro-user', variant: 'expired' })
    s.act('a', 'pd', 'getData').act('a', 'pc', 'sendMessage', { text: 'after failed re-auth' })
    s.mount('a', 'ProDashboard')
  }),
  ...PERSONAS.filter((p) => p !== 'anonymous').map((persona) =>
    scenario(`auth-session-${persona}`, `${persona}: AUTH answer carries the session`, 'demo', (s) => {
      s.auth('a', persona).auth('a', persona).auth('a', null).auth('a', persona)
    })),
]

export const ownership: Scenario[] = [
  scenario('ownership-two-connections', "one connection acting on another's components", 'demo', (s) => {
    s.auth('a', 'admin').mount('a', 'AdminPanel', { as: 'p' }).mount('a', 'LiveChat', { as: 'chat' })
    s.auth('b', 'admin')
    s.act('b', 'p', 'deleteUser', { userId: 'u-free' })
    s.act('b', 'p', 'deleteUser', { userId: 'u-free' }, { expectResponse: false })
    s.prop('b', 'p', 'users', [])
    s.join('b', 'p', 'lobby-own')
    s.emit('b', 'p', 'lobby-own', 'hello', 1)
    s.getRoomState('b', 'p', 'lobby-own')
    s.act('a', 'p', 'deleteUser', { userId: 'u-free' })
    s.unmount('b', 'chat')
    s.act('a', 'chat', 'login', { email: 'ada@example.com', password: 'demo' })
    s.prop('a', 'chat', 'messages', [])
    s.join('a', 'chat', 'lobby-own')
    s.unmount('a', 'chat')
  }),
]
