import { describe, expect, it } from 'vitest'
import {
  DEFAULT_FRAME_LIMITS,
  PARSE_ERRORS,
  answerForFailure,
  batchTooLargeError,
  parseClientFrame,
  parseServerFrame,
  tooDeepError,
  type MessageFailure,
} from '@/lib/live/protocol'
import { MAX_NESTING, nestedDeeperThan } from '@/lib/json/nesting'

describe('parseClientFrame: frame-level outcomes', () => {
  const cases: Array<[string, string, unknown]> = [
    ['malformed JSON', '{"type":"PING"', { ok: false, error: 'Invalid JSON' }],
    ['empty text', '', { ok: false, error: 'Invalid JSON' }],
    ['empty array', '[]', { ok: false, error: 'Empty batch' }],
    ['array too long', JSON.stringify(Array.from({ length: 33 }, () => ({ type: 'PING' }))), { ok: false, error: 'Batch too large (max 32 messages)' }],
    ['frame too large', JSON.stringify({ type: 'PING', pad: 'x'.repeat(64 * 1024) }), { ok: false, error: 'Message too large' }],
    ['single message', '{"type":"PING"}', { ok: true, batched: false, messages: [{ ok: true, message: { type: 'PING' } }] }],
    ['not an object', '42', { ok: true, batched: false, messages: [{ ok: false, kind: 'invalid', error: 'Invalid message: expected an object' }] }],
    ['null', 'null', { ok: true, batched: false, messages: [{ ok: false, kind: 'invalid', error: 'Invalid message: expected an object' }] }],
  ]
  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseClientFrame(text)).toEqual(expected)
  })

  it('accepts a batch at the cap and honours custom limits', () => {
    const at = JSON.stringify(Array.from({ length: 32 }, () => ({ type: 'PING' })))
    const frame = parseClientFrame(at)
    expect(frame.ok && frame.messages.length).toBe(32)
    expect(parseClientFrame('[{"type":"PING"},{"type":"PING"}]', { ...DEFAULT_FRAME_LIMITS, maxBatch: 1 }))
      .toEqual({ ok: false, error: batchTooLargeError(1) })
    expect(parseClientFrame('{"type":"PING"}', { maxBatch: 1, maxFrameChars: 5 })).toEqual({ ok: false, error: PARSE_ERRORS.tooLarge })
  })
})

describe('parseClientFrame: per-message results in a batch', () => {
  it('answers each bad message alone while the others proceed', () => {
    const frame = parseClientFrame(JSON.stringify([
      { type: 'CALL_ACTION', componentId: 'c1', action: 'go', requestId: 'a' },
      { type: 'CALL_ACTION', componentId: 'c1', requestId: 'b' },
      { type: 'DROP_TABLES', requestId: 'c', componentId: 'c9' },
      7,
      { type: 'PING' },
    ]))
    expect(frame).toEqual({
      ok: true,
      batched: true,
      messages: [
        { ok: true, message: { type: 'CALL_ACTION', componentId: 'c1', action: 'go', requestId: 'a' } },
        { ok: false, kind: 'invalid', error: 'Invalid message: action is required', type: 'CALL_ACTION', requestId: 'b', componentId: 'c1' },
        { ok: false, kind: 'unknown-type', error: 'Unknown message type', type: 'DROP_TABLES', requestId: 'c', componentId: 'c9' },
        { ok: false, kind: 'invalid', error: 'Invalid message: expected an object' },
        { ok: true, message: { type: 'PING' } },
      ],
    })
  })

  it('does not echo ids that are not sane strings', () => {
    const frame = parseClientFrame(JSON.stringify({ type: 'NOPE', requestId: 'x'.repeat(200), componentId: 'a\u0000b' }))
    expect(frame).toEqual({ ok: true, batched: false, messages: [{ ok: false, kind: 'unknown-type', error: 'Unknown message type', type: 'NOPE' }] })
  })
})

