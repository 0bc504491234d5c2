import { describe, expect, it } from 'vitest'
import { TOKEN_MASK, type FrameLogEntry, type RemountEvent } from '@/lib/live/client'
import {
  encodeFrame,
  messageResponse,
  protocolError,
  roomJoined,
  roomLeft,
  roomState,
  stateDelta,
  stateUpdate,
} from '@/lib/live/protocol'
import { ADMIN_JWT, DENIED, next, setupLiveHarness } from './live-harness'

const h = setupLiveHarness()

describe('LiveClient components and state', () => {
  it('tracks state: mount, batched delta (nested null deletes), update, unmount', async () => {
    const { server, client } = await h.open()
    const mounted = await client.mount('UserList', { page: 1 })
    if (!mounted.ok) throw new Error(mounted.error)
    const id = mounted.value.componentId
    expect(await client.callAction(id, 'deleteUser', { id: 'ann' })).toEqual({ ok: true, value: { deleted: 'ann' } })
    expect(client.component(id)?.state).toEqual({ users: ['bob'], meta: { by: 'x' } })
    const updated = next(client, 'state', (s) => s.cause === 'update')
    server.broadcastRaw(encodeFrame([stateUpdate(id, { users: [] }), stateDelta('unknown-id', { x: 1 })]))
    expect(await updated).toEqual({ componentId: id, state: { users: [] }, cause: 'update' })
    expect(await client.unmount(id)).toMatchObject({ ok: true })
    expect(client.components()).toEqual([])
  })

  it('a hostile delta cannot pollute prototypes', async () => {
    const { server, client } = await h.open()
    const mounted = await client.mount('UserList')
    if (!mounted.ok) throw new Error(mounted.error)
    const changed = next(client, 'state', (s) => s.cause === 'delta')
    server.broadcastRaw(`{"type":"STATE_DELTA","componentId":"${mounted.value.componentId}","payload":{"delta":{"__proto__":{"polluted":1},"meta":{"constructor":{"prototype":{"polluted":1}}}}}}`)
    const { state } = await changed
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(state).toEqual({ users: ['ann', 'bob'], meta: { by: 'x', tmp: 1 } })
  })
})

describe('LiveClient auth and the auto re-mount', () => {
  it('re-mounts an AUTH_DENIED mount after a successful AUTH and says so', async () => {
    const { client } = await h.open()
    expect(await client.authenticate({ token: 'free-user-token' })).toMatchObject({ ok: true, value: { authenticated: true } })
    const denied = await client.mount('AdminPanel')
    expect(denied).toEqual({ ok: false, code: 'REJECTED', error: DENIED, handle: 'm1' })
    expect(client.deniedMounts()).toEqual([{ handle: 'm1', component: 'AdminPanel', error: DENIED }])

    const events: RemountEvent[] = []
    client.on('remount', (e) => events.push(e))
    const done = next(client, 'remount', (e) => e.phase !== 'started')
    const auth = await client.authenticate({ token: ADMIN_JWT })
    expect(auth).toEqual({ ok: true, value: { authenticated: true, session: { id: 'admin', roles: ['admin'] } } })
    expect(await done).toEqual({ handle: 'm1', component: 'AdminPanel', phase: 'succeeded', componentId: 'c1' })
    expect(events.map((e) => e.phase)).toEqual(['started', 'succeeded'])
    expect(client.deniedMounts()).toEqual([])
    expect(client.components().map((c) => [c.component, c.handle])).toEqual([['AdminPanel', 'm1']])
  })

  it('does not re-mount after a failed AUTH, and a denial that persists stays queued', async () => {
    const { client } = await h.open()
    await client.mount('AdminPanel')
    const remounts: RemountEvent[] = []
    client.on('remount', (e) => remounts.push(e))
    expect(await client.authenticate({ token: 'wrong' }))
      .toEqual({ ok: true, value: { authenticated: false, session: null, error: 'Authentication failed' } })
    expect(remounts).toEqual([])
    const failed = next(client, 'remount', (e) => e.phase === 'failed')
    await client.authenticate({ token: 'free-user-token' })
    expect(await failed).toEqual({ handle: 'm1', component: 'AdminPanel', phase: 'failed', error: DENIED })
    expect(client.deniedMounts()).toHaveLength(1)
  })

  it('does not re-mount when autoRemount is off', async () => {
    const { server, client } = await h.open({ autoRemount: false })
    await client.mount('AdminPanel')
    await client.authenticate({ token: ADMIN_JWT })
    await client.callAction('c0', 'flush') // one more round trip: a re-mount would have been sent by now
    expect(server.received.filter((m) => m.type === 'COMPONENT_MOUNT')).toHaveLength(1)
  })

  it('logout sends an AUTH without token and becomes anonymous', async () => {
    const { server, client } = await h.open()
    await client.authenticate({ token: ADMIN_JWT })
    expect(await client.logout()).toMatchObject({ ok: true, value: { authenticated: false, session: null } })
    expect(client.auth).toEqual({ authenticated: false, session: null })
    expect(server.received.at(-1)).toMatchObject({ type: 'AUTH', payload: {} })
  })

  it('masks tokens in the frame log but sends them for real', async () => {
    const frames: FrameLogEntry[] = []
    const { server, client } = await h.open()
    client.on('frame', (f) => frames.push(f))
    server.handler = (m) => (m.type === 'AUTH' ? [protocolError(`no user for ${m.payload?.token ?? ''}`, m.requestId)] : undefined)
    await client.authenticate({ token: ADMIN_JWT })
    await client.authenticate({ token: 'free-user-token' })
    expect(server.rawFrames.some((f) => f.includes(ADMIN_JWT))).toBe(true)
    const logged = frames.map((f) => f.text).join('\n')
    expect(logged).not.toContain(ADMIN_JWT)
    expect(logged).not.toContain('free-user-token')
    expect(frames.filter((f) => f.direction === 'out')[0]?.text).toContain(`"token":"${TOKEN_MASK}"`)
  })
})

