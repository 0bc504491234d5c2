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

describe('AdminAccess across instances', () => {
  it('takes a higher epoch from another instance (voiding older cookies), ignores a lower one, and re-reads the store', async () => {
    const store = metaStore()
    const access = new AdminAccess(store, TOKEN)
    const signed = access.signIn(TOKEN, 'c', T0)
    if (!signed.ok) throw new Error('sign-in failed')
    access.adoptEpoch(2)
    expect(access.epoch).toBe(2)
    expect(access.hasSession(cookieOf(signed.session.value), T0)).toBe(false)
    access.adoptEpoch(1)
    expect(access.epoch).toBe(2)
    store.meta.set(SESSION_EPOCH_META, '5')
    await access.refreshEpoch()
    expect(access.epoch).toBe(5)
  })

  it('announces sign-out everywhere past the highest epoch known, and wrong tokens; counts wrong tokens from elsewhere', async () => {
    const store = metaStore({ [SESSION_EPOCH_META]: '1' })
    const access = new AdminAccess(store, TOKEN)
    const said: string[] = []
    access.announcer = { revoked: (e) => void said.push(`epoch ${e}`), failed: (c) => void said.push(`failed ${c}`) }
    store.meta.set(SESSION_EPOCH_META, '4') // raised by another instance meanwhile
    expect(await access.revokeAll()).toBe(5)
    access.signIn('wrong', '10.0.0.1', T0)
    expect(said).toEqual(['epoch 5', 'failed 10.0.0.1'])
    // Five wrong tries reported by another instance use up the free tries here too.
    for (let i = 0; i < 5; i++) access.remoteFailure('10.0.0.2', T0)
    expect(access.signIn(TOKEN, '10.0.0.2', T0)).toMatchObject({ ok: false, reason: 'throttled' })
  })

  it('two instances signing out everywhere at once store the higher epoch, whatever order their writes land in', async () => {
    const store = metaStore({ [SESSION_EPOCH_META]: '5' })
    // The first read is slow: without a transaction around read-then-write, the second instance would write its
    // higher epoch first and the first would then store its lower one over it.
    const delays = [20, 0]
    const read = store.get
    store.get = async (key: string) => {
      const value = await read(key)
      await new Promise((r) => setTimeout(r, delays.shift() ?? 0))
      return value
    }
    // One transaction at a time, as the store runs them (an advisory lock on Postgres).
    let queue: Promise<unknown> = Promise.resolve()
    const atomically = <T>(fn: (meta: typeof store) => Promise<T>): Promise<T> => {
      const run = queue.then(() => fn(store))
      queue = run.catch(() => undefined)
      return run
    }
    const a = new AdminAccess(store, TOKEN, '5', atomically)
    const b = new AdminAccess(store, TOKEN, '6', atomically)
    const [ea, eb] = await Promise.all([a.revokeAll(), b.revokeAll()])
    expect(new Set([ea, eb]).size).toBe(2)
    expect(Number(store.meta.get(SESSION_EPOCH_META))).toBe(Math.max(ea, eb))
  })
})
