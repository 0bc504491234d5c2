import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiveClient, mountedId, personaToken, startHarness, type Harness, openAs } from './helpers/live-harness'

let h: Harness
const clients: LiveClient[] = []
const as = (persona?: string): Promise<LiveClient> => openAs(h, clients, persona)

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('AUTH over the wire', () => {
  it('answers a valid persona token with the mapped session and never echoes the token', async () => {
    const c = await as()
    const token = await personaToken(h.server, 'admin')
    const answer = await c.auth(token)
    expect(answer).toMatchObject({ type: 'AUTH_RESPONSE', success: true, payload: { authenticated: true, session: { id: 'u-admin', roles: ['admin', 'user'] } } })
    expect(c.raw.some((r) => r.includes(token))).toBe(false)
  })

  it.each([
    ['garbage', 'not.a.token'],
    ['empty string', ''],
  ])('answers a %s token with the fixed failure', async (_label, token) => {
    const c = await as()
    expect(await c.auth(token)).toEqual({ type: 'AUTH_RESPONSE', success: false, payload: { authenticated: false, error: 'Authentication failed' }, requestId: expect.any(String) })
  })

  it('refuses an expired token (exp required) and logs the connection out', async () => {
    const c = await as('admin')
    const expired = await personaToken(h.server, 'admin', { expiresIn: -3600 })
    expect((await c.auth(expired)).success).toBe(false)
    const mount = await c.mount('AdminPanel')
    expect(mount.error).toBe('AUTH_DENIED: Authentication required')
  })
})

describe('seed scenarios', () => {
  it('AdminPanel: anonymous, free user denied with the exact reason; admin mounts and deletes', async () => {
    const anon = await as()
    expect((await anon.mount('AdminPanel')).error).toBe('AUTH_DENIED: Authentication required')
    const free = await as('free-user')
    const denied = await free.mount('AdminPanel')
    expect(denied).toMatchObject({ type: 'MESSAGE_RESPONSE', success: false, error: 'AUTH_DENIED: Insufficient roles. Required one of: admin, moderator' })
    const admin = await as('admin')
    const answer = await admin.mount('AdminPanel')
    const id = mountedId(answer)
    expect(answer.result).toMatchObject({ componentId: id, initialState: { users: ['u-admin', 'u-moderator', 'u-pro', 'u-free'] }, signedState: { version: 1, componentId: id } })
    await admin.waitFor((f) => f.type === 'STATE_UPDATE' && f.componentId === id)
    const done = await admin.action(id, 'deleteUser', { userId: 'u-free' })
    expect(done).toMatchObject({ type: 'ACTION_RESPONSE', success: true, result: { success: true } })
    const delta = await admin.waitFor((f) => f.type === 'STATE_DELTA' && f.componentId === id)
    expect(delta.payload).toEqual({ delta: { users: ['u-admin', 'u-moderator', 'u-pro'] } })
  })

  it('ContentEditor: both permissions required (AND)', async () => {
    const free = await as('free-user')
    expect((await free.mount('ContentEditor')).error).toBe('AUTH_DENIED: Insufficient permissions. Required all: content.read, content.write')
    const pro = await as('pro-user')
    const id = mountedId(await pro.mount('ContentEditor'))
    expect((await pro.action(id, 'editContent', { content: 'hello' })).success).toBe(true)
  })

  it('ProDashboard: custom authorize looks the plan up in the db fixture', async () => {
    const free = await as('free-user')
    expect((await free.mount('ProDashboard')).error).toBe('AUTH_DENIED: Pro plan required')
    const pro = await as('pro-user')
    const id = mountedId(await pro.mount('ProDashboard'))
    const data = await pro.action(id, 'getData')
    expect(data.result).toEqual({ visits: [120, 98, 143, 171], plan: 'pro' })
  })

  it('ModerationPanel: actionAuth roles and permissions per action', async () => {
    const free = await as('free-user')
    const id = mountedId(await free.mount('ModerationPanel'))
    expect((await free.action(id, 'banUser', { userId: 'x' })).error).toBe("AUTH_DENIED: Insufficient roles for action 'banUser'. Required one of: admin, moderator")
    expect((await free.action(id, 'deleteReport', { reportId: 'r-1' })).error).toBe("AUTH_DENIED: Insufficient permissions for action 'deleteReport'. Required all: reports.delete")
    expect((await free.action(id, 'getReports')).success).toBe(true)
    const mod = await as('moderator')
    const mid = mountedId(await mod.mount('ModerationPanel'))
    expect((await mod.action(mid, 'banUser', { userId: 'u-free' })).success).toBe(true)
    // An action-security layer (here publicActions) is not an auth denial: an ERROR frame, then the bare reason.
    const notListed = "Action 'editProfile' exists on 'ModerationPanel' but is not listed in publicActions. Add it to: static publicActions = [..., 'editProfile']"
    expect((await mod.action(mid, 'editProfile', { userId: 'u-moderator' })).error).toBe(notListed)
    expect(mod.frames.find((f) => f.type === 'ERROR')).toEqual({ type: 'ERROR', componentId: mid, payload: { action: 'editProfile', error: notListed }, userId: 'u-moderator' })
  })

  it("LiveChat: login sets $private, which never appears in any frame", async () => {
    const c = await as()
    const id = mountedId(await c.mount('LiveChat'))
    const early = await c.action(id, 'sendMessage', { text: 'hi' })
    expect(early).toMatchObject({ success: false, error: 'Not authenticated' })
    expect((await c.action(id, 'login', { email: 'ada@example.com', password: 'demo' })).result).toEqual({ success: true, name: 'Ada Admin' })
    expect((await c.action(id, 'sendMessage', { text: 'hello' })).success).toBe(true)
    const delta = await c.waitFor((f) => f.type === 'STATE_DELTA' && f.componentId === id)
    expect(delta.payload).toEqual({ delta: { messages: [{ from: 'Ada Admin', text: 'hello' }] } })
    for (const raw of c.raw) {
      expect(raw).not.toContain('$private')
      expect(raw).not.toContain('loggedIn')
      expect(raw).not.toContain('odId')
    }
  })
})

