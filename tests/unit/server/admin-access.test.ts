import { describe, expect, it } from 'vitest'
import { AdminAccess, SESSION_EPOCH_META } from '@/lib/server/admin-access'
import { issueAdminSession } from '@/lib/server/admin-session'

const TOKEN = 'a-long-enough-admin-token'
const T0 = 1_800_000_000_000

/** The store's meta table, in memory. */
function metaStore(initial: Record<string, string> = {}) {
  const meta = new Map(Object.entries(initial))
  return { meta, get: async (key: string) => meta.get(key), set: async (key: string, value: string) => void meta.set(key, value) }
}

const cookieOf = (value: string) => `theme=dark; studio_admin=${value}`

describe('AdminAccess', () => {
  it('grants everything without an admin token', () => {
    const access = new AdminAccess(metaStore(), undefined)
    expect(access.check({}, 'c', T0)).toEqual({ ok: true })
    expect(() => access.signIn('x', 'c', T0)).toThrow('signIn needs STUDIO_ADMIN_TOKEN')
  })

  it('signs in with the right token and accepts the cookie it issued', () => {
    const access = new AdminAccess(metaStore(), TOKEN)
    const result = access.signIn(TOKEN, 'c', T0)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(access.check({ cookie: cookieOf(result.session.value) }, 'c', T0)).toEqual({ ok: true })
    expect(access.hasSession(cookieOf(result.session.value), T0)).toBe(true)
    expect(access.check({}, 'c', T0)).toEqual({ ok: false, reason: 'missing' })
  })

  it('throttles wrong sign-ins per client and does not even compare the token while throttled', () => {
    const access = new AdminAccess(metaStore(), TOKEN)
    const waits = Array.from({ length: 5 }, () => access.signIn('wrong', 'c', T0))
    expect(waits.at(-1)).toEqual({ ok: false, reason: 'invalid', waitMs: 1_000 })
    expect(access.signIn(TOKEN, 'c', T0 + 500)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 500 })
    expect(access.signIn(TOKEN, 'other', T0 + 500).ok).toBe(true)
    expect(access.signIn(TOKEN, 'c', T0 + 1_000).ok).toBe(true)
  })

  it('counts wrong Bearer tokens as wrong tries', () => {
    const access = new AdminAccess(metaStore(), TOKEN)
    for (let i = 0; i < 5; i++) expect(access.check({ authorization: 'Bearer nope' }, 'c', T0)).toEqual({ ok: false, reason: 'invalid' })
    expect(access.check({ authorization: `Bearer ${TOKEN}` }, 'c', T0)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 1_000 })
    expect(access.check({ authorization: `Bearer ${TOKEN}` }, 'c', T0 + 1_000)).toEqual({ ok: true })
  })

  it('signs out everywhere: every earlier cookie is void, in this and in a restarted server', async () => {
    const store = metaStore()
    const access = new AdminAccess(store, TOKEN)
    const before = access.signIn(TOKEN, 'c', T0)
    if (!before.ok) throw new Error('sign-in failed')
    expect(await access.revokeAll()).toBe(1)
    expect(store.meta.get(SESSION_EPOCH_META)).toBe('1')
    expect(access.hasSession(cookieOf(before.session.value), T0)).toBe(false)
    const after = access.signIn(TOKEN, 'c', T0)
    if (!after.ok) throw new Error('sign-in failed')
    expect(access.hasSession(cookieOf(after.session.value), T0)).toBe(true)
    const restarted = await AdminAccess.load(store, TOKEN)
    expect(restarted.epoch).toBe(1)
    expect(restarted.hasSession(cookieOf(before.session.value), T0)).toBe(false)
    expect(restarted.hasSession(cookieOf(after.session.value), T0)).toBe(true)
  })

  it('keeps sessions issued before epochs existed (epoch 0) valid, and reads a corrupt epoch as 0', async () => {
    const legacy = issueAdminSession(TOKEN, Math.floor(T0 / 1000))
    expect(new AdminAccess(metaStore(), TOKEN).hasSession(cookieOf(legacy.value), T0)).toBe(true)
    expect((await AdminAccess.load(metaStore({ [SESSION_EPOCH_META]: 'garbage' }), TOKEN)).epoch).toBe(0)
  })

  it('treats a cookie with bad percent-encoding as absent', () => {
    const access = new AdminAccess(metaStore(), TOKEN)
    expect(access.check({ cookie: 'studio_admin=%E0%A4%A' }, 'c', T0)).toEqual({ ok: false, reason: 'missing' })
  })
})
