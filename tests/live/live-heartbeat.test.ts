import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { getRuntime } from '@/lib/server/registry'
import { LiveClient, mountedId, personaToken, startHarness, type Harness } from './helpers/live-harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ heartbeatMs: 100 })
})
afterAll(async () => {
  await h.close()
})

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) return false
    await new Promise((r) => setTimeout(r, 20))
  }
  return true
}

describe('heartbeat', () => {
  it('terminates a dead socket (no pong) and frees what it held; a live client stays', async () => {
    const live = await LiveClient.open(h.wsUrl)
    expect((await live.auth(await personaToken(h.server, 'admin'))).success).toBe(true)
    mountedId(await live.mount('AdminPanel'))

    // A client that never answers pings (ws answers them by itself unless told not to).
    const dead = new WebSocket(h.wsUrl, { autoPong: false })
    await new Promise((resolve, reject) => {
      dead.once('open', resolve)
      dead.once('error', reject)
    })
    const closed = new Promise<number>((resolve) => dead.once('close', (code) => resolve(code)))
    const counts = () => getRuntime().liveCounts()
    expect(await until(() => counts().open === 2, 1000)).toBe(true)
    expect(counts()).toMatchObject({ authenticated: 1, anonymous: 1, mountedComponents: 1 })

    // Terminated within two sweeps (the first ping goes unanswered, the next sweep ends it).
    const started = Date.now()
    expect(await closed).toBe(1006)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await until(() => counts().open === 1, 1000)).toBe(true)

    // The answering client is still served after many sweeps.
    await new Promise((r) => setTimeout(r, 350))
    expect(counts()).toMatchObject({ open: 1, authenticated: 1, mountedComponents: 1 })
    expect((await live.mount('ProtectedChat')).success).toBe(true)
    live.close()
  })
})