describe('context semantics', () => {
  it('re-auth changes later action checks while $auth stays fixed at mount', async () => {
    const c = await as('moderator')
    const id = mountedId(await c.mount('ModerationPanel'))
    expect((await c.action(id, 'banUser', { userId: 'a' })).success).toBe(true)
    expect((await c.auth(await personaToken(h.server, 'free-user'))).success).toBe(true)
    expect((await c.action(id, 'banUser', { userId: 'b' })).error).toBe("AUTH_DENIED: Insufficient roles for action 'banUser'. Required one of: admin, moderator")
    expect((await c.auth()).success).toBe(false)
    expect((await c.action(id, 'getReports')).success).toBe(true)
    expect((await c.action(id, 'banUser', { userId: 'c' })).error).toBe("AUTH_DENIED: Authentication required for action 'banUser'")
  })

  it('only the mounting connection may act on a component; foreign and unknown ids answer the same', async () => {
    const owner = await as('admin')
    const other = await as('admin')
    const id = mountedId(await owner.mount('AdminPanel'))
    const foreign = await other.action(id, 'deleteUser', { userId: 'u-free' })
    expect(foreign).toMatchObject({ success: false, error: `COMPONENT_REHYDRATION_REQUIRED:${id}` })
    const unknown = await other.action('AdminPanel-nope', 'deleteUser', { userId: 'u-free' })
    expect(unknown.error).toBe('COMPONENT_REHYDRATION_REQUIRED:AdminPanel-nope')
    const prop = await other.request({ type: 'PROPERTY_UPDATE', componentId: id, property: 'users', payload: { value: [] } })
    expect(prop.error).toBe(`COMPONENT_REHYDRATION_REQUIRED:${id}`)
  })

  it('PROPERTY_UPDATE: allowlist from defaultState; $, __proto__ and unknown keys refused', async () => {
    const c = await as('pro-user')
    const id = mountedId(await c.mount('ContentEditor'))
    const ok = await c.request({ type: 'PROPERTY_UPDATE', componentId: id, property: 'content', payload: { value: 'x' } })
    expect(ok).toMatchObject({ type: 'MESSAGE_RESPONSE', success: true })
    const cases: Array<[string, string]> = [
      ['isAdmin', "PROPERTY_UPDATE rejected: 'isAdmin' is not an updatable field of 'ContentEditor'. Allowed: [content]. Declare it in 'static defaultState' or 'static updatableFields' to allow client writes."],
      ['$private', 'PROPERTY_UPDATE rejected: \'$private\' is server-only ($-prefixed fields cannot be written by the client). Use a server action to mutate it.'],
      ['__proto__', "PROPERTY_UPDATE rejected: '__proto__' is a reserved key"],
      ['constructor', "PROPERTY_UPDATE rejected: 'constructor' is a reserved key"],
    ]
    for (const [property, error] of cases) {
      const answer = await c.request({ type: 'PROPERTY_UPDATE', componentId: id, property, payload: { value: true } })
      expect(answer).toMatchObject({ success: false, error })
    }
  })
})

