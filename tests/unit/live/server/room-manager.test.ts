/**
 * Pins `lib/live/server/room-manager.ts` to FluxStack Live's untyped rooms
 * (rooms/LiveRoomManager.ts at fluxstack-live@d8538f75): room names must match
 * /^[a-zA-Z0-9_:.-]{1,64}$/ or the join throws the library's text; a join creates the room
 * from the joiner's `initialState` stored as is (no filtering, no copy) and an existing room
 * ignores it; `ROOM_SYSTEM $sub:join` goes to every other member (never the joiner) with the
 * member count, as a pre-serialized frame whose first key is the recipient's componentId;
 * a leave broadcasts `$sub:leave` to the remaining members even for a non-member;
 * cleanupComponent removes the component from all its rooms first, then sends one
 * `$sub:leave` per room that still has members, all with one timestamp; ROOM_EVENT excludes
 * the sender; client state writes drop top-level `$`/prototype keys, go through the deep diff
 * (depth 3) and reach the other members as `ROOM_STATE $state:update`; an oversized state
 * throws `Room state exceeds maximum size limit` and stays applied; an empty room keeps its
 * state for 5 minutes (timers never cancelled). `dropConnection` is the studio's own cleanup of
 * memberships nobody can reach any more (no upstream counterpart).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveConnection } from '@/lib/live/server/connection'
import { EMPTY_ROOM_TTL_MS, INVALID_ROOM_NAME, MAX_ROOM_STATE_SIZE, ROOM_NAME, RoomManager } from '@/lib/live/server/room-manager'
import type { Outgoing } from '@/lib/live/server/send-queue'

// ---------------------------------------------------------------------------
// A fake connection: `open` and `queue(text)` are all the room manager uses.

interface FakeConn {
  open: boolean
  readonly frames: string[]
  onQueue?: (text: string) => void
  queue(message: Outgoing): void
}
function fakeConn(): FakeConn {
  const c: FakeConn = {
    open: true,
    frames: [],
    queue(message) {
      const text = typeof message === 'string' ? message : JSON.stringify(message)
      c.frames.push(text)
      c.onQueue?.(text)
    },
  }
  return c
}
const live = (c: FakeConn) => c as unknown as LiveConnection

type Json = Record<string, unknown>
const T = 1_700_000_000_000

/** The exact ROOM_SYSTEM text a member receives. */
const sys = (to: string, event: '$sub:join' | '$sub:leave', subscriberId: string, count: number, timestamp: number, roomId = 'r') =>
  `{"componentId":"${to}","type":"ROOM_SYSTEM","roomId":"${roomId}","event":"${event}","data":{"subscriberId":"${subscriberId}","count":${count}},"timestamp":${timestamp}}`

let rooms: RoomManager
let t = T
beforeEach(() => {
  t = T
  rooms = new RoomManager(() => t, 1000)
})
afterEach(() => {
  rooms.dispose()
  vi.useRealTimers()
})

// ---------------------------------------------------------------------------

describe('room names', () => {
  it('uses the library text and pattern', () => {
    expect(INVALID_ROOM_NAME).toBe('Invalid room name. Must be 1-64 alphanumeric characters, hyphens, underscores, dots, or colons.')
    expect(ROOM_NAME.source).toBe('^[a-zA-Z0-9_:.-]{1,64}$')
  })

  it.each([
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['a space', 'a b'],
    ['a slash', 'a/b'],
    ['a trailing newline', 'room\n'],
    ['non-ASCII', 'sala-ç'],
    ['an exclamation mark', 'room!'],
    ['a quote', 'a"b'],
  ])('rejects %s', (_name, roomId) => {
    const a = fakeConn()
    expect(() => rooms.join('c1', roomId, live(a))).toThrow(new Error(INVALID_ROOM_NAME))
    expect(rooms.size).toBe(0)
    expect(rooms.isMember('c1', roomId)).toBe(false)
  })

  it.each([
    ['one character', 'a'],
    ['64 characters', 'z'.repeat(64)],
    ['every allowed symbol', 'A-z_0.9:x'],
  ])('accepts %s', (_name, roomId) => {
    expect(rooms.join('c1', roomId, live(fakeConn())).created).toBe(true)
    expect(rooms.exists(roomId)).toBe(true)
  })
})