describe('nesting limit', () => {
  const nested = (levels: number) => {
    let payload: unknown = 'x'
    for (let i = 0; i < levels; i++) payload = { a: payload }
    return JSON.stringify({ type: 'CALL_ACTION', componentId: 'c1', action: 'go', requestId: 'r1', payload })
  }
  it('accepts a message nested up to MAX_NESTING levels and refuses one deeper, alone in its batch', () => {
    // The message object is level 1, so its payload may hold MAX_NESTING - 1 levels.
    const ok = parseClientFrame(nested(MAX_NESTING - 1))
    expect(ok.ok && ok.messages[0]?.ok).toBe(true)
    const deep = parseClientFrame(`[${nested(MAX_NESTING)},{"type":"PING"}]`)
    expect(deep).toEqual({ ok: true, batched: true, messages: [
      { ok: false, kind: 'invalid', error: tooDeepError(MAX_NESTING), type: 'CALL_ACTION', requestId: 'r1', componentId: 'c1' },
      { ok: true, message: { type: 'PING' } },
    ] })
  })
  it('walks arrays too, without recursion (a 20,000-level frame is refused, not a crash)', () => {
    const text = `{"type":"CALL_ACTION","componentId":"c1","action":"go","payload":${'['.repeat(20000)}${']'.repeat(20000)}}`
    const r = parseClientFrame(text)
    expect(r.ok && r.messages[0]).toMatchObject({ ok: false, error: tooDeepError(MAX_NESTING) })
    expect(nestedDeeperThan([[[]]], 3)).toBe(false)
    expect(nestedDeeperThan([[[[]]]], 3)).toBe(true)
  })
  it('server frames (read by the tester) are not limited', () => {
    const r = parseServerFrame(JSON.stringify({ type: 'STATE_UPDATE', componentId: 'c', payload: { state: JSON.parse(nested(100)) as Record<string, unknown> } }))
    expect(r.ok && r.messages[0]?.ok).toBe(true)
  })
})

describe('answers to refused messages', () => {
  const cases: Array<[string, MessageFailure, unknown]> = [
    ['unknown type, the spec shape', { ok: false, kind: 'unknown-type', error: 'Unknown message type' },
      { type: 'MESSAGE_RESPONSE', success: false, error: 'Unknown message type' }],
    ['unknown type with ids', { ok: false, kind: 'unknown-type', error: 'Unknown message type', requestId: 'r', componentId: 'c' },
      { type: 'MESSAGE_RESPONSE', success: false, error: 'Unknown message type', requestId: 'r', componentId: 'c' }],
    ['invalid message', { ok: false, kind: 'invalid', error: 'Invalid message: action is required', requestId: 'r' },
      { type: 'ERROR', error: 'Invalid message: action is required', requestId: 'r' }],
  ]
  it.each(cases)('%s', (_name, failure, answer) => {
    expect(answerForFailure(failure)).toEqual(answer)
  })

  it('the unknown-type answer is byte-exact JSON', () => {
    const frame = parseClientFrame('{"type":"WHAT"}')
    const failure = frame.ok ? frame.messages[0] : undefined
    if (failure === undefined || failure.ok) throw new Error('expected a failure')
    expect(JSON.stringify(answerForFailure(failure))).toBe('{"type":"MESSAGE_RESPONSE","success":false,"error":"Unknown message type"}')
  })
})

describe('hostile input never pollutes prototypes', () => {
  const hostile: string[] = [
    '{"type":"AUTH","payload":{"__proto__":{"polluted":1},"token":"t"}}',
    '{"type":"COMPONENT_MOUNT","payload":{"component":"A","props":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}}',
    '{"type":"PROPERTY_UPDATE","componentId":"c","property":"__proto__","payload":{"value":{"polluted":1}}}',
    '{"type":"CALL_ACTION","componentId":"c","action":"constructor","payload":{"__proto__":{"polluted":1}}}',
    '[{"__proto__":{"polluted":1},"type":"PING"},{"type":"ROOM_STATE_SET","componentId":"c","roomId":"r","payload":{"state":{"__proto__":{"polluted":1}}}}]',
    '{"__proto__":{"type":"PING"}}',
  ]
  it.each(hostile)('%s', (text) => {
    const frame = parseClientFrame(text)
    expect(frame.ok).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    if (!frame.ok) return
    for (const result of frame.messages) {
      if (!result.ok) continue
      expect(Object.getPrototypeOf(result.message)).toBe(Object.prototype)
      expect((result.message as Record<string, unknown>).polluted).toBeUndefined()
    }
  })

  it('a message whose only type is inherited through __proto__ has no type', () => {
    const frame = parseClientFrame('{"__proto__":{"type":"PING"}}')
    expect(frame).toMatchObject({ ok: true, messages: [{ ok: false, error: 'Invalid message: type is required' }] })
  })
})
