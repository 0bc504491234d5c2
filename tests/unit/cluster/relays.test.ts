/**
 * The other cluster parts on the local bus (several endpoints on one hub):
 * per-address connection counts, sandbox spend, workspace reloads, the admin
 * epoch and sign-in failures, the proxy's upstreams, and the decision stream's interest.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AdminSync } from '@/lib/cluster/admin-sync'
import { ConnectionShare } from '@/lib/cluster/connection-share'
import { DecisionRelay } from '@/lib/cluster/decision-relay'
import { LocalBus, LocalHub } from '@/lib/cluster/local-bus'
import { SandboxShare } from '@/lib/cluster/sandbox-share'
import { UpstreamSync } from '@/lib/cluster/upstream-sync'
import { WorkspaceSync } from '@/lib/cluster/workspace-sync'
import { ConnectionCounter } from '@/lib/live/server/connection-caps'
import type { DecisionRecord } from '@/lib/store/model/decision'

/** Coalesced messages leave on the next turn and arrive a microtask later. */
const settle = async () => {
  await new Promise((r) => setImmediate(r))
  await new Promise((r) => setImmediate(r))
}
const closers: (() => unknown)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})
function bus(hub: LocalHub, id: string): LocalBus {
  const b = new LocalBus({ instanceId: id, hub })
  closers.push(() => b.close())
  return b
}

describe('connection counts across instances', () => {
  function counter(hub: LocalHub, id: string) {
    const b = bus(hub, id)
    const c = new ConnectionCounter({ total: 100, perAddress: 3, retryAfterSeconds: 1 })
    const share = new ConnectionShare(b, () => c.snapshot())
    c.shared = share
    closers.push(() => share.close())
    return { bus: b, counter: c, share }
  }

  it('the per-address cap counts the sockets held by the other instances', async () => {
    const hub = new LocalHub()
    const A = counter(hub, 'a')
    const B = counter(hub, 'b')
    A.counter.add('1.2.3.4')
    A.counter.add('1.2.3.4')
    B.counter.add('1.2.3.4')
    await settle()
    expect(A.share.remoteCount('1.2.3.4')).toBe(1)
    expect(B.counter.refusal('1.2.3.4')).toMatch(/Too many live connections from your address \(max 3\)/)
    expect(B.counter.refusal('5.6.7.8')).toBeUndefined()
    A.counter.remove('1.2.3.4')
    await settle()
    expect(B.counter.refusal('1.2.3.4')).toBeUndefined()
  })

  it('a new instance asks for snapshots; an instance that goes away no longer counts', async () => {
    const hub = new LocalHub()
    const A = counter(hub, 'a')
    A.counter.add('9.9.9.9')
    await settle()
    const C = counter(hub, 'c')
    C.bus.publish({ kind: 'sync' })
    await settle()
    await settle()
    expect(C.share.remoteCount('9.9.9.9')).toBe(1)
    await A.bus.close()
    expect(C.share.remoteCount('9.9.9.9')).toBe(0)
  })
})

describe('sandbox spend across instances', () => {
  it('what an address spends on one instance is charged to its budget on the others', async () => {
    const hub = new LocalHub()
    const charged: [string, number][] = []
    const A = new SandboxShare(bus(hub, 'a'), { chargeAddress: () => undefined })
    const B = new SandboxShare(bus(hub, 'b'), { chargeAddress: (address, ms) => void charged.push([address, ms]) })
    closers.push(() => A.close(), () => B.close())
    A.charged('1.2.3.4', 40)
    A.charged('1.2.3.4', 2)
    A.report()
    await settle()
    expect(charged).toEqual([['1.2.3.4', 42]])
  })
})

describe('workspace reloads across instances', () => {
  it('a change on A reloads B; B does not announce the reload it was asked for', async () => {
    const hub = new LocalHub()
    const hostB = { workspaceId: 'demo', reload: vi.fn((_options: { announce?: boolean }) => Promise.resolve()), switchTo: vi.fn((_id: string, _options: { announce?: boolean }) => Promise.resolve()) }
    const A = new WorkspaceSync(bus(hub, 'a'), { workspaceId: 'demo', reload: () => Promise.resolve(), switchTo: () => Promise.resolve() })
    const busB = bus(hub, 'b')
    const B = new WorkspaceSync(busB, hostB)
    hostB.reload.mockImplementation((options) => {
      // What the workspace host does: onChange (and so an announcement) only for a reload that may announce.
      if (options.announce !== false) B.changed('demo', 2)
      return Promise.resolve()
    })
    const sent = hub.sent
    A.changed('demo', 2)
    await settle()
    expect(hostB.reload).toHaveBeenCalledTimes(1)
    expect(hostB.reload).toHaveBeenCalledWith({ announce: false })
    expect(hub.sent).toBe(sent + 1)
    A.changed('other', 1)
    await settle()
    expect(hostB.switchTo).toHaveBeenCalledWith('other', { announce: false })
  })
})