describe('join', () => {
  it('creates the room from initialState as is: same object, no key filtering', () => {
    const initial = JSON.parse('{"$secret":1,"n":{"$deep":2},"constructor":3}') as Json
    const joined = rooms.join('c1', 'r', live(fakeConn()), initial)
    expect(joined).toEqual({ state: initial, created: true })
    expect(joined.state).toBe(initial)
    expect(rooms.state('r')).toBe(initial)
  })

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'state'],
    ['a number', 5],
  ])('starts from {} when initialState is %s', (_name, initial) => {
    expect(rooms.join('c1', 'r', live(fakeConn()), initial).state).toEqual({})
  })

  it('ignores initialState for an existing room and returns the live state', () => {
    const first = rooms.join('c1', 'r', live(fakeConn()), { n: 1 })
    const second = rooms.join('c2', 'r', live(fakeConn()), { n: 2, other: true })
    expect(second.created).toBe(false)
    expect(second.state).toBe(first.state)
    expect(rooms.state('r')).toEqual({ n: 1 })
  })

  it('tells the other members, never the joiner, with the exact pre-serialized text', () => {
    const a = fakeConn()
    const b = fakeConn()
    const c = fakeConn()
    rooms.join('A', 'r', live(a))
    expect(a.frames).toEqual([])
    t = T + 5
    rooms.join('B', 'r', live(b))
    expect(a.frames).toEqual(['{"componentId":"A","type":"ROOM_SYSTEM","roomId":"r","event":"$sub:join","data":{"subscriberId":"B","count":2},"timestamp":1700000000005}'])
    expect(b.frames).toEqual([])
    t = T + 9
    rooms.join('C', 'r', live(c))
    expect(a.frames.at(-1)).toBe(sys('A', '$sub:join', 'C', 3, T + 9))
    expect(b.frames).toEqual([sys('B', '$sub:join', 'C', 3, T + 9)])
    expect(c.frames).toEqual([])
  })

  it('frames are valid JSON with componentId first', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(fakeConn()))
    const frame = JSON.parse(a.frames[0] ?? '') as Json
    expect(Object.keys(frame)).toEqual(['componentId', 'type', 'roomId', 'event', 'data', 'timestamp'])
  })

  it('addresses each member by its own id, also on a shared connection', () => {
    const shared = fakeConn()
    rooms.join('A1', 'r', live(shared))
    rooms.join('A2', 'r', live(shared))
    rooms.join('B', 'r', live(fakeConn()))
    expect(shared.frames).toEqual([sys('A1', '$sub:join', 'A2', 2, T), sys('A1', '$sub:join', 'B', 3, T), sys('A2', '$sub:join', 'B', 3, T)])
  })

  it('re-broadcasts $sub:join with the same count on a re-join', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(fakeConn()))
    rooms.join('B', 'r', live(fakeConn()))
    expect(a.frames).toEqual([sys('A', '$sub:join', 'B', 2, T), sys('A', '$sub:join', 'B', 2, T)])
  })

  it('skips members whose connection is closed', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    a.open = false
    rooms.join('B', 'r', live(fakeConn()))
    expect(a.frames).toEqual([])
    expect(rooms.isMember('A', 'r')).toBe(true)
  })

  it('keeps rooms apart', () => {
    const a = fakeConn()
    rooms.join('A', 'r1', live(a))
    rooms.join('B', 'r2', live(fakeConn()))
    expect(a.frames).toEqual([])
    expect(rooms.isMember('A', 'r2')).toBe(false)
  })
})

