/**
 * Demo workspace: rooms across two and three connections. authorizeRoom on
 * join (vip- rooms need the premium role) but not at mount, membership
 * events, emits, client-set state (`$` and prototype keys dropped), room
 * names, and leaving by ROOM_LEAVE, unmount and disconnect.
 */
import type { Scenario } from '../types'
import { json, scenario } from './dsl'
import { PERSONAS } from './demo-components'

export const roomJoinByPersona: Scenario[] = PERSONAS.map((persona) =>
  scenario(`rooms-join-${persona}`, `${persona} joins open and vip- rooms`, 'demo', (s) => {
    if (persona !== 'anonymous') s.auth('a', persona)
    s.mount('a', 'LiveChat', { as: 'c' })
    // Rooms outlive their members (5 minutes), so every scenario uses rooms of its own.
    const lobby = `lobby-${persona}`
    const vip = `vip-lounge-${persona}`
    s.join('a', 'c', lobby).join('a', 'c', vip).join('a', 'c', 'vip-').join('a', 'c', `VIP-${persona}`)
    s.getRoomState('a', 'c', vip).leave('a', 'c', vip).leave('a', 'c', lobby)
    s.mount('a', 'LiveChat', { as: 'v', room: `vip-backstage-${persona}` })
    s.act('a', 'v', 'sendMessage', { text: 'x' })
    s.getRoomState('a', 'v', `vip-backstage-${persona}`)
    s.mount('a', 'LiveChat', { as: 'w', room: `vip-backstage-${persona}` })
    s.unmount('a', 'v')
    s.getRoomState('a', 'w', `vip-backstage-${persona}`)
  }))

export const roomsTwoConnections: Scenario = scenario('rooms-two-connections', 'join, events, state and leave across two connections', 'demo', (s) => {
  s.auth('a', 'pro-user').mount('a', 'LiveChat', { as: 'ca' })
  s.auth('b', 'free-user').mount('b', 'LiveChat', { as: 'cb' })
  s.join('a', 'ca', 'lobby-two', { topic: 'welcome', $owner: 'u-pro' })
  s.join('b', 'cb', 'lobby-two', { topic: 'ignored: the room exists' })
  s.emit('a', 'ca', 'lobby-two', 'chat', { text: 'hi b' })
  s.emit('b', 'cb', 'lobby-two', 'chat', { text: 'hi a' })
  s.emit('b', 'cb', 'lobby-two', 'no-data')
  s.setRoomState('a', 'ca', 'lobby-two', { topic: 'news', count: 1 })
  s.setRoomState('b', 'cb', 'lobby-two', json('{"$admin":"u-free","__proto__":{"x":1},"constructor":1,"prototype":2,"count":2}'))
  s.setRoomState('b', 'cb', 'lobby-two', { count: 2 })
  s.setRoomState('a', 'ca', 'lobby-two', { nested: { a: 1, b: { c: 2 } } })
  s.setRoomState('a', 'ca', 'lobby-two', { nested: { b: { c: 3 } } })
  s.setRoomState('a', 'ca', 'lobby-two', { nested: null })
  s.getRoomState('b', 'cb', 'lobby-two')
  s.getRoomState('a', 'ca', 'lobby-two')
  s.join('b', 'cb', 'vip-room-two')
  s.join('a', 'ca', 'vip-room-two')
  s.emit('b', 'cb', 'vip-room-two', 'sneak', 1)
  s.setRoomState('b', 'cb', 'vip-room-two', { x: 1 })
  s.getRoomState('b', 'cb', 'vip-room-two')
  s.leave('b', 'cb', 'lobby-two')
  s.emit('b', 'cb', 'lobby-two', 'after-leave')
  s.emit('a', 'ca', 'lobby-two', 'alone')
  s.join('b', 'cb', 'lobby-two')
  s.getRoomState('b', 'cb', 'lobby-two')
  s.mount('b', 'LiveChat', { as: 'cb2' })
  s.join('b', 'cb2', 'lobby-two')
  s.emit('b', 'cb2', 'lobby-two', 'from-second', { n: 2 })
  s.unmount('b', 'cb2')
  s.emit('a', 'ca', 'lobby-two', 'after-unmount')
  s.close('b')
  s.emit('a', 'ca', 'lobby-two', 'after-close')
  s.getRoomState('a', 'ca', 'lobby-two')
})

export const roomsThreeConnections: Scenario = scenario('rooms-three-connections', 'three members, leave order and counts', 'demo', (s) => {
  s.mount('a', 'LiveChat', { as: 'x' }).mount('b', 'LiveChat', { as: 'y' }).mount('c', 'LiveChat', { as: 'z' })
  s.join('a', 'x', 'room.three').join('b', 'y', 'room.three').join('c', 'z', 'room.three')
  s.emit('c', 'z', 'room.three', 'ping', { from: 'c' })
  s.setRoomState('b', 'y', 'room.three', { turn: 'b' })
  s.leave('a', 'x', 'room.three')
  s.leave('a', 'x', 'room.three')
  s.emit('b', 'y', 'room.three', 'two-left')
  s.close('c')
  s.getRoomState('b', 'y', 'room.three')
  s.join('a', 'x', 'room.three')
})

export const roomNames: Scenario = scenario('rooms-names-and-initial-state', 'room names and initialState', 'demo', (s) => {
  s.auth('a', 'pro-user').mount('a', 'LiveChat', { as: 'c' })
  for (const name of ['a', 'A-z_0.9:x', 'has space', 'slash/room', 'x'.repeat(64), 'y'.repeat(65), 'émoji', '../etc', 'vip-ok']) s.join('a', 'c', name)
  s.join('a', 'c', 'seeded', json('{"$admin":true,"__proto__":{"polluted":true},"list":[1,2],"deep":{"$x":1}}') as Record<string, never>)
  s.getRoomState('a', 'c', 'seeded')
  s.send('a', { type: 'ROOM_JOIN', componentId: '$c', payload: { roomId: 'by-payload' }, requestId: 'j1' })
  s.send('a', { type: 'ROOM_JOIN', componentId: '$c', roomId: 'top', payload: { roomId: 'inner' }, requestId: 'j2' })
  s.send('a', { type: 'ROOM_STATE_GET', componentId: '$c', payload: { roomId: 'by-payload' }, requestId: 'j3' })
  s.send('a', { type: 'ROOM_JOIN', componentId: '$c', roomId: 'init-array', payload: { initialState: [1, 2] }, requestId: 'j4' })
  s.getRoomState('a', 'c', 'init-array')
  s.send('a', { type: 'ROOM_LEAVE', componentId: '$c', roomId: 'never-joined', requestId: 'j5' })
  s.send('a', { type: 'ROOM_STATE_SET', componentId: '$c', roomId: 'never-joined', payload: { state: { a: 1 } }, requestId: 'j6' })
})
