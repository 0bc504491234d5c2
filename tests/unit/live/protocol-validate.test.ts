/**
 * Pins `lib/live/protocol-validate.ts` to FluxStack Live's client-message validation
 * (packages/core/src/protocol/validation.ts at fluxstack-live@d8538f75, verbatim copy in
 * /work/shared/reference/fluxstack-live/upstream/validation.ts): every error text in the
 * library's check order (root, `missing type`, the seven envelope checks, then the per-type
 * checks), the safe envelope (only string componentId/requestId) that answers `missing type`
 * and envelope errors, the full envelope echoed for unknown types and per-type errors,
 * ROOM_* roomId taken from the top level first and `payload.roomId` second, FILE_UPLOAD_*
 * passing every field through unchecked, and the output shapes (extra fields dropped). When
 * the verbatim upstream file is present, every input of these tables is also run through it
 * and the two results must carry the same wire content.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  CLIENT_MESSAGE_TYPES,
  isRecord,
  isSignedState,
  parseClientMessage,
  type ValidationResult,
} from '@/lib/live/protocol-validate'

// ---------------------------------------------------------------------------
// The verbatim upstream module, when ../shared is around.

interface UpstreamValidation {
  parseClientMessage(raw: unknown): unknown
  isSignedState(value: unknown): boolean
}
const UPSTREAM_FILE = fileURLToPath(new URL('../../../../shared/reference/fluxstack-live/upstream/validation.ts', import.meta.url))
const HAS_UPSTREAM = existsSync(UPSTREAM_FILE)
const upstream: UpstreamValidation | null = HAS_UPSTREAM
  ? ((await import(/* @vite-ignore */ pathToFileURL(UPSTREAM_FILE).href)) as UpstreamValidation)
  : null

// ---------------------------------------------------------------------------
// Helpers and fixtures.

type Json = Record<string, unknown>
/** One table row: a raw (already JSON-parsed) message and the exact local result. */
type Row = readonly [name: string, raw: unknown, expected: unknown]

const invalid = (error: string, envelope: Json = {}) => ({ ok: false, reason: 'invalid', error, envelope })
const valid = (message: Json) => ({ ok: true, message })

const SIGNED = { data: '{"n":1}', signature: 'ab'.repeat(32), timestamp: 1_700_000_000_000, version: 1, componentId: 'c1' }

/** Every row of every table below, for the comparison with upstream. */
const CORPUS: unknown[] = []
function table(rows: readonly Row[]): readonly Row[] {
  for (const [, raw] of rows) CORPUS.push(raw)
  return rows
}

/** The wire content of a result: what JSON.stringify of the message/answer would carry. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null') as unknown
}

/** Local FILE_UPLOAD_* keeps the raw fields under `fields`; upstream spreads them at the top. */
function asUpstreamShape(result: ValidationResult): unknown {
  if (!result.ok || !('fields' in result.message)) return result
  const { fields, ...rest } = result.message
  return { ok: true, message: { ...fields, ...rest } }
}

// ---------------------------------------------------------------------------

describe('isRecord / CLIENT_MESSAGE_TYPES', () => {
  it.each([
    [{}, true],
    [Object.create(null) as object, true],
    [[], false],
    [null, false],
    ['x', false],
    [1, false],
    [undefined, false],
  ])('isRecord(%j) is %s', (value, expected) => {
    expect(isRecord(value)).toBe(expected)
  })

  it('knows exactly the 14 client message types of validation.ts', () => {
    expect([...CLIENT_MESSAGE_TYPES].sort()).toEqual([
      'AUTH', 'CALL_ACTION', 'COMPONENT_MOUNT', 'COMPONENT_REHYDRATE', 'COMPONENT_UNMOUNT',
      'FILE_UPLOAD_CHUNK', 'FILE_UPLOAD_COMPLETE', 'FILE_UPLOAD_START', 'PROPERTY_UPDATE',
      'ROOM_EMIT', 'ROOM_JOIN', 'ROOM_LEAVE', 'ROOM_STATE_GET', 'ROOM_STATE_SET',
    ])
  })
})