describe('leave', () => {
  it('tells the remaining members with the new count', () => {
    const a = fakeConn()
    const b = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(b))
    a.frames.length = 0
    t = T + 7
    rooms.leave('B', 'r')
    expect(a.frames).toEqual([sys('A', '$sub:leave', 'B', 1, T + 7)])
    expect(b.frames).toEqual([])
    expect(rooms.isMember('B', 'r')).toBe(false)
  })

  it('broadcasts even for a non-member, count unchanged', () => {
    const a = fakeConn()
    const b = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(b))
    a.frames.length = 0
    rooms.leave('stranger', 'r')
    expect(a.frames).toEqual([sys('A', '$sub:leave', 'stranger', 2, T)])
    expect(b.frames).toEqual([sys('B', '$sub:leave', 'stranger', 2, T)])
  })

  it('does nothing for an unknown room', () => {
    expect(() => rooms.leave('A', 'nowhere')).not.toThrow()
    expect(rooms.exists('nowhere')).toBe(false)
  })

  it('sends nothing when the last member leaves', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.leave('A', 'r')
    expect(a.frames).toEqual([])
    expect(rooms.exists('r')).toBe(true)
  })
})

describe('cleanupComponent', () => {
  it('removes the component everywhere first, then one $sub:leave per occupied room', () => {
    const x = fakeConn()
    const a = fakeConn()
    const b = fakeConn()
    rooms.join('X', 'r1', live(x))
    rooms.join('X', 'r2', live(x))
    rooms.join('X', 'alone', live(x))
    rooms.join('A', 'r1', live(a))
    rooms.join('B', 'r2', live(b))
    a.frames.length = 0
    b.frames.length = 0
    x.frames.length = 0
    // Phase 1 before phase 2: when the first leave frame is queued, X is already out of r2.
    const seenInR2: boolean[] = []
    a.onQueue = () => seenInR2.push(rooms.isMember('X', 'r2'))
    rooms.cleanupComponent('X')
    expect(seenInR2).toEqual([false])
    expect(a.frames).toEqual([sys('A', '$sub:leave', 'X', 1, T, 'r1')])
    expect(b.frames).toEqual([sys('B', '$sub:leave', 'X', 1, T, 'r2')])
    expect(x.frames).toEqual([])
    for (const r of ['r1', 'r2', 'alone']) expect(rooms.isMember('X', r)).toBe(false)
  })

  it('stamps every leave of one cleanup with one timestamp', () => {
    let calls = 0
    const rm = new RoomManager(() => T + ++calls, 1000)
    try {
      const a = fakeConn()
      rm.join('X', 'r1', live(fakeConn()))
      rm.join('X', 'r2', live(fakeConn()))
      rm.join('A', 'r1', live(a))
      rm.join('A', 'r2', live(a))
      a.frames.length = 0
      rm.cleanupComponent('X')
      const stamps = a.frames.map((f) => (JSON.parse(f) as Json).timestamp)
      expect(stamps).toHaveLength(2)
      expect(new Set(stamps).size).toBe(1)
    } finally {
      rm.dispose()
    }
  })

  it('is a no-op for an unknown component, and forgets the component afterwards', () => {
    expect(() => rooms.cleanupComponent('ghost')).not.toThrow()
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('X', 'r', live(fakeConn()))
    rooms.cleanupComponent('X')
    a.frames.length = 0
    rooms.cleanupComponent('X')
    expect(a.frames).toEqual([])
  })
})

describe('emit', () => {
  it('sends ROOM_EVENT to every member but the sender', () => {
    const a = fakeConn()
    const b = fakeConn()
    const c = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(b))
    rooms.join('C', 'r', live(c))
    for (const f of [a, b, c]) f.frames.length = 0
    t = T + 3
    expect(rooms.emit('r', 'ping', { n: 1 }, 'A')).toBe(2)
    expect(a.frames).toEqual([])
    expect(b.frames).toEqual(['{"componentId":"B","type":"ROOM_EVENT","roomId":"r","event":"ping","data":{"n":1},"timestamp":1700000000003}'])
    expect(c.frames).toEqual(['{"componentId":"C","type":"ROOM_EVENT","roomId":"r","event":"ping","data":{"n":1},"timestamp":1700000000003}'])
  })

  it('reaches everyone without an exclusion, omits undefined data, counts only open members', () => {
    const a = fakeConn()
    const b = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(b))
    a.frames.length = 0
    b.open = false
    expect(rooms.emit('r', 'e', undefined)).toBe(1)
    expect(a.frames).toEqual(['{"componentId":"A","type":"ROOM_EVENT","roomId":"r","event":"e","timestamp":1700000000000}'])
  })

  it('returns 0 for an unknown room', () => {
    expect(rooms.emit('nowhere', 'e', 1)).toBe(0)
  })
})

