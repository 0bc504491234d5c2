/**
 * Rooms across instances (`lib/cluster/room-relay.ts` with the room manager),
 * run on the local bus with several endpoints on one hub, as two studio
 * instances would run over Redis: a member on A gets byte for byte the frames
 * it would get if the emitting member were on A too; the state is one room's;
 * an instance that joins later reads the room as the others hold it; an
 * instance that goes away takes its members with it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LocalBus, LocalHub } from '@/lib/cluster/local-bus'
import { RoomRelay } from '@/lib/cluster/room-relay'
import type { LiveConnection } from '@/lib/live/server/connection'
import { RoomManager } from '@/lib/live/server/room-manager'
import type { Outgoing } from '@/lib/live/server/send-queue'

interface FakeConn {
  open: boolean
  readonly frames: string[]
  queue(message: Outgoing): void
}
const fakeConn = (): FakeConn => {
  const c: FakeConn = { open: true, frames: [], queue: (m) => void c.frames.push(typeof m === 'string' ? m : JSON.stringify(m)) }
  return c
}
const asConn = (c: FakeConn) => c as unknown as LiveConnection
const clock = () => 1_000
const settle = () => new Promise((r) => setImmediate(r))

const managers: RoomManager[] = []
afterEach(() => {
  for (const m of managers.splice(0)) m.dispose()
})

function instance(hub: LocalHub, id: string) {
  const bus = new LocalBus({ instanceId: id, hub })
  const relay = new RoomRelay(bus)
  const rooms = new RoomManager(clock, 60_000, relay)
  relay.attach(rooms)
  managers.push(rooms)
  return { bus, relay, rooms }
}

/** The same steps on one instance: what a1 receives there is the reference. */
function singleInstanceFrames(): string[] {
  const rooms = new RoomManager(clock, 60_000)
  managers.push(rooms)
  const a1 = fakeConn()
  rooms.join('a1', 'chat', asConn(a1), { topic: 'hello' })
  rooms.join('b1', 'chat', asConn(fakeConn()))
  rooms.emit('chat', 'typing', { who: 'b1' }, 'b1')
  rooms.setStateFromClient('chat', { topic: 'news', $secret: 1 }, 'b1')
  rooms.leave('b1', 'chat')
  return a1.frames
}

describe('rooms across instances (local bus)', () => {
  it('a member on A receives what a member on B emits, frame for frame as on one instance', async () => {
    const hub = new LocalHub()
    const A = instance(hub, 'a')
    const B = instance(hub, 'b')
    const a1 = fakeConn()
    const b1 = fakeConn()

    expect(A.rooms.prepare('chat')).toBeInstanceOf(Promise)
    await A.rooms.prepare('chat')
    A.rooms.join('a1', 'chat', asConn(a1), { topic: 'hello' })
    await settle()
    await B.rooms.prepare('chat')
    expect(B.rooms.state('chat')).toEqual({ topic: 'hello' })
    B.rooms.join('b1', 'chat', asConn(b1))
    B.rooms.emit('chat', 'typing', { who: 'b1' }, 'b1')
    B.rooms.setStateFromClient('chat', { topic: 'news', $secret: 1 }, 'b1')
    B.rooms.leave('b1', 'chat')
    await settle()

    expect(a1.frames).toEqual(singleInstanceFrames())
    expect(a1.frames).toHaveLength(4)
    // One state: A's copy has B's write, and a third instance reads it from the shared store.
    expect(A.rooms.state('chat')).toEqual({ topic: 'news' })
    const C = instance(hub, 'c')
    await C.rooms.prepare('chat')
    expect(C.rooms.state('chat')).toEqual({ topic: 'news' })
  })

  it('membership counts span instances, and an instance that goes away takes its members with it', async () => {
    const hub = new LocalHub()
    const A = instance(hub, 'a')
    const B = instance(hub, 'b')
    const a1 = fakeConn()
    A.rooms.join('a1', 'lobby', asConn(a1))
    await settle()
    await B.rooms.prepare('lobby')
    B.rooms.join('b1', 'lobby', asConn(fakeConn()))
    B.rooms.join('b2', 'lobby', asConn(fakeConn()))
    await settle()
    const counts = a1.frames.map((f) => (JSON.parse(f) as { data: { count: number } }).data.count)
    expect(counts).toEqual([2, 3])

    await B.bus.close()
    const a2 = fakeConn()
    A.rooms.join('a2', 'lobby', asConn(a2))
    // b1 and b2 went with B: the join counts a1 and a2 only.
    expect(JSON.parse(a1.frames.at(-1) ?? '{}')).toMatchObject({ event: '$sub:join', data: { subscriberId: 'a2', count: 2 } })
  })

  it('a room created on two instances at once keeps the first creator\'s state on both', async () => {
    const hub = new LocalHub()
    const A = instance(hub, 'a')
    const B = instance(hub, 'b')
    await Promise.all([A.rooms.prepare('race'), B.rooms.prepare('race')])
    A.rooms.join('a1', 'race', asConn(fakeConn()), { winner: 'a' })
    B.rooms.join('b1', 'race', asConn(fakeConn()), { winner: 'b' })
    await settle()
    expect(A.rooms.state('race')).toEqual({ winner: 'a' })
    expect(B.rooms.state('race')).toEqual({ winner: 'a' })
  })

  it('on one instance (no fan-out) a join has nothing to wait for', () => {
    const rooms = new RoomManager(clock)
    managers.push(rooms)
    expect(rooms.prepare('chat')).toBeUndefined()
  })

  it('a message that does not parse is counted and dropped', async () => {
    const hub = new LocalHub()
    const A = instance(hub, 'a')
    const B = instance(hub, 'b')
    A.rooms.join('a1', 'x', asConn(fakeConn()))
    hub.send(B.bus, JSON.stringify({ kind: 'room', roomId: 'bad name!', origin: 'b', frame: '{}' }))
    await settle()
    expect(A.bus.status().invalidMessages).toBe(1)
  })
})

