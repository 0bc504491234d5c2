/**
 * Frames a hostile or buggy client sends: not JSON, not an object, too deep,
 * wrong envelope types, missing fields, unknown types, prototype keys and very
 * long names. Every one gets the library's answer and the connection lives on.
 */
import type { Scenario } from '../types'
import { json, scenario } from './dsl'

/** A PING whose payload makes the frame exactly `levels` objects deep. */
const deep = (levels: number) => '{"type":"PING","payload":' + '{"a":'.repeat(levels - 1) + '1' + '}'.repeat(levels - 1) + '}'

export const hostileFrames: Scenario = scenario('hostile-frames', 'malformed, mistyped and hostile frames', 'demo', (s) => {
  for (const text of ['', 'not json', '{"type":', '[]', '[{"type":"PING"}]', '42', '"COMPONENT_MOUNT"', 'null', 'true', '{}']) s.raw('a', text)
  s.raw('a', deep(32)).raw('a', deep(33)).raw('a', '[' .repeat(40) + ']'.repeat(40)).raw('a', '{"s":"' + '{'.repeat(50) + '"}')
  s.send('a', { type: 42 }).send('a', { type: null }).send('a', { type: 'NOPE', requestId: 'n1', componentId: 'c1' }).send('a', { type: 'ping' })
  s.send('a', { type: 'PING', requestId: 7 }).send('a', { type: 'AUTHX' }).send('a', { type: 'STATE_UPDATE', componentId: 'x' })
  s.send('a', { type: 'CALL_ACTION', componentId: 5, requestId: 'e1' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', requestId: 9 })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', action: 'a', expectResponse: 'yes', requestId: 'e2' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', action: 'a', timestamp: 'now', requestId: 'e3' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', action: 'a', userId: 1, requestId: 'e4' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', action: 'a', room: {}, requestId: 'e5' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', action: 'a', responseId: 3, requestId: 'e6' })
  s.send('a', { type: 'CALL_ACTION', requestId: 'e7' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', requestId: 'e8' })
  s.send('a', { type: 'CALL_ACTION', componentId: 'x', action: 7, requestId: 'e9' })
  s.send('a', { type: 'COMPONENT_MOUNT', requestId: 'm1' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: 'LiveChat', requestId: 'm2' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 1 }, requestId: 'm3' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', props: [] }, requestId: 'm4' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', room: 5 }, requestId: 'm5' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', userId: 5 }, requestId: 'm6' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', debugLabel: [] }, requestId: 'm7' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat', userId: 'u-admin', debugLabel: 'x' }, requestId: 'm8' })
  s.send('a', { type: 'COMPONENT_MOUNT', componentId: 'mount-LiveChat', payload: { component: 'LiveChat' }, requestId: 'm9' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'X'.repeat(5000) }, requestId: 'm10' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: { component: 'Live\u0000Chat\n' }, requestId: 'm11' })
  s.send('a', { type: 'COMPONENT_MOUNT', payload: json('{"component":"LiveChat","props":{"__proto__":{"isAdmin":true},"messages":[{"constructor":{"prototype":1}}]}}'), requestId: 'm12' })
  s.send('a', { type: 'COMPONENT_UNMOUNT', requestId: 'u1' })
  s.send('a', { type: 'PROPERTY_UPDATE', componentId: 'x', requestId: 'p1' })
  s.send('a', { type: 'PROPERTY_UPDATE', componentId: 'x', property: 'a', requestId: 'p2' })
  s.send('a', { type: 'PROPERTY_UPDATE', componentId: 'x', property: 'a', payload: [1], requestId: 'p3' })
  s.send('a', { type: 'ROOM_JOIN', componentId: 'x', requestId: 'r1' })
  s.send('a', { type: 'ROOM_JOIN', componentId: 'x', roomId: '', requestId: 'r2' })
  s.send('a', { type: 'ROOM_JOIN', componentId: 'x', roomId: 5, requestId: 'r3' })
  s.send('a', { type: 'ROOM_JOIN', componentId: 'x', roomId: 'r', payload: 'x', requestId: 'r4' })
  s.send('a', { type: 'ROOM_JOIN', componentId: 'x', roomId: 'r', payload: { roomId: 5 }, requestId: 'r5' })
  s.send('a', { type: 'ROOM_JOIN', roomId: 'r', requestId: 'r6' })
  s.send('a', { type: 'ROOM_EMIT', componentId: 'x', roomId: 'r', requestId: 'r7' })
  s.send('a', { type: 'ROOM_EMIT', componentId: 'x', roomId: 'r', payload: { event: 1 }, requestId: 'r8' })
  s.send('a', { type: 'ROOM_STATE_SET', componentId: 'x', roomId: 'r', payload: { state: [1] }, requestId: 'r9' })
  s.send('a', { type: 'ROOM_STATE_SET', componentId: 'x', roomId: 'r', requestId: 'r10' })
  s.send('a', { type: 'ROOM_STATE_GET', componentId: 'x', roomId: 'r', requestId: 'r11' })
  s.send('a', { type: 'AUTH', payload: [], requestId: 'a1' })
  s.send('a', json('{"type":"AUTH","payload":{"__proto__":{"token":"x"}},"requestId":"a2"}'))
  s.send('a', json('{"type":"CALL_ACTION","__proto__":{"componentId":"x"},"requestId":"a3"}'))
  s.mount('a', 'LiveChat', { as: 'c' })
  s.send('a', { type: 'CALL_ACTION', componentId: '$c', action: 'sendMessage', payload: { text: 'x'.repeat(20000) }, requestId: 'big', expectResponse: true })
  s.send('a', { type: 'CALL_ACTION', componentId: '$c', action: 'login', payload: json('{"email":"ada@example.com","password":"demo","__proto__":{"admin":true}}'), requestId: 'proto', expectResponse: true })
  s.send('a', { type: 'CALL_ACTION', componentId: '$c', action: 'x'.repeat(3000), requestId: 'long', expectResponse: true })
  s.send('a', { type: 'CALL_ACTION', componentId: '$c', action: 'sendMessage', payload: 'just a string', requestId: 'str', expectResponse: true })
  s.send('a', { type: 'CALL_ACTION', componentId: '$c', action: 'sendMessage', payload: [1, 2], requestId: 'arr', expectResponse: true })
  s.send('a', { type: 'CALL_ACTION', componentId: '$c', action: 'sendMessage', payload: null, requestId: 'nul', expectResponse: true })
})