describe('setStateFromClient', () => {
  let a: FakeConn
  let b: FakeConn
  beforeEach(() => {
    a = fakeConn()
    b = fakeConn()
    rooms.join('A', 'r', live(a), { n: 0, o: { x: 1, y: 2 } })
    rooms.join('B', 'r', live(b))
    a.frames.length = 0
  })

  it('sends the diff to the others as ROOM_STATE $state:update, never to the writer', () => {
    t = T + 4
    rooms.setStateFromClient('r', { n: 1 }, 'B')
    expect(a.frames).toEqual(['{"componentId":"A","type":"ROOM_STATE","roomId":"r","event":"$state:update","data":{"state":{"n":1}},"timestamp":1700000000004}'])
    expect(b.frames).toEqual([])
    expect(rooms.state('r')).toEqual({ n: 1, o: { x: 1, y: 2 } })
  })

  it('drops top-level $ and prototype keys, keeps nested ones', () => {
    const update = JSON.parse('{"$admin":true,"__proto__":{"polluted":1},"constructor":1,"prototype":2,"ok":{"$nested":1}}') as Json
    rooms.setStateFromClient('r', update, 'B')
    expect(rooms.state('r')).toEqual({ n: 0, o: { x: 1, y: 2 }, ok: { $nested: 1 } })
    expect(Object.getPrototypeOf(rooms.state('r'))).toBe(Object.prototype)
    expect(({} as Json).polluted).toBeUndefined()
    expect(a.frames.map((f) => (JSON.parse(f) as { data: unknown }).data)).toEqual([{ state: { ok: { $nested: 1 } } }])
  })

  it.each<[string, unknown]>([
    ['no change', { n: 0 }],
    ['only filtered keys', { $x: 1, constructor: 2 }],
    ['an unchanged nested object', { o: { x: 1, y: 2 } }],
    ['undefined values', { n: undefined }],
    ['not an object', 'state'],
    ['an array', [1]],
    ['null', null],
  ])('sends nothing for %s', (_name, update) => {
    rooms.setStateFromClient('r', update, 'B')
    expect(a.frames).toEqual([])
    expect(rooms.state('r')).toEqual({ n: 0, o: { x: 1, y: 2 } })
  })

  it.each<[string, Json, Json, Json]>([
    ['a nested removal goes out as null and is deleted', { o: { x: 1 } }, { o: { y: null } }, { n: 0, o: { x: 1 } }],
    ['a top-level null is kept as a value', { n: null }, { n: null }, { n: null, o: { x: 1, y: 2 } }],
    ['top-level keys are never removed', { z: 1 }, { z: 1 }, { n: 0, o: { x: 1, y: 2 }, z: 1 }],
    ['arrays are sent whole', { l: [1, 2] }, { l: [1, 2] }, { n: 0, o: { x: 1, y: 2 }, l: [1, 2] }],
    ['a nested change only', { o: { x: 1, y: 3 } }, { o: { y: 3 } }, { n: 0, o: { x: 1, y: 3 } }],
  ])('diff: %s', (_name, update, sent, state) => {
    rooms.setStateFromClient('r', update, 'B')
    expect(a.frames.map((f) => (JSON.parse(f) as { data: unknown }).data)).toEqual([{ state: sent }])
    expect(rooms.state('r')).toEqual(state)
  })

  it('sends an object below depth 3 whole', () => {
    rooms.setStateFromClient('r', { d: { a: { b: { c: { x: 1, y: 1 } } } } }, 'B')
    a.frames.length = 0
    rooms.setStateFromClient('r', { d: { a: { b: { c: { x: 1, y: 2 } } } } }, 'B')
    expect(a.frames.map((f) => (JSON.parse(f) as { data: unknown }).data)).toEqual([{ state: { d: { a: { b: { c: { x: 1, y: 2 } } } } } }])
  })

  it('mutates the room state in place (the object a join returned)', () => {
    const state = rooms.state('r')
    rooms.setStateFromClient('r', { n: 5, o: { x: 1 } }, 'B')
    expect(state).toEqual({ n: 5, o: { x: 1 } })
    expect(rooms.join('C', 'r', live(fakeConn())).state).toBe(state)
  })

  it('does nothing for an unknown room', () => {
    expect(() => rooms.setStateFromClient('nowhere', { n: 1 })).not.toThrow()
    expect(rooms.exists('nowhere')).toBe(false)
  })

  it('a writer that is not a member is just another excluded id', () => {
    rooms.setStateFromClient('r', { n: 2 }, 'stranger')
    expect(a.frames).toHaveLength(1)
    expect(b.frames).toHaveLength(1)
  })
})

