/**
 * Pins `lib/live/server/send-queue.ts` to FluxStack Live's send batcher
 * (transport/WsSendBatcher.ts at fluxstack-live@d8538f75). The text of one flush: a single
 * queued item goes out as itself (a bare object, never a one-element array); several strings as
 * `[s1,s2]` verbatim; several objects as one JSON array after STATE_DELTA merging; a mix as
 * objects first (merged) then the pre-serialized strings. STATE_DELTAs of one component merge
 * into the first one's slot: `{...first, payload: {delta: deepMerge}, timestamp: later.timestamp}`,
 * later plain objects merged into earlier ones and everything else last-write-wins. Queue
 * semantics: everything queued in one synchronous run (on any queue) leaves in one microtask
 * flush that runs before `await` continuations scheduled later in that run; `immediate` flushes
 * the queue synchronously and then sends its message alone; a closed sink drops at push and at
 * flush; at MAX_QUEUE_SIZE (1000) the oldest item is dropped and the overflow hook runs once per
 * drop; an unserializable item drops its whole batch; `flushAllQueues` makes the batch boundary now.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_QUEUE_SIZE, SendQueue, batchText, deduplicateDeltas, flushAllQueues, type Outgoing } from '@/lib/live/server/send-queue'

interface FakeSink {
  open: boolean
  readonly texts: string[]
  sendText(text: string): void
}
function fakeSink(open = true): FakeSink {
  const texts: string[] = []
  return { open, texts, sendText: (text) => void texts.push(text) }
}
function queue(open = true) {
  const sink = fakeSink(open)
  const onOverflow = vi.fn()
  return { sink, onOverflow, q: new SendQueue(sink, onOverflow) }
}
/** Lets the batcher's microtask run (it was queued before this continuation). */
const tick = () => Promise.resolve()

const delta = (componentId: string, d: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'STATE_DELTA', componentId, payload: { delta: d }, ...extra })
const ev = (n: number) => ({ type: 'EVENT', n })

afterEach(async () => {
  // Nothing queued by one test may leak into the next one's flush.
  flushAllQueues()
  await tick()
})