describe('isSignedState (validation.ts isSignedState)', () => {
  const rows: ReadonlyArray<readonly [string, unknown, boolean]> = [
    ['the minimal shape', SIGNED, true],
    ['with a string nonce', { ...SIGNED, nonce: 'n' }, true],
    ['with boolean flags', { ...SIGNED, compressed: true, encrypted: false }, true],
    ['with extra keys', { ...SIGNED, extra: [1] }, true],
    ['NaN numbers are numbers', { ...SIGNED, timestamp: Number.NaN, version: Number.NaN }, true],
    ['not an object', 'signed', false],
    ['null', null, false],
    ['an array', [SIGNED], false],
    ['data missing', { ...SIGNED, data: undefined }, false],
    ['data not a string', { ...SIGNED, data: { n: 1 } }, false],
    ['signature not a string', { ...SIGNED, signature: 1 }, false],
    ['timestamp a string', { ...SIGNED, timestamp: '1' }, false],
    ['version a string', { ...SIGNED, version: '1' }, false],
    ['componentId missing', { ...SIGNED, componentId: undefined }, false],
    ['componentId a number', { ...SIGNED, componentId: 1 }, false],
    ['nonce a number', { ...SIGNED, nonce: 1 }, false],
    ['nonce null', { ...SIGNED, nonce: null }, false],
    ['compressed a string', { ...SIGNED, compressed: 'true' }, false],
    ['compressed null', { ...SIGNED, compressed: null }, false],
    ['encrypted a number', { ...SIGNED, encrypted: 0 }, false],
  ]
  it.each(rows)('%s', (_name, value, expected) => {
    expect(isSignedState(value)).toBe(expected)
  })

  it.skipIf(!HAS_UPSTREAM)('agrees with the verbatim upstream isSignedState', () => {
    for (const [, value] of rows) expect(isSignedState(value)).toBe(upstream?.isSignedState(value))
  })
})

