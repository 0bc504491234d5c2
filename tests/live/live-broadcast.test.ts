import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { LiveClient, mountedId, startHarness, type Harness } from './helpers/live-harness'

/**
 * A component whose action emits and broadcasts. As in fluxstack-live@d8538f75:
 * emit(type, payload) goes to the component's own client; broadcast(type,
 * payload) goes to every component mounted in its room, the sender included.
 */
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
    this.broadcast('news', { text: 'only for my room' }, true)
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
  const files = { ...(await h.server.store.workspaces.version(DEMO_WORKSPACE_ID)).files, 'components/megaphone.ts': MEGAPHONE }
  await h.server.store.workspaces.save(DEMO_WORKSPACE_ID, files, 'megaphone')
  const hosted = await h.server.workspaceHost.reload()
  expect(hosted.loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('events an action records, over the wire', () => {
  it('emit goes to the own client; BROADCAST to every component of the room (sender too), not outsiders', async () => {
    const [a, b, outsider] = [await client(), await client(), await client()]
    const aid = mountedId(await a.mount('Megaphone', { room: 'stage' }))
    const bid = mountedId(await b.mount('Megaphone', { room: 'stage' }))
    mountedId(await outsider.mount('Megaphone', { room: 'elsewhere' }))
    // Mounting into a room joins it: the members already there are told.
    expect(await a.waitFor((f) => f.type === 'ROOM_SYSTEM')).toEqual({
      componentId: aid, type: 'ROOM_SYSTEM', roomId: 'stage', event: '$sub:join', data: { subscriberId: bid, count: 2 }, timestamp: expect.any(Number),
    })

    const news = b.next((f) => f.type === 'BROADCAST')
    const rawBefore = a.raw.length
    const answer = await a.action(aid, 'shout', { text: 'hello' })
    expect(answer).toMatchObject({ type: 'ACTION_RESPONSE', success: true, result: { ok: true } })
    const broadcast = { type: 'BROADCAST', componentId: aid, payload: { type: 'news', data: { text: 'HELLO' } }, room: 'stage' }
    expect(await news).toEqual(broadcast)
    // The caller: one batch (state delta and emit first, the pre-serialized broadcast after), then the answer.
    expect(a.raw.slice(rawBefore).map((r) => JSON.parse(r) as unknown)).toEqual([
      [
        { type: 'STATE_DELTA', componentId: aid, payload: { delta: { said: 1 } }, room: 'stage' },
        { type: 'shouted', componentId: aid, payload: { text: 'hello' }, room: 'stage' },
        broadcast,
      ],
      expect.objectContaining({ type: 'ACTION_RESPONSE' }),
    ])
    expect(b.frames.some((f) => f.type === 'shouted')).toBe(false)
    // Someone in another room hears nothing (one more round trip first, so anything sent to it has arrived).
    await outsider.mount('Megaphone')
    expect(outsider.frames.some((f) => f.type === 'shouted' || f.type === 'BROADCAST')).toBe(false)
  })

  it('a broadcast reaches its own room only', async () => {
    const [a, b] = [await client(), await client()]
    const aid = mountedId(await a.mount('Megaphone', { room: 'lobby' }))
    mountedId(await b.mount('Megaphone', { room: 'other-room' }))
    expect(await a.action(aid, 'elsewhere')).toMatchObject({ success: true })
    expect(a.frames.some((f) => f.type === 'BROADCAST')).toBe(true)
    // One more round trip on b: anything sent to it before is in its frames by now.
    await b.mount('Megaphone')
    expect(b.frames.some((f) => f.type === 'BROADCAST')).toBe(false)
  })
})