describe('batchText', () => {
  const S1 = '{"componentId":"m1","type":"ROOM_EVENT"}'
  const S2 = '{ "spaced" : true }'
  const rows: ReadonlyArray<readonly [name: string, items: Outgoing[], text: string]> = [
    ['one object: a bare object', [ev(1)], '{"type":"EVENT","n":1}'],
    ['one string: verbatim', [S2], S2],
    ['one delta: a bare object', [delta('a', { x: 1 })], '{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1}}}'],
    ['strings only: joined verbatim', [S1, S2], `[${S1},${S2}]`],
    ['objects only: a JSON array', [ev(1), ev(2)], '[{"type":"EVENT","n":1},{"type":"EVENT","n":2}]'],
    ['mixed: objects first, then strings, each in queue order', [S1, ev(1), S2, ev(2)], `[{"type":"EVENT","n":1},{"type":"EVENT","n":2},${S1},${S2}]`],
    ['the library example: three setStates in one tick',
      [delta('ID', { a: 1 }), delta('ID', { b: { x: 1 } }), delta('ID', { b: { y: 2 } })],
      '[{"type":"STATE_DELTA","componentId":"ID","payload":{"delta":{"a":1,"b":{"x":1,"y":2}}}}]'],
    ['a merge into the first slot keeps the others in order',
      [delta('a', { x: 1 }), ev(1), delta('a', { y: 2 }), ev(2)],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1,"y":2}}},{"type":"EVENT","n":1},{"type":"EVENT","n":2}]'],
    ['components merge separately',
      [delta('a', { x: 1 }), delta('b', { x: 1 }), delta('a', { x: 2 }), delta('b', { y: 1 })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":2}}},{"type":"STATE_DELTA","componentId":"b","payload":{"delta":{"x":1,"y":1}}}]'],
    ['mixed with a merge: the merged delta leads, strings after',
      [S1, delta('a', { x: 1 }), ev(1), S2, delta('a', { x: 3 })],
      `[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":3}}},{"type":"EVENT","n":1},${S1},${S2}]`],
    ['userId and room kept, the later timestamp appended',
      [delta('a', { x: 1 }, { userId: 'u', room: 'r', timestamp: 1 }), delta('a', { y: 1 }, { timestamp: 2 })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1,"y":1}},"userId":"u","room":"r","timestamp":2}]'],
    ['a later delta without timestamp drops the first one\'s',
      [delta('a', { x: 1 }, { timestamp: 1 }), delta('a', { y: 1 })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1,"y":1}}}]'],
    ['other payload keys are dropped by a merge',
      [{ type: 'STATE_DELTA', componentId: 'a', payload: { delta: { x: 1 }, extra: 1 } }, delta('a', { y: 1 })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1,"y":1}}}]'],
    ['...but kept without one',
      [{ type: 'STATE_DELTA', componentId: 'a', payload: { delta: { x: 1 }, extra: 1 } }, delta('b', { y: 1 })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1},"extra":1}},{"type":"STATE_DELTA","componentId":"b","payload":{"delta":{"y":1}}}]'],
    ['deep merge: plain objects merge, null and arrays replace, new keys appended',
      [delta('a', { x: 1, o: { p: 1, q: { r: 1 } }, l: [1], m: { k: 1 } }), delta('a', { o: { q: { s: 2 } }, l: [2], x: null, m: [0], n: 1 })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":null,"o":{"p":1,"q":{"r":1,"s":2}},"l":[2],"m":[0],"n":1}}}]'],
    ['a later object replaces an earlier primitive',
      [delta('a', { o: 1 }), delta('a', { o: { z: 1 } })],
      '[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"o":{"z":1}}}}]'],
  ]
  it.each(rows)('%s', (_name, items, text) => {
    expect(batchText(items)).toBe(text)
  })

  const notMerged: ReadonlyArray<readonly [string, object[]]> = [
    ['empty componentId', [delta('', { x: 1 }), delta('', { y: 1 })]],
    ['another type', [{ type: 'STATE_UPDATE', componentId: 'a', payload: { delta: { x: 1 } } }, { type: 'STATE_UPDATE', componentId: 'a', payload: { delta: { y: 1 } } }]],
    ['delta is an array', [{ type: 'STATE_DELTA', componentId: 'a', payload: { delta: [1] } }, delta('a', { y: 1 })]],
    ['delta is null', [{ type: 'STATE_DELTA', componentId: 'a', payload: { delta: null } }, delta('a', { y: 1 })]],
    ['payload is missing', [{ type: 'STATE_DELTA', componentId: 'a' }, delta('a', { y: 1 })]],
    ['no repeated componentId', [delta('a', { x: 1 }), delta('b', { x: 1 })]],
  ]
  it.each(notMerged)('does not merge when %s', (_name, items) => {
    expect(batchText(items)).toBe(JSON.stringify(items))
  })

  it('does not mutate the queued messages', () => {
    const first = delta('a', { o: { p: 1 } }, { timestamp: 1 })
    const second = delta('a', { o: { q: 2 } }, { timestamp: 2 })
    const snapshot = JSON.stringify([first, second])
    batchText([first, second])
    expect(JSON.stringify([first, second])).toBe(snapshot)
  })

  it('deduplicateDeltas leaves unrelated messages as the same objects', () => {
    const x = ev(1)
    const d1 = delta('a', { x: 1 })
    const out = deduplicateDeltas([d1, x, delta('a', { y: 1 })])
    expect(out).toHaveLength(2)
    expect(out[1]).toBe(x)
    expect(out[0]).not.toBe(d1)
  })

  it('throws on an unserializable object (the queue catches it)', () => {
    expect(() => batchText([{ n: 1n }])).toThrow()
  })
})

