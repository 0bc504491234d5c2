import { describe, expect, it } from 'vitest'
import {
  actionResponse,
  authDenied,
  authResponse,
  broadcast,
  componentError,
  connectionEstablished,
  encodeFrame,
  errorTextOf,
  isAuthDenied,
  messageResponse,
  mountSucceeded,
  parseServerFrame,
  protocolError,
  rehydrationRequired,
  roomEvent,
  roomJoined,
  roomLeft,
  roomState,
  stateDelta,
  stateUpdate,
  unknownMessageType,
  type ServerMessage,
} from '@/lib/live/protocol'

function parseOne(message: unknown) {
  const frame = parseServerFrame(JSON.stringify(message))
  if (!frame.ok) throw new Error(frame.error)
  const [result] = frame.messages
  if (result === undefined) throw new Error('no result')
  return result
}

const valid: Array<[string, Record<string, unknown>]> = [
  ['CONNECTION_ESTABLISHED', { type: 'CONNECTION_ESTABLISHED', connectionId: 'ws-1', timestamp: 1 }],
  ['AUTH_RESPONSE ok', { type: 'AUTH_RESPONSE', success: true, payload: { authenticated: true, session: { id: 'u1' } }, requestId: 'r' }],
  ['AUTH_RESPONSE failed', { type: 'AUTH_RESPONSE', success: false, payload: { authenticated: false, error: 'Authentication failed' } }],
  ['AUTH_RESPONSE older shape (userId only)', { type: 'AUTH_RESPONSE', success: true, payload: { userId: 'u1' } }],
  ['MESSAGE_RESPONSE with extras', { type: 'MESSAGE_RESPONSE', success: true, originalType: 'COMPONENT_MOUNT', responseId: 'x', result: {} }],
  ['ACTION_RESPONSE', { type: 'ACTION_RESPONSE', componentId: 'c', success: false, error: 'AUTH_DENIED: x', requestId: 'r' }],
  ['STATE_UPDATE', { type: 'STATE_UPDATE', componentId: 'c', payload: { state: { n: 1 } } }],
  ['STATE_DELTA', { type: 'STATE_DELTA', componentId: 'c', payload: { delta: { n: 2 } } }],
  ['ERROR component form', { type: 'ERROR', componentId: 'c', payload: { action: 'a', error: 'boom' } }],
  ['ERROR protocol form', { type: 'ERROR', error: 'Rate limit exceeded' }],
  ['ROOM_JOINED', { type: 'ROOM_JOINED', componentId: 'c', payload: { roomId: 'r', state: {} }, requestId: 'q' }],
  ['ROOM_LEFT', { type: 'ROOM_LEFT', componentId: 'c', payload: { roomId: 'r' } }],
  ['ROOM_STATE answer', { type: 'ROOM_STATE', componentId: 'c', payload: { roomId: 'r', state: { a: 1 } } }],
  ['ROOM_STATE push', { type: 'ROOM_STATE', roomId: 'r', state: { a: 1 } }],
  ['ROOM_EVENT', { type: 'ROOM_EVENT', componentId: 'c', roomId: 'r', event: 'chat', data: 'hi' }],
  ['BROADCAST', { type: 'BROADCAST', componentId: 'c', payload: { type: 'news', data: 1 }, room: 'r' }],
]

describe('server message schemas: accepted', () => {
  it.each(valid)('%s', (_name, message) => {
    expect(parseOne(message)).toMatchObject({ ok: true, message: { type: message.type } })
  })
})

const invalid: Array<[string, Record<string, unknown>, string]> = [
  ['CONNECTION_ESTABLISHED without id', { type: 'CONNECTION_ESTABLISHED' }, 'connectionId is required'],
  ['AUTH_RESPONSE without success', { type: 'AUTH_RESPONSE', payload: {} }, 'success is required'],
  ['AUTH_RESPONSE session not object', { type: 'AUTH_RESPONSE', success: true, payload: { session: 'x' } }, 'payload.session must be an object'],
  ['MESSAGE_RESPONSE success string', { type: 'MESSAGE_RESPONSE', success: 'true' }, 'success must be a boolean'],
  ['ACTION_RESPONSE error number', { type: 'ACTION_RESPONSE', success: false, error: 5 }, 'error must be a string'],
  ['STATE_UPDATE without componentId', { type: 'STATE_UPDATE', payload: { state: {} } }, 'componentId is required'],
  ['STATE_DELTA delta array', { type: 'STATE_DELTA', componentId: 'c', payload: { delta: [] } }, 'payload.delta must be an object'],
  ['ROOM_JOINED without roomId', { type: 'ROOM_JOINED', componentId: 'c', payload: {} }, 'payload.roomId is required'],
  ['ROOM_EVENT without event', { type: 'ROOM_EVENT', roomId: 'r' }, 'event is required'],
  ['BROADCAST payload type missing', { type: 'BROADCAST', payload: {} }, 'payload.type is required'],
]