describe('rooms', () => {
  it('vip- rooms need the premium role (authorizeRoom of the default provider)', async () => {
    const free = await as('free-user')
    const fid = mountedId(await free.mount('ProtectedChat'))
    // The library answers a refused join with a bare ERROR (no AUTH_DENIED: prefix, no success field).
    const denied = await free.request({ type: 'ROOM_JOIN', componentId: fid, roomId: 'vip-lounge' })
    expect(denied).toEqual({ type: 'ERROR', componentId: fid, error: "Access to room 'vip-lounge' denied by auth provider 'jwt'", requestId: expect.any(String) })
    const pro = await as('pro-user')
    const pid = mountedId(await pro.mount('ProtectedChat'))
    const joined = await pro.request({ type: 'ROOM_JOIN', componentId: pid, roomId: 'vip-lounge' })
    expect(joined).toMatchObject({ type: 'ROOM_JOINED', componentId: pid, payload: { roomId: 'vip-lounge', state: {} } })
  })

  it('EMIT reaches the other members only; STATE_SET / GET share state; LEAVE stops events', async () => {
    const a = await as('pro-user')
    const b = await as('free-user')
    const aid = mountedId(await a.mount('ProtectedChat'))
    const bid = mountedId(await b.mount('ProtectedChat'))
    await a.request({ type: 'ROOM_JOIN', componentId: aid, roomId: 'lobby' })
    await b.request({ type: 'ROOM_JOIN', componentId: bid, roomId: 'lobby' })
    const got = b.next((f) => f.type === 'ROOM_EVENT')
    a.sendRaw(JSON.stringify({ type: 'ROOM_EMIT', componentId: aid, roomId: 'lobby', payload: { event: 'hello', data: { n: 1 } } }))
    expect(await got).toEqual({ componentId: bid, type: 'ROOM_EVENT', roomId: 'lobby', event: 'hello', data: { n: 1 }, timestamp: expect.any(Number) })
    // A state write reaches the other members as a diff; the writer gets no answer.
    const update = b.next((f) => f.type === 'ROOM_STATE')
    a.sendRaw(JSON.stringify({ type: 'ROOM_STATE_SET', componentId: aid, roomId: 'lobby', payload: { state: { topic: 'auth', $admin: 'a' } } }))
    expect(await update).toMatchObject({ componentId: bid, type: 'ROOM_STATE', roomId: 'lobby', event: '$state:update', data: { state: { topic: 'auth' } } })
    const get = await b.request({ type: 'ROOM_STATE_GET', componentId: bid, roomId: 'lobby' })
    expect(get.payload).toEqual({ roomId: 'lobby', state: { topic: 'auth' } })
    expect((await b.request({ type: 'ROOM_LEAVE', componentId: bid, roomId: 'lobby' })).type).toBe('ROOM_LEFT')
    await a.waitFor((f) => f.type === 'ROOM_SYSTEM' && (f as { event?: string }).event === '$sub:leave')
    const notMember = await b.request({ type: 'ROOM_EMIT', componentId: bid, roomId: 'lobby', payload: { event: 'x' } })
    expect(notMember).toEqual({ type: 'ERROR', componentId: bid, error: 'Not a member of this room', requestId: expect.any(String) })
    expect(a.frames.some((f) => f.type === 'ROOM_EVENT')).toBe(false)
    expect(a.frames.some((f) => f.type === 'ROOM_STATE')).toBe(false)
  })

  it('a closed connection\'s mount-room component leaves in two frames, as the library\'s awaited cleanup sends them', async () => {
    const stay = await as('pro-user')
    await stay.request({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', room: 'lobby-close' }, expectResponse: true })
    const gone = await as('free-user')
    const goneId = mountedId(await gone.request({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', room: 'lobby-close' }, expectResponse: true }))
    await stay.waitFor((f) => (f as { event?: string }).event === '$sub:join')
    const before = stay.raw.length
    gone.close()
    // handleClose awaits roomManager.cleanupComponent (one flush), then destroy leaves the mount room again (another).
    await stay.waitFor((f) => (f as { event?: string }).event === '$sub:leave')
    await new Promise((r) => setTimeout(r, 100))
    const frames = stay.raw.slice(before).map((text) => JSON.parse(text) as unknown)
    expect(frames).toHaveLength(2)
    for (const frame of frames) expect(frame).toMatchObject({ type: 'ROOM_SYSTEM', roomId: 'lobby-close', event: '$sub:leave', data: { subscriberId: goneId, count: 1 } })
  })
})