describe('SendQueue: microtask flush', () => {
  it('sends nothing synchronously and one frame after the microtask', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    expect(sink.texts).toEqual([])
    expect(q.size).toBe(1)
    await tick()
    expect(sink.texts).toEqual(['{"type":"EVENT","n":1}'])
    expect(q.size).toBe(0)
  })

  it('groups everything queued in one synchronous run into one frame', async () => {
    const { sink, q } = queue()
    q.push(delta('a', { n: 1 }))
    q.push('{"componentId":"a","type":"ROOM_EVENT"}')
    q.push(delta('a', { m: 2 }))
    await tick()
    expect(sink.texts).toEqual(['[{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"n":1,"m":2}}},{"componentId":"a","type":"ROOM_EVENT"}]'])
  })

  it('flushes every queue of the run in the same microtask, one frame each', async () => {
    const one = queue()
    const two = queue()
    one.q.push(ev(1))
    two.q.push(ev(2))
    one.q.push(ev(3))
    await tick()
    expect(one.sink.texts).toEqual(['[{"type":"EVENT","n":1},{"type":"EVENT","n":3}]'])
    expect(two.sink.texts).toEqual(['{"type":"EVENT","n":2}'])
  })

  it('runs before await continuations scheduled later in the same run', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    const seen = Promise.resolve().then(() => [...sink.texts])
    q.push(ev(2))
    expect(await seen).toEqual(['[{"type":"EVENT","n":1},{"type":"EVENT","n":2}]'])
  })

  it('makes a new frame for pushes after the flush', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    await tick()
    q.push(ev(2))
    await new Promise<void>((resolve) => queueMicrotask(resolve))
    expect(sink.texts).toEqual(['{"type":"EVENT","n":1}', '{"type":"EVENT","n":2}'])
  })

  it('flush() sends now, and nothing when empty', async () => {
    const { sink, q } = queue()
    q.flush()
    expect(sink.texts).toEqual([])
    q.push(ev(1))
    q.push(ev(2))
    q.flush()
    expect(sink.texts).toEqual(['[{"type":"EVENT","n":1},{"type":"EVENT","n":2}]'])
    await tick()
    expect(sink.texts).toHaveLength(1)
  })

  it('drops the whole batch when an item cannot be serialized, then carries on', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    q.push({ big: 1n })
    await tick()
    expect(sink.texts).toEqual([])
    expect(q.size).toBe(0)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    q.push(circular)
    await tick()
    expect(sink.texts).toEqual([])
    q.push(ev(2))
    await tick()
    expect(sink.texts).toEqual(['{"type":"EVENT","n":2}'])
  })
})

describe('SendQueue: immediate', () => {
  it('flushes the queue first, then sends the message alone', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    q.push(ev(2))
    q.immediate({ type: 'ACTION_RESPONSE', success: true })
    expect(sink.texts).toEqual(['[{"type":"EVENT","n":1},{"type":"EVENT","n":2}]', '{"type":"ACTION_RESPONSE","success":true}'])
    await tick()
    expect(sink.texts).toHaveLength(2)
  })

  it('sends alone when nothing is queued; strings verbatim', () => {
    const { sink, q } = queue()
    q.immediate('{ "pre" : 1 }')
    expect(sink.texts).toEqual(['{ "pre" : 1 }'])
  })

  it('never merges its message with a queued delta', () => {
    const { sink, q } = queue()
    q.push(delta('a', { x: 1 }))
    q.immediate(delta('a', { y: 1 }))
    expect(sink.texts).toEqual([
      '{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1}}}',
      '{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"y":1}}}',
    ])
  })

  it('leaves later pushes to the scheduled flush', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    q.immediate(ev(2))
    q.push(ev(3))
    await tick()
    expect(sink.texts).toEqual(['{"type":"EVENT","n":1}', '{"type":"EVENT","n":2}', '{"type":"EVENT","n":3}'])
  })

  it('flushes only its own queue', async () => {
    const one = queue()
    const two = queue()
    two.q.push(ev(1))
    one.q.immediate(ev(2))
    expect(two.sink.texts).toEqual([])
    await tick()
    expect(two.sink.texts).toEqual(['{"type":"EVENT","n":1}'])
  })
})