describe('admin session across instances', () => {
  it('sign out everywhere and wrong tokens reach the other instances', async () => {
    const hub = new LocalHub()
    const a = new AdminSync(bus(hub, 'a'), { adoptEpoch: () => undefined, refreshEpoch: () => undefined, remoteFailure: () => undefined })
    const seen = { epoch: 0, failures: [] as string[] }
    new AdminSync(bus(hub, 'b'), { adoptEpoch: (e) => void (seen.epoch = e), refreshEpoch: () => undefined, remoteFailure: (c) => void seen.failures.push(c) })
    a.revoked(3)
    a.failed('10.0.0.1', 5)
    await settle()
    expect(seen).toEqual({ epoch: 3, failures: ['10.0.0.1'] })
  })
})

describe('decision stream across instances', () => {
  const record = { id: 1, at: 1, kind: 'mount', verdict: 'allow', profile: 'p', durationUs: 1, repeatCount: 1, payloadDigest: null, payloadJson: null, payloadTruncated: false, trace: [], auth: {} } as unknown as DecisionRecord

  it('decisions are sent only while another instance has pages listening, and reach its stream', async () => {
    const hub = new LocalHub()
    const got: DecisionRecord[] = []
    const A = new DecisionRelay(bus(hub, 'a'), () => undefined)
    const B = new DecisionRelay(bus(hub, 'b'), (r) => void got.push(r))
    closers.push(() => A.close(), () => B.close())
    expect(A.wanted()).toBe(false)
    A.publish(record)
    B.localListeners(1)
    await settle()
    expect(A.wanted()).toBe(true)
    A.publish(record)
    await settle()
    expect(got).toEqual([record])
    expect(A.published).toBe(1)
  })

  it('a single instance never publishes', () => {
    const relay = new DecisionRelay(new LocalBus({ instanceId: 'alone' }), () => undefined)
    expect(relay.wanted()).toBe(false)
  })
})

describe('decision stream interest for a new instance', () => {
  it('an instance that joins later (sync) hears at once that pages elsewhere are listening', async () => {
    const hub = new LocalHub()
    const A = new DecisionRelay(bus(hub, 'a'), () => undefined)
    A.localListeners(1)
    const busC = bus(hub, 'c')
    const C = new DecisionRelay(busC, () => undefined)
    closers.push(() => A.close(), () => C.close())
    const heard: boolean[] = []
    busC.on('inspector', (m) => void heard.push(m.listening))
    busC.publish({ kind: 'sync' })
    await settle()
    expect(heard).toEqual([true])
    expect(C.wanted(0)).toBe(true)
  })
})

describe("the recording proxy's upstreams across instances", () => {
  it('a list saved on A is read again from the store on B (not on A), and once more after a reconnect', async () => {
    const hub = new LocalHub()
    const refreshedA = vi.fn(() => Promise.resolve())
    const refreshedB = vi.fn(() => Promise.resolve())
    const A = new UpstreamSync(bus(hub, 'a'), { refresh: refreshedA })
    const B = new UpstreamSync(bus(hub, 'b'), { refresh: refreshedB })
    closers.push(() => A.close(), () => B.close())
    A.changed()
    await settle()
    expect(refreshedB).toHaveBeenCalledTimes(1)
    expect(refreshedA).not.toHaveBeenCalled()
  })

  it('a re-read that fails is counted and said, never thrown', async () => {
    const hub = new LocalHub()
    const lines: string[] = []
    const A = new UpstreamSync(bus(hub, 'a'), { refresh: () => Promise.resolve() })
    const B = new UpstreamSync(bus(hub, 'b'), { refresh: () => Promise.reject(new Error('store unavailable')) }, (line) => void lines.push(line))
    closers.push(() => A.close(), () => B.close())
    A.changed()
    await settle()
    await settle()
    expect(B.failedRefreshes).toBe(1)
    expect(lines[0]).toMatch(/upstreams after a change on another instance failed: store unavailable/)
  })
})
