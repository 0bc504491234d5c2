import { describe, expect, it } from 'vitest'
import { isAdminToken, issueAdminSession, readCookie, verifyAdminSession } from '@/lib/server/admin-session'
import { checkLiveUpgrade } from '@/lib/live/server/upgrade-policy'
import type { IncomingMessage } from 'node:http'

const TOKEN = 'a-long-enough-admin-token'
const NOW = 1_800_000_000

describe('admin session', () => {
  it('verifies its own session until it expires', () => {
    const { value, maxAge } = issueAdminSession(TOKEN, NOW)
    expect(verifyAdminSession(value, TOKEN, NOW)).toBe(true)
    expect(verifyAdminSession(value, TOKEN, NOW + maxAge)).toBe(false)
  })

  it.each([
    ['another admin token', (v: string) => v, 'another-admin-token-value'],
    ['a tampered expiry', (v: string) => v.replace(/^v1\.\d+/, 'v1.9999999999'), TOKEN],
    ['a truncated mac', (v: string) => v.slice(0, -1), TOKEN],
    ['an empty value', () => '', TOKEN],
  ])('rejects %s', (_name, mutate, token) => {
    const { value } = issueAdminSession(TOKEN, NOW)
    expect(verifyAdminSession(mutate(value), token, NOW)).toBe(false)
  })

  it('compares tokens exactly', () => {
    expect(isAdminToken(TOKEN, TOKEN)).toBe(true)
    expect(isAdminToken(`${TOKEN} `, TOKEN)).toBe(false)
    expect(isAdminToken('', TOKEN)).toBe(false)
  })

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; studio_admin=v1.2.x; b=3', 'studio_admin')).toBe('v1.2.x')
    expect(readCookie(undefined, 'studio_admin')).toBeUndefined()
  })

  it.each(['%E0%A4%A', '%', '%ff', 'v1.%zz'])('treats a cookie with bad percent-encoding (%s) as absent', (value) => {
    expect(readCookie(`a=%; studio_admin=${value}`, 'studio_admin')).toBeUndefined()
    expect(readCookie(`a=%E0%A4%A; studio_admin=ok`, 'studio_admin')).toBe('ok')
  })

  it('binds a session to its epoch', () => {
    const { value } = issueAdminSession(TOKEN, NOW, 3)
    expect(verifyAdminSession(value, TOKEN, NOW, 3)).toBe(true)
    expect(verifyAdminSession(value, TOKEN, NOW, 4)).toBe(false)
    expect(verifyAdminSession(value, TOKEN, NOW)).toBe(false)
    expect(value).toMatch(/^v1\.\d+\.[\w-]{43}$/)
  })
})

const req = (url: string, headers: Record<string, string> = {}) => ({ url, headers: { host: 'studio.test:3000', ...headers } }) as unknown as IncomingMessage

describe('live upgrade policy', () => {
  it.each([
    ['/api/live/ws', {}, [], true],
    ['/api/live/ws', { origin: 'http://studio.test:3000' }, [], true],
    ['/api/live/ws', { origin: 'https://app.example' }, ['https://app.example'], true],
    ['/api/live/ws', { origin: 'https://evil.example' }, [], false],
    ['/api/live/ws', { origin: 'https://evil.example' }, ['*'], true],
    ['/api/live/ws', { origin: 'null' }, [], false],
    ['/api/live/ws?access_token=abc', {}, ['*'], false],
    ['/api/live/ws?x=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', {}, [], false],
  ] as const)('%s with %j and allow-list %j -> %s', (url, headers, origins, ok) => {
    expect(checkLiveUpgrade(req(url, headers), origins).ok).toBe(ok)
  })
})
