import { describe, expect, it } from 'vitest'
import { MAX_TOKEN_CHARS, parseClientFrame } from '@/lib/live/protocol'

const long = (n: number) => 'a'.repeat(n)

/** Parse one message; return the accepted message or the exact error text. */
function parseOne(message: unknown): { ok: true; message: unknown } | { ok: false; error: string } {
  const frame = parseClientFrame(JSON.stringify(message))
  if (!frame.ok) throw new Error(`frame refused: ${frame.error}`)
  const [result] = frame.messages
  if (result === undefined) throw new Error('no result')
  return result.ok ? { ok: true, message: result.message } : { ok: false, error: result.error }
}

const valid: Array<[string, Record<string, unknown>]> = [
  ['AUTH with token', { type: 'AUTH', payload: { token: 'abc' }, requestId: 'r1', expectResponse: true }],
  ['AUTH empty (logout)', { type: 'AUTH', payload: {}, requestId: 'r1' }],
  ['AUTH without payload', { type: 'AUTH' }],
  ['AUTH with provider extras', { type: 'AUTH', payload: { publicKey: 'k', signature: 's', nonce: 'n', timestamp: 1, custom: { x: 1 } } }],
  ['AUTH token at cap', { type: 'AUTH', payload: { token: long(MAX_TOKEN_CHARS) } }],
  ['COMPONENT_MOUNT minimal', { type: 'COMPONENT_MOUNT', payload: { component: 'AdminPanel' }, requestId: 'r2' }],
  ['COMPONENT_MOUNT full + real-client extras', {
    type: 'COMPONENT_MOUNT', componentId: 'mount-AdminPanel', timestamp: 5,
    payload: { component: 'AdminPanel', props: { a: 1 }, room: 'lobby', userId: 'u1', debugLabel: 'dbg' },
  }],
  ['COMPONENT_MOUNT name at cap', { type: 'COMPONENT_MOUNT', payload: { component: long(128) } }],
  ['COMPONENT_UNMOUNT', { type: 'COMPONENT_UNMOUNT', componentId: 'c1' }],
  ['CALL_ACTION no payload', { type: 'CALL_ACTION', componentId: 'c1', action: 'deleteUser', requestId: 'r3' }],
  ['CALL_ACTION any payload', { type: 'CALL_ACTION', componentId: 'c1', action: 'x', payload: [1, 'two', null] }],
  ['PROPERTY_UPDATE', { type: 'PROPERTY_UPDATE', componentId: 'c1', property: 'name', payload: { value: 'x' } }],
  ['PROPERTY_UPDATE __proto__ (server refuses later)', { type: 'PROPERTY_UPDATE', componentId: 'c1', property: '__proto__', payload: { value: 1 } }],
  ['ROOM_JOIN top-level roomId', { type: 'ROOM_JOIN', componentId: 'c1', roomId: 'vip-1' }],
  ['ROOM_JOIN payload roomId', { type: 'ROOM_JOIN', componentId: 'c1', payload: { roomId: 'vip-1', initialState: { n: 0 } } }],
  ['ROOM_LEAVE', { type: 'ROOM_LEAVE', componentId: 'c1', roomId: 'r' }],
  ['ROOM_STATE_GET', { type: 'ROOM_STATE_GET', componentId: 'c1', roomId: 'r' }],
  ['ROOM_EMIT', { type: 'ROOM_EMIT', componentId: 'c1', roomId: 'r', payload: { event: 'chat', data: { t: 'hi' } } }],
  ['ROOM_STATE_SET', { type: 'ROOM_STATE_SET', componentId: 'c1', roomId: 'r', payload: { state: { n: 1 } } }],
  ['PING', { type: 'PING' }],
]

describe('client message schemas: accepted', () => {
  it.each(valid)('%s', (_name, message) => {
    expect(parseOne(message)).toMatchObject({ ok: true, message: { type: message.type } })
  })

  it('resolves roomId from payload.roomId onto the message', () => {
    expect(parseOne({ type: 'ROOM_LEAVE', componentId: 'c', payload: { roomId: 'p' } })).toMatchObject({ message: { roomId: 'p' } })
    expect(parseOne({ type: 'ROOM_LEAVE', componentId: 'c', roomId: 't', payload: { roomId: 'p' } })).toMatchObject({ message: { roomId: 't' } })
  })

  it('keeps extra fields the real client sends', () => {
    expect(parseOne({ type: 'CALL_ACTION', componentId: 'c', action: 'a', responseId: 'x', timestamp: 1 }))
      .toMatchObject({ message: { responseId: 'x', timestamp: 1 } })
  })
})

