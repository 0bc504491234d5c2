import { describe, expect, it } from 'vitest'
import { connectionReducer, initialView, MAX_ACTIVITY, remountNote, type ConnectionView, type ViewAction } from '@/components/live/connection-model'
import type { MountedComponent } from '@/lib/live/client'

const run = (actions: ViewAction[], from: ConnectionView = initialView) => actions.reduce(connectionReducer, from)
const panel: MountedComponent = { handle: 'm1', component: 'AdminPanel', componentId: 'c-9', state: { users: [] } }
const admin = { authenticated: true, session: { id: 'u-admin', roles: ['admin'] } }

describe('connectionReducer', () => {
  it('tracks a connection from connecting to open with its id', () => {
    const view = run([{ type: 'status', status: 'connecting' }, { type: 'status', status: 'open' }, { type: 'established', connectionId: 'abc' }])
    expect([view.status, view.connectionId]).toEqual(['open', 'abc'])
  })

  it('keeps the close code and reason and forgets the session on close', () => {
    const view = run([
      { type: 'status', status: 'open' },
      { type: 'auth', auth: admin, source: 'persona admin' },
      { type: 'components', components: [panel], denied: [] },
      { type: 'status', status: 'closed', code: 1008, reason: 'Origin not allowed' },
    ])
    expect(view).toMatchObject({ status: 'closed', closeCode: 1008, closeReason: 'Origin not allowed', connectionId: null, components: [], authSource: null })
    expect(view.auth.authenticated).toBe(false)
  })

  it('drops an old close code when reconnecting but keeps the log', () => {
    const closed = run([{ type: 'frame', entry: { direction: 'in', at: 1, text: '{}', binary: false } }, { type: 'status', status: 'closed', code: 1006 }])
    const again = connectionReducer(closed, { type: 'status', status: 'connecting' })
    expect(again.closeCode).toBeUndefined()
    expect(again.frames).toHaveLength(1)
  })

  it('keeps the auth source across server-pushed AUTH answers and clears it on logout', () => {
    const authed = run([{ type: 'auth', auth: admin, source: 'persona admin' }, { type: 'auth', auth: admin }])
    expect(authed.authSource).toBe('persona admin')
    expect(connectionReducer(authed, { type: 'auth', auth: { authenticated: false, session: null } }).authSource).toBeNull()
  })

  it('records re-mount phases by mount handle', () => {
    const view = run([{ type: 'remount', handle: 'm1', phase: 'started' }, { type: 'remount', handle: 'm1', phase: 'succeeded' }])
    expect(view.remounts).toEqual({ m1: 'succeeded' })
  })

  it('puts new activity first and caps it', () => {
    let view = initialView
    for (let i = 0; i < MAX_ACTIVITY + 5; i++) view = connectionReducer(view, { type: 'activity', at: i, tone: 'info', text: `n${i}` })
    expect(view.activity).toHaveLength(MAX_ACTIVITY)
    expect(view.activity[0]?.text).toBe(`n${MAX_ACTIVITY + 4}`)
  })

  it('clears frames on request', () => {
    const view = run([{ type: 'frame', entry: { direction: 'out', at: 1, text: '{}', binary: false } }, { type: 'clear-frames' }])
    expect(view.frames).toEqual([])
  })
})

describe('remountNote', () => {
  it.each([
    ['started', 'Re-mounting after login…'],
    ['succeeded', 'Re-mounted after login'],
    ['failed', 'Re-mount after login failed'],
    [undefined, undefined],
  ] as const)('%s', (phase, note) => expect(remountNote(phase)).toBe(note))
})