describe('SendQueue: closed sink', () => {
  it('drops pushes while closed', async () => {
    const { sink, q } = queue(false)
    q.push(ev(1))
    expect(q.size).toBe(0)
    await tick()
    expect(sink.texts).toEqual([])
  })

  it('drops what was queued when the sink closed before the flush', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    sink.open = false
    await tick()
    expect(q.size).toBe(0)
    sink.open = true
    q.push(ev(2))
    await tick()
    expect(sink.texts).toEqual(['{"type":"EVENT","n":2}'])
  })

  it('immediate on a closed sink sends nothing and does not flush', async () => {
    const { sink, q } = queue()
    q.push(ev(1))
    sink.open = false
    q.immediate(ev(2))
    expect(sink.texts).toEqual([])
    expect(q.size).toBe(1)
    await tick()
    expect(sink.texts).toEqual([])
    expect(q.size).toBe(0)
  })
})

describe('SendQueue: overflow', () => {
  it('holds MAX_QUEUE_SIZE (1000) items without dropping', async () => {
    expect(MAX_QUEUE_SIZE).toBe(1000)
    const { sink, q, onOverflow } = queue()
    for (let i = 0; i < MAX_QUEUE_SIZE; i++) q.push(`{"i":${i}}`)
    expect(q.size).toBe(1000)
    expect(onOverflow).not.toHaveBeenCalled()
    await tick()
    expect((JSON.parse(sink.texts[0] ?? '[]') as unknown[]).length).toBe(1000)
  })

  it('drops the oldest item and calls onOverflow once per drop', async () => {
    const { sink, q, onOverflow } = queue()
    for (let i = 0; i < MAX_QUEUE_SIZE + 5; i++) q.push(`{"i":${i}}`)
    expect(q.size).toBe(MAX_QUEUE_SIZE)
    expect(onOverflow).toHaveBeenCalledTimes(5)
    await tick()
    expect(sink.texts).toHaveLength(1)
    const sent = JSON.parse(sink.texts[0] ?? '[]') as Array<{ i: number }>
    expect(sent).toHaveLength(MAX_QUEUE_SIZE)
    expect(sent[0]).toEqual({ i: 5 })
    expect(sent.at(-1)).toEqual({ i: MAX_QUEUE_SIZE + 4 })
  })

  it('counts per queue, and starts again after a flush', async () => {
    const { q, onOverflow } = queue()
    for (let i = 0; i < MAX_QUEUE_SIZE + 1; i++) q.push(ev(i))
    expect(onOverflow).toHaveBeenCalledTimes(1)
    q.flush()
    for (let i = 0; i < MAX_QUEUE_SIZE; i++) q.push(ev(i))
    expect(onOverflow).toHaveBeenCalledTimes(1)
    await tick()
  })
})

describe('flushAllQueues', () => {
  it('flushes every pending queue synchronously', async () => {
    const one = queue()
    const two = queue()
    one.q.push(ev(1))
    two.q.push(ev(2))
    two.q.push(ev(3))
    flushAllQueues()
    expect(one.sink.texts).toEqual(['{"type":"EVENT","n":1}'])
    expect(two.sink.texts).toEqual(['[{"type":"EVENT","n":2},{"type":"EVENT","n":3}]'])
    await tick()
    expect(one.sink.texts).toHaveLength(1)
    expect(two.sink.texts).toHaveLength(1)
  })

  it('makes a batch boundary: later pushes go out in their own frame', async () => {
    const { sink, q } = queue()
    q.push(delta('a', { x: 1 }))
    flushAllQueues()
    q.push(delta('a', { y: 1 }))
    await tick()
    await tick()
    expect(sink.texts).toEqual([
      '{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"x":1}}}',
      '{"type":"STATE_DELTA","componentId":"a","payload":{"delta":{"y":1}}}',
    ])
  })

  it('does nothing when nothing is pending', () => {
    const { sink } = queue()
    expect(() => flushAllQueues()).not.toThrow()
    expect(sink.texts).toEqual([])
  })
})