const invalid: Array<[string, Record<string, unknown>, string]> = [
  ['AUTH payload not object', { type: 'AUTH', payload: 'tok' }, 'payload must be an object'],
  ['AUTH token not string', { type: 'AUTH', payload: { token: 5 } }, 'payload.token must be a string'],
  ['AUTH token oversized', { type: 'AUTH', payload: { token: long(MAX_TOKEN_CHARS + 1) } }, `payload.token must be at most ${MAX_TOKEN_CHARS} characters`],
  ['requestId not string', { type: 'PING', requestId: 5 }, 'requestId must be a string'],
  ['requestId oversized', { type: 'PING', requestId: long(129) }, 'requestId must be at most 128 characters'],
  ['expectResponse not boolean', { type: 'PING', expectResponse: 'yes' }, 'expectResponse must be a boolean'],
  ['MOUNT missing payload', { type: 'COMPONENT_MOUNT' }, 'payload is required'],
  ['MOUNT missing component', { type: 'COMPONENT_MOUNT', payload: {} }, 'payload.component is required'],
  ['MOUNT component number', { type: 'COMPONENT_MOUNT', payload: { component: 5 } }, 'payload.component must be a string'],
  ['MOUNT component empty', { type: 'COMPONENT_MOUNT', payload: { component: '' } }, 'payload.component must not be empty'],
  ['MOUNT component oversized', { type: 'COMPONENT_MOUNT', payload: { component: long(129) } }, 'payload.component must be at most 128 characters'],
  ['MOUNT component control chars', { type: 'COMPONENT_MOUNT', payload: { component: 'A\nB' } }, 'payload.component must not contain control characters'],
  ['MOUNT props array', { type: 'COMPONENT_MOUNT', payload: { component: 'A', props: [1] } }, 'payload.props must be an object'],
  ['MOUNT room number', { type: 'COMPONENT_MOUNT', payload: { component: 'A', room: 1 } }, 'payload.room must be a string'],
  ['UNMOUNT missing id', { type: 'COMPONENT_UNMOUNT' }, 'componentId is required'],
  ['UNMOUNT id oversized', { type: 'COMPONENT_UNMOUNT', componentId: long(129) }, 'componentId must be at most 128 characters'],
  ['CALL_ACTION missing action', { type: 'CALL_ACTION', componentId: 'c' }, 'action is required'],
  ['CALL_ACTION action number', { type: 'CALL_ACTION', componentId: 'c', action: 1 }, 'action must be a string'],
  ['CALL_ACTION action oversized', { type: 'CALL_ACTION', componentId: 'c', action: long(129) }, 'action must be at most 128 characters'],
  ['CALL_ACTION missing componentId', { type: 'CALL_ACTION', action: 'a' }, 'componentId is required'],
  ['PROPERTY_UPDATE missing property', { type: 'PROPERTY_UPDATE', componentId: 'c', payload: { value: 1 } }, 'property is required'],
  ['PROPERTY_UPDATE missing payload', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p' }, 'payload is required'],
  ['PROPERTY_UPDATE payload array', { type: 'PROPERTY_UPDATE', componentId: 'c', property: 'p', payload: [1] }, 'payload must be an object'],
  ['ROOM_JOIN no roomId', { type: 'ROOM_JOIN', componentId: 'c' }, 'roomId is required'],
  ['ROOM_JOIN empty roomId', { type: 'ROOM_JOIN', componentId: 'c', roomId: '' }, 'roomId must not be empty'],
  ['ROOM_JOIN missing componentId', { type: 'ROOM_JOIN', roomId: 'r' }, 'componentId is required'],
  ['ROOM_LEAVE roomId number', { type: 'ROOM_LEAVE', componentId: 'c', roomId: 3 }, 'roomId must be a string'],
  ['ROOM_STATE_GET payload not object', { type: 'ROOM_STATE_GET', componentId: 'c', roomId: 'r', payload: 1 }, 'payload must be an object'],
  ['ROOM_EMIT missing event', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r', payload: { data: 1 } }, 'payload.event is required'],
  ['ROOM_EMIT missing payload', { type: 'ROOM_EMIT', componentId: 'c', roomId: 'r' }, 'payload is required'],
  ['ROOM_STATE_SET state not object', { type: 'ROOM_STATE_SET', componentId: 'c', roomId: 'r', payload: { state: 'x' } }, 'payload.state must be an object'],
  ['missing type', { componentId: 'c' }, 'type is required'],
  ['type not string', { type: 7 }, 'type must be a string'],
]

describe('client message schemas: rejected with exact reasons', () => {
  it.each(invalid)('%s', (_name, message, reason) => {
    expect(parseOne(message)).toEqual({ ok: false, error: `Invalid message: ${reason}` })
  })

  it('never echoes a token in an error', () => {
    const token = `eyJ${long(MAX_TOKEN_CHARS + 10)}`
    const result = parseOne({ type: 'AUTH', payload: { token } })
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain('eyJ')
  })
})
