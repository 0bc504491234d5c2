/**
 * The library's sharp edges that only the live server meets (issue 12, "What
 * to build" 2): it answers as fluxstack-live@d8538f75 does and the logged
 * decision carries the sharp-edge warning, so the trace and the decision log
 * tell the developer that their real app is exposed the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharpEdgeOf, type SharpEdgeId } from '@/lib/auth'
import type { DecisionRecord } from '@/lib/store/model/decision'
import { type LiveClient, mountedId, startHarness, type Harness, openAs } from './helpers/live-harness'

let h: Harness
const clients: LiveClient[] = []
const as = (persona?: string): Promise<LiveClient> => openAs(h, clients, persona)

/** The decisions logged since `from` (ids ascending) with the sharp edges each carries. */
async function loggedSince(from: number): Promise<{ record: DecisionRecord; edges: SharpEdgeId[] }[]> {
  await h.server.decisions.flush()
  const rows = (await h.server.decisions.page({}, { limit: 500 })).rows.filter((r) => r.id > from).reverse()
  const full = await Promise.all(rows.map(async (r) => (await h.server.decisions.get(r.id)) as DecisionRecord))
  return full.map((record) => ({ record, edges: (record.warnings ?? []).map(sharpEdgeOf).filter((e): e is SharpEdgeId => e !== undefined) }))
}
async function lastId(): Promise<number> {
  await h.server.decisions.flush()
  return (await h.server.decisions.page({}, { limit: 1 })).rows[0]?.id ?? 0
}

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('sharp edges flagged on the live server', () => {
  it('a mount with payload.room into a vip- room the provider would refuse: mounted, joined, flagged mount-room-unchecked', async () => {
    const from = await lastId()
    const c = await as('free-user')
    const denied = await c.request({ type: 'ROOM_JOIN', componentId: mountedId(await c.mount('LiveChat')), roomId: 'vip-edge-1' })
    expect(denied).toMatchObject({ type: 'ERROR', error: expect.any(String) as unknown })
    const answer = await c.mount('LiveChat', { room: 'vip-edge-1' })
    const id = mountedId(answer)
    expect(await c.request({ type: 'ROOM_STATE_GET', componentId: id, roomId: 'vip-edge-1' })).toMatchObject({ type: 'ROOM_STATE' })
    const logged = await loggedSince(from)
    expect(logged.map((l) => [l.record.kind, l.record.verdict, l.edges])).toEqual([
      ['auth', 'allow', []], ['mount', 'allow', []], ['room', 'deny', []], ['mount', 'allow', ['mount-room-unchecked']],
    ])
  })

  it("ROOM_JOIN's initialState with a $ key creating a room: flagged room-initial-state-unfiltered (not when the room exists)", async () => {
    const from = await lastId()
    const c = await as()
    const id = mountedId(await c.mount('LiveChat'))
    const joined = await c.request({ type: 'ROOM_JOIN', componentId: id, roomId: 'edge-seeded', payload: { initialState: { $owner: 'me', topic: 't' } } })
    expect(joined).toMatchObject({ type: 'ROOM_JOINED', payload: { roomId: 'edge-seeded', state: { $owner: 'me', topic: 't' } } })
    const other = mountedId(await c.mount('LiveChat'))
    await c.request({ type: 'ROOM_JOIN', componentId: other, roomId: 'edge-seeded', payload: { initialState: { $owner: 'again' } } })
    const rooms = (await loggedSince(from)).filter((l) => l.record.kind === 'room')
    expect(rooms.map((l) => l.edges)).toEqual([['room-initial-state-unfiltered'], []])
  })

  it("COMPONENT_UNMOUNT of another connection's component: done, and flagged unmount-not-owned", async () => {
    const owner = await as()
    const id = mountedId(await owner.mount('LiveChat'))
    const from = await lastId()
    const stranger = await as()
    expect(await stranger.request({ type: 'COMPONENT_UNMOUNT', componentId: id })).toMatchObject({ type: 'MESSAGE_RESPONSE', success: true })
    const logged = await loggedSince(from)
    expect(logged.map((l) => [l.record.action, l.edges])).toEqual([['unmount', ['unmount-not-owned']]])
  })

  it('COMPONENT_UNMOUNT of a component that joined a room with ROOM_JOIN: it stays a member, flagged room-ghost-member', async () => {
    const a = await as()
    const b = await as()
    const ghost = mountedId(await a.mount('LiveChat'))
    const peer = mountedId(await b.mount('LiveChat'))
    await a.request({ type: 'ROOM_JOIN', componentId: ghost, roomId: 'edge-ghost' })
    await b.request({ type: 'ROOM_JOIN', componentId: peer, roomId: 'edge-ghost' })
    const from = await lastId()
    expect(await a.request({ type: 'COMPONENT_UNMOUNT', componentId: ghost })).toMatchObject({ type: 'MESSAGE_RESPONSE', success: true })
    // As in the library, the room still counts it: a later join sees two members besides the newcomer.
    const third = mountedId(await b.mount('LiveChat'))
    await b.request({ type: 'ROOM_JOIN', componentId: third, roomId: 'edge-ghost' })
    const join = await a.waitFor((f) => f.type === 'ROOM_SYSTEM' && (f as { event?: string }).event === '$sub:join' && (f as { data?: { subscriberId?: string } }).data?.subscriberId === third)
    expect((join as { data?: { count?: number } }).data?.count).toBe(3)
    const logged = await loggedSince(from)
    const unmount = logged.find((l) => l.record.action === 'unmount')
    expect(unmount?.edges).toEqual(['room-ghost-member'])
    expect(unmount?.record).toMatchObject({ component: 'LiveChat', verdict: 'allow' })
    expect(JSON.stringify(unmount?.record.trace)).toContain('edge-ghost')
    // A plain unmount (no room joined) logs nothing.
    const from2 = await lastId()
    await a.request({ type: 'COMPONENT_UNMOUNT', componentId: mountedId(await a.mount('LiveChat')) })
    expect((await loggedSince(from2)).map((l) => l.record.kind)).toEqual(['mount'])
  })
})