describe('LiveClient rooms and property writes', () => {
  it('joins, reads, emits, sets and leaves', async () => {
    const { server, client } = await h.open()
    server.handler = (m) => {
      if (m.type === 'ROOM_JOIN') return [roomJoined(m.componentId, m.roomId, { n: 1 }, m.requestId)]
      if (m.type === 'ROOM_STATE_GET') return [roomState(m.componentId, m.roomId, { n: 2 }, m.requestId)]
      if (m.type === 'ROOM_LEAVE') return [roomLeft(m.componentId, m.roomId, m.requestId)]
      if (m.type === 'ROOM_EMIT') return [{ type: 'ROOM_EVENT', componentId: 'other', roomId: m.roomId, event: m.payload.event, data: m.payload.data }]
      if (m.type === 'PROPERTY_UPDATE') return [messageResponse({ success: false, error: `Property '${m.property}' is not updatable`, requestId: m.requestId })]
      return undefined
    }
    expect(await client.joinRoom('c1', 'vip-1')).toEqual({ ok: true, value: { n: 1 } })
    expect(await client.getRoomState('c1', 'vip-1')).toEqual({ ok: true, value: { n: 2 } })
    const event = next(client, 'room-event')
    expect(client.emitRoom('c1', 'vip-1', 'chat', { t: 'hi' })).toBe(true)
    expect(await event).toMatchObject({ roomId: 'vip-1', event: 'chat', data: { t: 'hi' } })
    expect(client.setRoomState('c1', 'vip-1', { n: 3 })).toBe(true)
    expect(await client.leaveRoom('c1', 'vip-1')).toEqual({ ok: true, value: 'vip-1' })
    expect(await client.updateProperty('c1', 'isAdmin', true))
      .toEqual({ ok: false, code: 'REJECTED', error: "Property 'isAdmin' is not updatable" })
    expect(server.received.find((m) => m.type === 'ROOM_STATE_SET')).toMatchObject({ roomId: 'vip-1', payload: { state: { n: 3 } } })
  })

  it('reports a wrong answer type as UNEXPECTED_ANSWER', async () => {
    const { server, client } = await h.open()
    server.handler = (m) => (m.type === 'ROOM_JOIN' ? [roomLeft(m.componentId, m.roomId, m.requestId)] : undefined)
    expect(await client.joinRoom('c1', 'r')).toEqual({ ok: false, code: 'UNEXPECTED_ANSWER', error: 'Unexpected answer type ROOM_LEFT' })
  })
})