describe('setStateFromClient: size limit', () => {
  const LIMIT_TEXT = 'Room state exceeds maximum size limit'
  const OVERHEAD = '{"big":""}'.length

  it('allows exactly MAX_ROOM_STATE_SIZE characters of JSON', () => {
    expect(MAX_ROOM_STATE_SIZE).toBe(10 * 1024 * 1024)
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(fakeConn()))
    a.frames.length = 0
    expect(() => rooms.setStateFromClient('r', { big: 'x'.repeat(MAX_ROOM_STATE_SIZE - OVERHEAD) }, 'B')).not.toThrow()
    expect(JSON.stringify(rooms.state('r'))).toHaveLength(MAX_ROOM_STATE_SIZE)
    expect(a.frames).toHaveLength(1)
  })

  it('throws past it, keeps the state applied, sends nothing, and rejects later writes until it shrinks', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(fakeConn()))
    a.frames.length = 0
    expect(() => rooms.setStateFromClient('r', { big: 'x'.repeat(MAX_ROOM_STATE_SIZE - OVERHEAD + 1) }, 'B')).toThrow(new Error(LIMIT_TEXT))
    expect((rooms.state('r').big as string).length).toBe(MAX_ROOM_STATE_SIZE - OVERHEAD + 1)
    expect(a.frames).toEqual([])
    expect(() => rooms.setStateFromClient('r', { small: 1 }, 'B')).toThrow(new Error(LIMIT_TEXT))
    expect(rooms.state('r').small).toBe(1)
    expect(a.frames).toEqual([])
    rooms.setStateFromClient('r', { big: null }, 'B')
    expect(a.frames.map((f) => (JSON.parse(f) as { data: unknown }).data)).toEqual([{ state: { big: null } }])
  })

  // LiveRoomManager.setRoomState measures precisely only on the first write and every 10th
  // one; in between it adds estimateJsonSize(changes) (8 per number), and only an estimate
  // over the limit triggers the precise recount that throws. Long numbers are under-counted,
  // so the library lets this write through and broadcasts it.
  it('lets an under-estimated write through between precise recounts (upstream estimate)', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.join('B', 'r', live(fakeConn()))
    a.frames.length = 0
    rooms.setStateFromClient('r', { first: 1 }, 'B')
    const numbers = Array.from({ length: 460_000 }, (_, i) => 1.2345678901234567e300 + i * 1e285)
    expect(JSON.stringify(numbers).length).toBeGreaterThan(MAX_ROOM_STATE_SIZE)
    expect(() => rooms.setStateFromClient('r', { numbers }, 'B')).not.toThrow()
    expect(a.frames).toHaveLength(2)
  })
})