describe('a shared store that lost its rooms', () => {
  it('gets the rooms held here written back when the bus is back, and a later instance reads them', async () => {
    const hub = new LocalHub()
    const A = instance(hub, 'a')
    A.rooms.join('a1', 'kept', asConn(fakeConn()), { n: 1 })
    A.rooms.setStateFromClient('kept', { n: 2 })
    await settle()
    // A Redis restarted without persistence: a fresh store.
    const fresh = new LocalHub()
    Object.defineProperty(A.bus, 'rooms', { value: fresh.rooms })
    expect(await fresh.rooms.load('kept')).toBeUndefined()
    ;(A.bus as unknown as { dispatcher: { reconnected(): void } }).dispatcher.reconnected()
    await settle()
    expect(await fresh.rooms.load('kept')).toEqual({ state: { n: 2 }, members: new Map([['a1', 'a']]) })
  })
})

describe('changes arriving while a room is read', () => {
  it('are applied after the read, in order, not lost', async () => {
    let release: (v: { state: Record<string, unknown>; members: ReadonlyMap<string, string> }) => void = () => undefined
    const fanout = {
      publish: () => undefined,
      destroyed: () => undefined,
      load: () => new Promise<{ state: Record<string, unknown>; members: ReadonlyMap<string, string> }>((resolve) => (release = resolve)),
    }
    const rooms = new RoomManager(clock, 60_000, fanout)
    managers.push(rooms)
    const loading = rooms.prepare('slow')
    rooms.applyRemote({ roomId: 'slow', origin: 'b', diff: { n: 2 } })
    rooms.applyRemote({ roomId: 'slow', origin: 'b', member: { op: 'join', componentId: 'b2' } })
    release({ state: { n: 1, kept: true }, members: new Map([['b1', 'b']]) })
    await loading
    expect(rooms.state('slow')).toEqual({ n: 2, kept: true })
    const a1 = fakeConn()
    rooms.join('a1', 'slow', asConn(a1))
    expect(rooms.isMember('a1', 'slow')).toBe(true)
    // b1 and b2 on the other instance, a1 and a2 here: four members.
    const c = fakeConn()
    rooms.join('a2', 'slow', asConn(c))
    expect(JSON.parse(a1.frames.at(-1) ?? '{}')).toMatchObject({ data: { subscriberId: 'a2', count: 4 } })
  })
})
