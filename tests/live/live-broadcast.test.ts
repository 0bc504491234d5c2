import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { LiveClient, mountedId, startHarness, type Harness } from './helpers/live-harness'

/** A component whose action emits to its room and broadcasts (to its room, and to a named one). */
const MEGAPHONE = `import { LiveComponent } from '@fluxstack/live'
export class Megaphone extends LiveComponent<{ said: number }> {
  static componentName = 'Megaphone'
  static publicActions = ['shout', 'elsewhere'] as const
  static defaultState = { said: 0 }
  async shout(payload: { text: string }) {
    this.setState({ said: this.state.said + 1 })
    this.emit('shouted', { text: payload.text })
    this.broadcast('news', { text: payload.text.toUpperCase() })
    return { ok: true }
  }
  async elsewhere() {
    this.broadcast('news', { text: 'not for you' }, 'other-room')
    return { ok: true }
  }
}
`

let h: Harness
const clients: LiveClient[] = []
async function client(): Promise<LiveClient> {
  const c = await LiveClient.open(h.wsUrl)
  clients.push(c)
  return c
}

beforeAll(async () => {
  h = await startHarness()
  const files = { ...h.server.store.workspaces.version(DEMO_WORKSPACE_ID).files, 'components/megaphone.ts': MEGAPHONE }
  h.server.store.workspaces.save(DEMO_WORKSPACE_ID, files, 'megaphone')
  const hosted = await h.server.workspaceHost.reload()
  expect(hosted.loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('events an action records, over the wire', () => {
  it('EMIT and BROADCAST reach the other members of the room, not the caller and not outsiders', async () => {
    const [a, b, outsider] = [await client(), await client(), await client()]
    const aid = mountedId(await a.mount('Megaphone', { room: 'stage' }))
    const bid = mountedId(await b.mount('Megaphone', { room: 'stage' }))
    mountedId(await outsider.mount('Megaphone', { room: 'elsewhere' }))

    const event = b.next((f) => f.type === 'ROOM_EVENT')
    const news = b.next((f) => f.type === 'BROADCAST')
    const answer = await a.action(aid, 'shout', { text: 'hello' })
    expect(answer).toMatchObject({ type: 'ACTION_RESPONSE', success: true, result: { ok: true } })
    expect(await event).toEqual({ type: 'ROOM_EVENT', componentId: bid, roomId: 'stage', event: 'shouted', data: { text: 'hello' } })
    expect(await news).toEqual({ type: 'BROADCAST', componentId: bid, payload: { type: 'news', data: { text: 'HELLO' } }, room: 'stage' })
    // The caller gets its own state change, never its own events.
    expect(a.frames.some((f) => f.type === 'STATE_DELTA' && f.componentId === aid)).toBe(true)
    expect(a.frames.some((f) => f.type === 'ROOM_EVENT' || f.type === 'BROADCAST')).toBe(false)
    // Someone in another room hears nothing (one more round trip first, so anything sent to it has arrived).
    await outsider.mount('Megaphone')
    expect(outsider.frames.some((f) => f.type === 'ROOM_EVENT' || f.type === 'BROADCAST')).toBe(false)
  })

  it('a broadcast to a room the component is not in goes nowhere', async () => {
    const [a, b] = [await client(), await client()]
    const aid = mountedId(await a.mount('Megaphone', { room: 'lobby' }))
    mountedId(await b.mount('Megaphone', { room: 'other-room' }))
    expect(await a.action(aid, 'elsewhere')).toMatchObject({ success: true })
    // One more round trip on b: anything sent to it before is in its frames by now.
    await b.mount('Megaphone')
    expect(b.frames.some((f) => f.type === 'BROADCAST')).toBe(false)
  })
})