describe('server message schemas: rejected', () => {
  it.each(invalid)('%s', (_name, message, reason) => {
    expect(parseOne(message)).toMatchObject({ ok: false, kind: 'invalid', error: `Invalid message: ${reason}` })
  })

  it('rejects an ERROR with neither form', () => {
    expect(parseOne({ type: 'ERROR', componentId: 'c' })).toMatchObject({ ok: false, kind: 'invalid' })
  })

  it('reports unknown server types (COMPONENT_PONG, ROOM_SYSTEM) as unknown, not invalid', () => {
    expect(parseOne({ type: 'COMPONENT_PONG' })).toEqual({ ok: false, kind: 'unknown-type', error: 'Unknown message type', type: 'COMPONENT_PONG' })
  })
})

describe('answer builders', () => {
  const built: Array<[string, ServerMessage, unknown]> = [
    ['connectionEstablished', connectionEstablished('ws-1'), { type: 'CONNECTION_ESTABLISHED', connectionId: 'ws-1' }],
    ['authResponse ok', authResponse({ authenticated: true, session: { id: 'u' } }, 'r'),
      { type: 'AUTH_RESPONSE', success: true, payload: { authenticated: true, session: { id: 'u' } }, requestId: 'r' }],
    ['authResponse failed', authResponse({ authenticated: false }),
      { type: 'AUTH_RESPONSE', success: false, payload: { authenticated: false, error: 'Authentication failed' } }],
    ['mountSucceeded', mountSucceeded('c1', { n: 0 }, 'r'),
      { type: 'MESSAGE_RESPONSE', success: true, componentId: 'c1', result: { componentId: 'c1', initialState: { n: 0 } }, requestId: 'r' }],
    ['messageResponse denied', messageResponse({ success: false, error: authDenied('Authentication required') }),
      { type: 'MESSAGE_RESPONSE', success: false, error: 'AUTH_DENIED: Authentication required' }],
    ['actionResponse', actionResponse({ componentId: 'c', success: true, result: 3, requestId: 'r' }),
      { type: 'ACTION_RESPONSE', success: true, componentId: 'c', result: 3, requestId: 'r' }],
    ['stateUpdate', stateUpdate('c', { a: 1 }), { type: 'STATE_UPDATE', componentId: 'c', payload: { state: { a: 1 } } }],
    ['stateDelta', stateDelta('c', { a: null }), { type: 'STATE_DELTA', componentId: 'c', payload: { delta: { a: null } } }],
    ['componentError', componentError('c', 'go', 'boom'), { type: 'ERROR', componentId: 'c', payload: { action: 'go', error: 'boom' } }],
    ['protocolError', protocolError('Rate limit exceeded', 'r'), { type: 'ERROR', error: 'Rate limit exceeded', requestId: 'r' }],
    ['unknownMessageType', unknownMessageType(), { type: 'MESSAGE_RESPONSE', success: false, error: 'Unknown message type' }],
    ['roomJoined', roomJoined('c', 'vip-1', { n: 1 }, 'r'), { type: 'ROOM_JOINED', componentId: 'c', payload: { roomId: 'vip-1', state: { n: 1 } }, requestId: 'r' }],
    ['roomLeft', roomLeft('c', 'r1'), { type: 'ROOM_LEFT', componentId: 'c', payload: { roomId: 'r1' } }],
    ['roomState', roomState('c', 'r1', { a: 1 }), { type: 'ROOM_STATE', componentId: 'c', payload: { roomId: 'r1', state: { a: 1 } } }],
    ['roomEvent', roomEvent('c', 'r1', 'chat', 'hi'), { type: 'ROOM_EVENT', componentId: 'c', roomId: 'r1', event: 'chat', data: 'hi' }],
    ['broadcast', broadcast('c', 'news', 1, 'r1'), { type: 'BROADCAST', componentId: 'c', payload: { type: 'news', data: 1 }, room: 'r1' }],
  ]

  it.each(built)('%s builds the spec shape and parses back', (_name, message, expected) => {
    expect(message).toEqual(expected)
    expect(parseOne(message)).toEqual({ ok: true, message: expected })
  })

  it('encodes one message plain and several as a batch', () => {
    expect(encodeFrame([protocolError('x')])).toBe('{"type":"ERROR","error":"x"}')
    const frame = parseServerFrame(encodeFrame([stateUpdate('c', {}), protocolError('x')]))
    expect(frame).toMatchObject({ ok: true, batched: true, messages: [{ ok: true }, { ok: true }] })
  })

  it('reason helpers', () => {
    expect(authDenied('Denied by custom authorize')).toBe('AUTH_DENIED: Denied by custom authorize')
    expect(isAuthDenied('AUTH_DENIED: x')).toBe(true)
    expect(isAuthDenied('Action not found')).toBe(false)
    expect(isAuthDenied(undefined)).toBe(false)
    expect(rehydrationRequired('c-9')).toBe('COMPONENT_REHYDRATION_REQUIRED:c-9')
    expect(errorTextOf(componentError('c', 'a', 'boom'))).toBe('boom')
    expect(errorTextOf(protocolError('bad'))).toBe('bad')
  })
})