describe('root and missing type', () => {
  const rows = table([
    ['null', null, invalid('expected object')],
    ['an array', [{ type: 'AUTH' }], invalid('expected object')],
    ['a string', 'AUTH', invalid('expected object')],
    ['a number', 42, invalid('expected object')],
    ['a boolean', true, invalid('expected object')],
    ['no type', { componentId: 'c', requestId: 'r' }, invalid('missing type', { componentId: 'c', requestId: 'r' })],
    ['numeric type', { type: 1, componentId: 'c' }, invalid('missing type', { componentId: 'c' })],
    ['null type', { type: null, requestId: 'r' }, invalid('missing type', { requestId: 'r' })],
    ['object type', { type: { name: 'AUTH' } }, invalid('missing type')],
    // Missing type is checked before the envelope: broken ids are not reported, just not echoed.
    ['missing type wins over a bad componentId', { componentId: 5, requestId: 'r' }, invalid('missing type', { requestId: 'r' })],
    ['missing type wins over a bad requestId', { componentId: 'c', requestId: ['r'] }, invalid('missing type', { componentId: 'c' })],
    // The safe envelope echoes nothing but the two ids.
    ['other envelope fields are not echoed', { componentId: 'c', requestId: 'r', responseId: 'x', userId: 'u', room: 'rm', timestamp: 1, expectResponse: true }, invalid('missing type', { componentId: 'c', requestId: 'r' })],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('envelope checks, in order', () => {
  const CHECKS: ReadonlyArray<readonly [field: string, bad: unknown, error: string]> = [
    ['componentId', 5, 'componentId must be a string'],
    ['requestId', 5, 'requestId must be a string'],
    ['responseId', 5, 'responseId must be a string'],
    ['expectResponse', 'yes', 'expectResponse must be a boolean'],
    ['timestamp', '1', 'timestamp must be a number'],
    ['userId', 5, 'userId must be a string'],
    ['room', 5, 'room must be a string'],
  ]
  const GOOD: Json = { componentId: 'c', requestId: 'r', responseId: 'x', expectResponse: true, timestamp: 1, userId: 'u', room: 'rm' }

  // Row i: checks 0..i-1 pass, checks i..6 all fail, so the i-th text must win.
  const orderRows = table(CHECKS.map(([field, , error], i): Row => {
    const raw: Json = { type: 'CALL_ACTION', action: 'go' }
    CHECKS.forEach(([f, bad], j) => (raw[f] = j < i ? GOOD[f] : bad))
    const envelope: Json = {}
    if (i > 0) envelope.componentId = 'c'
    if (i > 1) envelope.requestId = 'r'
    return [`${field} is checked ${i === 0 ? 'first' : `after ${CHECKS[i - 1]?.[0]}`}`, raw, invalid(error, envelope)]
  }))
  it.each(orderRows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  const valueRows = table([
    ['componentId null', { type: 'AUTH', componentId: null }, invalid('componentId must be a string')],
    ['componentId object', { type: 'AUTH', componentId: {}, requestId: 'r' }, invalid('componentId must be a string', { requestId: 'r' })],
    ['requestId number, id echoed', { type: 'AUTH', componentId: 'c', requestId: 7 }, invalid('requestId must be a string', { componentId: 'c' })],
    ['responseId null', { type: 'AUTH', responseId: null }, invalid('responseId must be a string')],
    ['expectResponse 1', { type: 'AUTH', expectResponse: 1 }, invalid('expectResponse must be a boolean')],
    ['expectResponse null', { type: 'AUTH', expectResponse: null }, invalid('expectResponse must be a boolean')],
    ['expectResponse "true"', { type: 'AUTH', expectResponse: 'true' }, invalid('expectResponse must be a boolean')],
    ['timestamp null', { type: 'AUTH', timestamp: null }, invalid('timestamp must be a number')],
    ['timestamp array', { type: 'AUTH', timestamp: [1] }, invalid('timestamp must be a number')],
    ['userId boolean', { type: 'AUTH', userId: false }, invalid('userId must be a string')],
    ['room object', { type: 'AUTH', room: { id: 'x' } }, invalid('room must be a string')],
    // Envelope errors come before the type lookup and before any per-type check.
    ['before the unknown-type answer', { type: 'NOPE', timestamp: 'x', componentId: 'c' }, invalid('timestamp must be a number', { componentId: 'c' })],
    ['on FILE_UPLOAD_* too', { type: 'FILE_UPLOAD_CHUNK', requestId: 7, componentId: 'c' }, invalid('requestId must be a string', { componentId: 'c' })],
    ['before a per-type error', { type: 'CALL_ACTION', room: 1 }, invalid('room must be a string')],
  ])
  it.each(valueRows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  it('accepts every envelope field in its type (NaN is a number)', () => {
    const r = parseClientMessage({ type: 'AUTH', ...GOOD, timestamp: Number.NaN, expectResponse: false })
    expect(r).toStrictEqual(valid({ ...GOOD, timestamp: Number.NaN, expectResponse: false, type: 'AUTH' }))
  })
})

describe('unknown types', () => {
  const FULL: Json = { componentId: 'c', requestId: 'r', responseId: 'x', expectResponse: false, timestamp: 9, userId: 'u', room: 'rm' }
  const rows = table([
    ['PING (handled before validation by the server)', { type: 'PING' }, { ok: false, reason: 'unknown-type', type: 'PING', envelope: {} }],
    ['empty string', { type: '', requestId: 'r' }, { ok: false, reason: 'unknown-type', type: '', envelope: { requestId: 'r' } }],
    ['lower case', { type: 'call_action', componentId: 'c' }, { ok: false, reason: 'unknown-type', type: 'call_action', envelope: { componentId: 'c' } }],
    ['a server message type', { type: 'STATE_DELTA' }, { ok: false, reason: 'unknown-type', type: 'STATE_DELTA', envelope: {} }],
    ['an Object.prototype name', { type: 'constructor' }, { ok: false, reason: 'unknown-type', type: 'constructor', envelope: {} }],
    ['__proto__', { type: '__proto__' }, { ok: false, reason: 'unknown-type', type: '__proto__', envelope: {} }],
    // The full envelope (all seven fields) is echoed, nothing else.
    ['full envelope, other fields dropped', { type: 'NOPE', ...FULL, action: 'a', payload: { x: 1 } }, { ok: false, reason: 'unknown-type', type: 'NOPE', envelope: FULL }],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('COMPONENT_MOUNT', () => {
  const M = (payload?: unknown, extra: Json = {}) => ({ type: 'COMPONENT_MOUNT', ...extra, ...(payload === undefined ? {} : { payload }) })
  const ENV: Json = { componentId: 'c', requestId: 'r', responseId: 'x', userId: 'u', room: 'rm', timestamp: 3, expectResponse: true }
  const rows = table([
    ['no payload', M(), invalid('COMPONENT_MOUNT requires payload')],
    ['payload null', M(null), invalid('COMPONENT_MOUNT requires payload')],
    ['payload array', M([{ component: 'X' }]), invalid('COMPONENT_MOUNT requires payload')],
    ['payload string', M('X'), invalid('COMPONENT_MOUNT requires payload')],
    ['component missing', M({}), invalid('payload.component must be a string')],
    ['component number', M({ component: 1 }), invalid('payload.component must be a string')],
    ['props array', M({ component: 'X', props: [] }), invalid('payload.props must be an object')],
    ['props null', M({ component: 'X', props: null }), invalid('payload.props must be an object')],
    ['props string', M({ component: 'X', props: 'p' }), invalid('payload.props must be an object')],
    ['room number', M({ component: 'X', room: 1 }), invalid('payload.room must be a string')],
    ['userId number', M({ component: 'X', userId: 1 }), invalid('payload.userId must be a string')],
    ['debugLabel number', M({ component: 'X', debugLabel: 1 }), invalid('payload.debugLabel must be a string')],
    // Check order: every field after the first failing one is broken too.
    ['component before props', M({ component: 1, props: [], room: 1, userId: 1, debugLabel: 1 }), invalid('payload.component must be a string')],
    ['props before room', M({ component: 'X', props: [], room: 1, userId: 1, debugLabel: 1 }), invalid('payload.props must be an object')],
    ['room before userId', M({ component: 'X', room: 1, userId: 1, debugLabel: 1 }), invalid('payload.room must be a string')],
    ['userId before debugLabel', M({ component: 'X', userId: 1, debugLabel: 1 }), invalid('payload.userId must be a string')],
    // Per-type errors echo the full envelope.
    ['per-type error echoes the full envelope', M({}, ENV), invalid('payload.component must be a string', ENV)],
    ['minimal, no componentId needed', M({ component: 'Counter' }), valid({ type: 'COMPONENT_MOUNT', payload: { component: 'Counter' } })],
    ['all fields; extra payload and top-level fields dropped', M({ component: 'Counter', props: { a: 1 }, room: 'r1', userId: 'u1', debugLabel: 'd', signedState: SIGNED, x: 1 }, { ...ENV, action: 'a', extra: true }),
      valid({ ...ENV, type: 'COMPONENT_MOUNT', payload: { component: 'Counter', props: { a: 1 }, room: 'r1', userId: 'u1', debugLabel: 'd' } })],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  it('passes props through by reference', () => {
    const props = { nested: { deep: [1] } }
    const r = parseClientMessage(M({ component: 'X', props }))
    expect(r.ok && r.message.type === 'COMPONENT_MOUNT' && r.message.payload.props).toBe(props)
  })
})

describe('COMPONENT_UNMOUNT', () => {
  const rows = table([
    ['componentId missing', { type: 'COMPONENT_UNMOUNT', requestId: 'r' }, invalid('componentId is required', { requestId: 'r' })],
    ['no payload: no payload key', { type: 'COMPONENT_UNMOUNT', componentId: 'c' }, valid({ componentId: 'c', type: 'COMPONENT_UNMOUNT' })],
    ['any payload passes through', { type: 'COMPONENT_UNMOUNT', componentId: 'c', payload: 'bye' }, valid({ componentId: 'c', type: 'COMPONENT_UNMOUNT', payload: 'bye' })],
    ['null payload is kept', { type: 'COMPONENT_UNMOUNT', componentId: 'c', payload: null }, valid({ componentId: 'c', type: 'COMPONENT_UNMOUNT', payload: null })],
    ['extra fields dropped', { type: 'COMPONENT_UNMOUNT', componentId: 'c', action: 'x', roomId: 'r' }, valid({ componentId: 'c', type: 'COMPONENT_UNMOUNT' })],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('COMPONENT_REHYDRATE', () => {
  const R = (payload?: unknown, extra: Json = { componentId: 'old' }) => ({ type: 'COMPONENT_REHYDRATE', ...extra, ...(payload === undefined ? {} : { payload }) })
  const rows = table([
    ['componentId missing', R({ component: 'X', signedState: SIGNED }, {}), invalid('componentId is required')],
    ['componentId before payload', R(undefined, { requestId: 'r' }), invalid('componentId is required', { requestId: 'r' })],
    ['no payload', R(), invalid('COMPONENT_REHYDRATE requires payload', { componentId: 'old' })],
    ['payload array', R([]), invalid('COMPONENT_REHYDRATE requires payload', { componentId: 'old' })],
    ['component missing', R({ signedState: SIGNED }), invalid('payload.component must be a string', { componentId: 'old' })],
    ['component before signedState', R({ component: 1, signedState: 1 }), invalid('payload.component must be a string', { componentId: 'old' })],
    ['signedState missing', R({ component: 'X' }), invalid('payload.signedState is malformed', { componentId: 'old' })],
    ['signedState bad nonce', R({ component: 'X', signedState: { ...SIGNED, nonce: 1 } }), invalid('payload.signedState is malformed', { componentId: 'old' })],
    ['signedState before room', R({ component: 'X', signedState: {}, room: 1 }), invalid('payload.signedState is malformed', { componentId: 'old' })],
    ['room number', R({ component: 'X', signedState: SIGNED, room: 1, userId: 1 }), invalid('payload.room must be a string', { componentId: 'old' })],
    ['userId number', R({ component: 'X', signedState: SIGNED, userId: 1 }), invalid('payload.userId must be a string', { componentId: 'old' })],
    ['valid, extra payload fields dropped', R({ component: 'X', signedState: SIGNED, room: 'r1', userId: 'u', props: { a: 1 }, debugLabel: 'd' }, { componentId: 'old', requestId: 'q' }),
      valid({ componentId: 'old', requestId: 'q', type: 'COMPONENT_REHYDRATE', payload: { component: 'X', signedState: SIGNED, room: 'r1', userId: 'u' } })],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  it('keeps the signed state object as sent (extra keys included)', () => {
    const signedState = { ...SIGNED, compressed: false, extra: 'kept' }
    const r = parseClientMessage(R({ component: 'X', signedState }))
    expect(r.ok && r.message.type === 'COMPONENT_REHYDRATE' && r.message.payload.signedState).toBe(signedState)
  })
})

describe('CALL_ACTION', () => {
  const rows = table([
    ['componentId missing', { type: 'CALL_ACTION', action: 'go' }, invalid('componentId is required')],
    ['componentId before action', { type: 'CALL_ACTION', requestId: 'r' }, invalid('componentId is required', { requestId: 'r' })],
    ['action missing', { type: 'CALL_ACTION', componentId: 'c' }, invalid('action must be a string', { componentId: 'c' })],
    ['action number', { type: 'CALL_ACTION', componentId: 'c', action: 1 }, invalid('action must be a string', { componentId: 'c' })],
    ['action null', { type: 'CALL_ACTION', componentId: 'c', action: null }, invalid('action must be a string', { componentId: 'c' })],
    ['action name in payload is not enough', { type: 'CALL_ACTION', componentId: 'c', payload: { action: 'go' } }, invalid('action must be a string', { componentId: 'c' })],
    ['no payload: no payload key', { type: 'CALL_ACTION', componentId: 'c', action: 'go' }, valid({ componentId: 'c', type: 'CALL_ACTION', action: 'go' })],
    ['any payload passes through', { type: 'CALL_ACTION', componentId: 'c', action: 'go', payload: [1, 'x'] }, valid({ componentId: 'c', type: 'CALL_ACTION', action: 'go', payload: [1, 'x'] })],
    ['empty action name is a string', { type: 'CALL_ACTION', componentId: 'c', action: '' }, valid({ componentId: 'c', type: 'CALL_ACTION', action: '' })],
    ['envelope kept, extras dropped', { type: 'CALL_ACTION', componentId: 'c', action: 'go', requestId: 'r', expectResponse: true, property: 'p', extra: 1 },
      valid({ componentId: 'c', requestId: 'r', expectResponse: true, type: 'CALL_ACTION', action: 'go' })],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('PROPERTY_UPDATE', () => {
  const rows = table([
    ['componentId missing', { type: 'PROPERTY_UPDATE', property: 'p', payload: { value: 1 } }, invalid('componentId is required')],
    ['property missing', { type: 'PROPERTY_UPDATE', componentId: 'c', payload: { value: 1 } }, invalid('property must be a string', { componentId: 'c' })],
    ['property before payload', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 1 }, invalid('property must be a string', { componentId: 'c' })],
    ['no payload', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p' }, invalid('PROPERTY_UPDATE requires payload.value', { componentId: 'c' })],
    ['payload null', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p', payload: null }, invalid('PROPERTY_UPDATE requires payload.value', { componentId: 'c' })],
    ['payload array', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p', payload: [1] }, invalid('PROPERTY_UPDATE requires payload.value', { componentId: 'c' })],
    ['payload a bare value', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p', payload: 5 }, invalid('PROPERTY_UPDATE requires payload.value', { componentId: 'c' })],
    ['value kept, other payload keys dropped', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p', payload: { value: { x: 1 }, extra: 2 } },
      valid({ componentId: 'c', type: 'PROPERTY_UPDATE', property: 'p', payload: { value: { x: 1 } } })],
    // `value` itself is not required: an empty payload object passes with value undefined.
    ['empty payload object passes', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p', payload: {} },
      valid({ componentId: 'c', type: 'PROPERTY_UPDATE', property: 'p', payload: { value: undefined } })],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('AUTH', () => {
  const rows = table([
    ['no payload', { type: 'AUTH' }, valid({ type: 'AUTH' })],
    ['payload object, no componentId needed', { type: 'AUTH', requestId: 'r', payload: { token: 't', extra: 1 } }, valid({ requestId: 'r', type: 'AUTH', payload: { token: 't', extra: 1 } })],
    ['payload string', { type: 'AUTH', payload: 'token' }, invalid('AUTH payload must be an object')],
    ['payload null', { type: 'AUTH', payload: null, componentId: 'c' }, invalid('AUTH payload must be an object', { componentId: 'c' })],
    ['payload array', { type: 'AUTH', payload: [] }, invalid('AUTH payload must be an object')],
  ])
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('ROOM_* messages', () => {
  const ROOM_TYPES = ['ROOM_JOIN', 'ROOM_LEAVE', 'ROOM_EMIT', 'ROOM_STATE_SET', 'ROOM_STATE_GET'] as const

  // Checks shared by the five types, in order: componentId, payload shape, roomId, payload.roomId.
  const common = table(ROOM_TYPES.flatMap((type): Row[] => [
    [`${type}: componentId missing`, { type, roomId: 'r' }, invalid('componentId is required')],
    [`${type}: componentId before payload`, { type, payload: 'x', requestId: 'q' }, invalid('componentId is required', { requestId: 'q' })],
    [`${type}: payload string`, { type, componentId: 'c', roomId: 'r', payload: 'x' }, invalid('room payload must be an object', { componentId: 'c' })],
    [`${type}: payload null`, { type, componentId: 'c', roomId: 'r', payload: null }, invalid('room payload must be an object', { componentId: 'c' })],
    [`${type}: payload array`, { type, componentId: 'c', roomId: 'r', payload: [] }, invalid('room payload must be an object', { componentId: 'c' })],
    [`${type}: payload before roomId`, { type, componentId: 'c', payload: 1 }, invalid('room payload must be an object', { componentId: 'c' })],
    [`${type}: no roomId anywhere`, { type, componentId: 'c', payload: { event: 'e', state: {} } }, invalid('roomId must be a non-empty string', { componentId: 'c' })],
    [`${type}: empty roomIds`, { type, componentId: 'c', roomId: '', payload: { roomId: '' } }, invalid('roomId must be a non-empty string', { componentId: 'c' })],
    [`${type}: top-level numeric roomId wins over a good payload.roomId`, { type, componentId: 'c', roomId: 5, payload: { roomId: 'p' } }, invalid('roomId must be a non-empty string', { componentId: 'c' })],
    [`${type}: top-level object roomId`, { type, componentId: 'c', roomId: { id: 'r' } }, invalid('roomId must be a non-empty string', { componentId: 'c' })],
    [`${type}: numeric payload.roomId alone is the roomId`, { type, componentId: 'c', payload: { roomId: 7 } }, invalid('roomId must be a non-empty string', { componentId: 'c' })],
    [`${type}: numeric payload.roomId next to a good top-level one`, { type, componentId: 'c', roomId: 'r', payload: { roomId: 7, event: 'e', state: {} } }, invalid('payload.roomId must be a string', { componentId: 'c' })],
  ]))
  it.each(common)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  // roomId = raw.roomId || payload.roomId: falsy top-level values fall back to the payload.
  const roomIdRows = table([
    ['top level only', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 'top' }, valid({ componentId: 'c', roomId: 'top', type: 'ROOM_LEAVE' })],
    ['payload only', { type: 'ROOM_LEAVE', componentId: 'c', payload: { roomId: 'p' } }, valid({ componentId: 'c', roomId: 'p', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['top level wins', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 'top', payload: { roomId: 'p' } }, valid({ componentId: 'c', roomId: 'top', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['empty top level falls back', { type: 'ROOM_LEAVE', componentId: 'c', roomId: '', payload: { roomId: 'p' } }, valid({ componentId: 'c', roomId: 'p', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['0 top level falls back', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 0, payload: { roomId: 'p' } }, valid({ componentId: 'c', roomId: 'p', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['null top level falls back', { type: 'ROOM_LEAVE', componentId: 'c', roomId: null, payload: { roomId: 'p' } }, valid({ componentId: 'c', roomId: 'p', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['false top level falls back', { type: 'ROOM_LEAVE', componentId: 'c', roomId: false, payload: { roomId: 'p' } }, valid({ componentId: 'c', roomId: 'p', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['names are not checked here', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 'not a valid name!' }, valid({ componentId: 'c', roomId: 'not a valid name!', type: 'ROOM_LEAVE' })],
  ])
  it.each(roomIdRows)('roomId: %s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  const shapes = table([
    ['ROOM_JOIN without payload', { type: 'ROOM_JOIN', componentId: 'c', roomId: 'r', requestId: 'q' }, valid({ componentId: 'c', requestId: 'q', roomId: 'r', type: 'ROOM_JOIN' })],
    ['ROOM_JOIN keeps roomId and initialState only', { type: 'ROOM_JOIN', componentId: 'c', roomId: 'r', payload: { initialState: { n: 1 }, event: 'e', state: {}, x: 1 } },
      valid({ componentId: 'c', roomId: 'r', type: 'ROOM_JOIN', payload: { initialState: { n: 1 } } })],
    ['ROOM_JOIN any initialState passes', { type: 'ROOM_JOIN', componentId: 'c', roomId: 'r', payload: { initialState: 'str' } },
      valid({ componentId: 'c', roomId: 'r', type: 'ROOM_JOIN', payload: { initialState: 'str' } })],
    ['ROOM_JOIN empty payload', { type: 'ROOM_JOIN', componentId: 'c', roomId: 'r', payload: {} }, valid({ componentId: 'c', roomId: 'r', type: 'ROOM_JOIN', payload: {} })],
    ['ROOM_LEAVE drops initialState', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 'r', payload: { initialState: 1, roomId: 'p' } },
      valid({ componentId: 'c', roomId: 'r', type: 'ROOM_LEAVE', payload: { roomId: 'p' } })],
    ['ROOM_STATE_GET drops everything but roomId', { type: 'ROOM_STATE_GET', componentId: 'c', roomId: 'r', payload: { state: {} } },
      valid({ componentId: 'c', roomId: 'r', type: 'ROOM_STATE_GET', payload: {} })],
    ['ROOM_STATE_GET without payload', { type: 'ROOM_STATE_GET', componentId: 'c', payload: undefined, roomId: 'r' }, valid({ componentId: 'c', roomId: 'r', type: 'ROOM_STATE_GET' })],
    ['ROOM_EMIT without payload', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r' }, invalid('payload.event must be a string', { componentId: 'c' })],
    ['ROOM_EMIT event missing', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r', payload: { data: 1 } }, invalid('payload.event must be a string', { componentId: 'c' })],
    ['ROOM_EMIT event number', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r', payload: { event: 1 } }, invalid('payload.event must be a string', { componentId: 'c' })],
    ['ROOM_EMIT roomId before event', { type: 'ROOM_EMIT', componentId: 'c' }, invalid('roomId must be a non-empty string', { componentId: 'c' })],
    ['ROOM_EMIT keeps roomId, event and data', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r', payload: { roomId: 'r', event: 'e', data: [1], state: {} } },
      valid({ componentId: 'c', roomId: 'r', type: 'ROOM_EMIT', payload: { roomId: 'r', event: 'e', data: [1] } })],
    ['ROOM_EMIT without data', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r', payload: { event: 'e' } },
      valid({ componentId: 'c', roomId: 'r', type: 'ROOM_EMIT', payload: { event: 'e' } })],
    ['ROOM_STATE_SET without payload', { type: 'ROOM_STATE_SET', componentId: 'c', roomId: 'r' }, invalid('payload.state must be an object', { componentId: 'c' })],
    ['ROOM_STATE_SET state array', { type: 'ROOM_STATE_SET', componentId: 'c', roomId: 'r', payload: { state: [] } }, invalid('payload.state must be an object', { componentId: 'c' })],
    ['ROOM_STATE_SET state null', { type: 'ROOM_STATE_SET', componentId: 'c', roomId: 'r', payload: { state: null } }, invalid('payload.state must be an object', { componentId: 'c' })],
    ['ROOM_STATE_SET keeps roomId and state', { type: 'ROOM_STATE_SET', componentId: 'c', payload: { roomId: 'p', state: { $x: 1, a: 2 }, event: 'e' } },
      valid({ componentId: 'c', roomId: 'p', type: 'ROOM_STATE_SET', payload: { roomId: 'p', state: { $x: 1, a: 2 } } })],
    ['top-level extras dropped, envelope kept', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 'r', userId: 'u', room: 'rm', event: 'e', state: {} },
      valid({ componentId: 'c', userId: 'u', room: 'rm', roomId: 'r', type: 'ROOM_LEAVE' })],
  ])
  it.each(shapes)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })
})

describe('FILE_UPLOAD_* (no checks beyond the envelope; fields pass through)', () => {
  const TYPES = ['FILE_UPLOAD_START', 'FILE_UPLOAD_CHUNK', 'FILE_UPLOAD_COMPLETE'] as const
  const rows = table(TYPES.flatMap((type): Row[] => [
    [`${type}: bare (payload key kept, undefined)`, { type }, valid({ type, payload: undefined, fields: {} })],
    [`${type}: no componentId needed, payload any`, { type, payload: 'x' }, valid({ type, payload: 'x', fields: { payload: 'x' } })],
    [`${type}: every field but type/componentId/requestId in fields`,
      { type, componentId: 'c', requestId: 'r', responseId: 'x', uploadId: 'u1', chunkIndex: 0, data: 'AAAA', filename: 'a.png', payload: { uploadId: 'p' } },
      valid({ componentId: 'c', requestId: 'r', responseId: 'x', type, payload: { uploadId: 'p' }, fields: { responseId: 'x', uploadId: 'u1', chunkIndex: 0, data: 'AAAA', filename: 'a.png', payload: { uploadId: 'p' } } })],
    [`${type}: wrong-typed upload fields are not checked`, { type, uploadId: 5, chunkIndex: 'x', totalChunks: null },
      valid({ type, payload: undefined, fields: { uploadId: 5, chunkIndex: 'x', totalChunks: null } })],
  ]))
  it.each(rows)('%s', (_name, raw, expected) => {
    expect(parseClientMessage(raw)).toStrictEqual(expected)
  })

  // validation.ts builds the message with object rest/spread (`...fields`), which defines an
  // own `__proto__` data property; an assignment would instead replace the fields' prototype.
  it('keeps a top-level "__proto__" field as an own data field (upstream: rest/spread copy)', () => {
    const raw = JSON.parse('{"type":"FILE_UPLOAD_START","uploadId":"u","__proto__":{"uploadId":"forged","isAdmin":true}}') as unknown
    const r = parseClientMessage(raw)
    if (!r.ok || !('fields' in r.message)) throw new Error('expected an upload message')
    const fields = r.message.fields
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype)
    expect('isAdmin' in fields).toBe(false)
    expect(Object.keys(fields)).toEqual(['uploadId', '__proto__'])
  })
})

describe('differential check against the verbatim upstream parseClientMessage', () => {
  it('the tables above cover every message type', () => {
    const types = new Set(CORPUS.flatMap((raw) => (isRecord(raw) && typeof raw.type === 'string' ? [raw.type] : [])))
    for (const t of CLIENT_MESSAGE_TYPES) expect(types.has(t), t).toBe(true)
    expect(CORPUS.length).toBeGreaterThan(100)
  })

  it.skipIf(!HAS_UPSTREAM)('gives the same wire content for every input of the tables', () => {
    for (const raw of CORPUS) {
      const mine = asUpstreamShape(parseClientMessage(raw))
      expect(wire(mine), JSON.stringify(raw)).toEqual(wire(upstream?.parseClientMessage(raw)))
    }
  })

  it.skipIf(!HAS_UPSTREAM)('echoes the same ids for broken envelopes of every type', () => {
    const ids: unknown[] = ['c', 5, null, undefined, { x: 1 }]
    for (const type of [...CLIENT_MESSAGE_TYPES, 'NOPE', 7]) {
      for (const componentId of ids) {
        for (const requestId of ids) {
          for (const broken of [{}, { timestamp: 'x' }, { room: 1 }]) {
            const raw = { type, componentId, requestId, ...broken }
            expect(wire(asUpstreamShape(parseClientMessage(raw))), JSON.stringify(raw)).toEqual(wire(upstream?.parseClientMessage(raw)))
          }
        }
      }
    }
  })
})