describe('empty-room retention', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })

  it('keeps an empty room 5 minutes by default', () => {
    expect(EMPTY_ROOM_TTL_MS).toBe(5 * 60 * 1000)
    const rm = new RoomManager(() => t)
    try {
      rm.join('A', 'r', live(fakeConn()), { n: 1 })
      rm.leave('A', 'r')
      vi.advanceTimersByTime(EMPTY_ROOM_TTL_MS - 1)
      expect(rm.exists('r')).toBe(true)
      vi.advanceTimersByTime(1)
      expect(rm.exists('r')).toBe(false)
    } finally {
      rm.dispose()
    }
  })

  it('keeps the state for a re-join within the ttl, then starts over from initialState', () => {
    rooms.join('A', 'r', live(fakeConn()), { n: 1 })
    rooms.leave('A', 'r')
    vi.advanceTimersByTime(500)
    const again = rooms.join('B', 'r', live(fakeConn()), { n: 2 })
    expect(again).toEqual({ state: { n: 1 }, created: false })
    rooms.leave('B', 'r')
    vi.advanceTimersByTime(1000)
    expect(rooms.exists('r')).toBe(false)
    expect(rooms.state('r')).toEqual({})
    expect(rooms.join('C', 'r', live(fakeConn()), { n: 3 })).toEqual({ state: { n: 3 }, created: true })
  })

  it('never cancels a timer: the first one deletes a room emptied again later', () => {
    rooms.join('A', 'r', live(fakeConn()))
    rooms.leave('A', 'r') // timer 1: due at 1000
    vi.advanceTimersByTime(600)
    rooms.join('A', 'r', live(fakeConn()))
    vi.advanceTimersByTime(100)
    rooms.leave('A', 'r') // timer 2: due at 1700
    vi.advanceTimersByTime(300)
    expect(rooms.exists('r')).toBe(false)
  })

  it('keeps a room that has members again when the timer fires', () => {
    rooms.join('A', 'r', live(fakeConn()))
    rooms.leave('A', 'r')
    rooms.join('B', 'r', live(fakeConn()))
    vi.advanceTimersByTime(5000)
    expect(rooms.exists('r')).toBe(true)
  })

  it('schedules removal when cleanupComponent empties a room', () => {
    rooms.join('A', 'r', live(fakeConn()))
    rooms.cleanupComponent('A')
    expect(rooms.exists('r')).toBe(true)
    vi.advanceTimersByTime(1000)
    expect(rooms.exists('r')).toBe(false)
  })

  it('dispose clears rooms and pending timers', () => {
    rooms.join('A', 'r', live(fakeConn()))
    rooms.leave('A', 'r')
    expect(vi.getTimerCount()).toBe(1)
    rooms.dispose()
    expect(vi.getTimerCount()).toBe(0)
    expect(rooms.size).toBe(0)
  })
})

describe('dropConnection (studio only)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })

  it('silently removes every membership held through the connection', () => {
    const closed = fakeConn()
    const other = fakeConn()
    rooms.join('A', 'r1', live(closed))
    rooms.join('G', 'r1', live(closed))
    rooms.join('G', 'r2', live(closed))
    rooms.join('B', 'r1', live(other))
    other.frames.length = 0
    rooms.dropConnection(live(closed))
    expect(other.frames).toEqual([])
    for (const [id, r] of [['A', 'r1'], ['G', 'r1'], ['G', 'r2']] as const) expect(rooms.isMember(id, r)).toBe(false)
    expect(rooms.isMember('B', 'r1')).toBe(true)
    // Later counts no longer include the dropped members.
    rooms.join('C', 'r1', live(fakeConn()))
    expect(other.frames).toEqual([sys('B', '$sub:join', 'C', 2, T, 'r1')])
    // A room left empty is scheduled like any other.
    vi.advanceTimersByTime(1000)
    expect(rooms.exists('r2')).toBe(false)
    expect(rooms.exists('r1')).toBe(true)
  })

  it('forgets the component: a later cleanup sends nothing for those rooms', () => {
    const closed = fakeConn()
    const other = fakeConn()
    rooms.join('G', 'r', live(closed))
    rooms.join('B', 'r', live(other))
    rooms.dropConnection(live(closed))
    other.frames.length = 0
    rooms.cleanupComponent('G')
    expect(other.frames).toEqual([])
  })

  it('does nothing for a connection without memberships', () => {
    const a = fakeConn()
    rooms.join('A', 'r', live(a))
    rooms.dropConnection(live(fakeConn()))
    expect(rooms.isMember('A', 'r')).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })
})
