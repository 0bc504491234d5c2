/**
 * Joins the running parts of one instance to the others (STUDIO_REDIS_URL):
 * rooms, the decision stream, workspace reloads, the admin session, per-address
 * connection caps and sandbox budgets. On a single instance (the local bus)
 * nothing is wired, so the studio behaves exactly as it does without a cluster.
 */
import type { BusStatus, ClusterBus, InstanceInfo } from '../cluster/bus'
import { AdminSync } from '../cluster/admin-sync'
import { ConnectionShare } from '../cluster/connection-share'
import type { DecisionRelay } from '../cluster/decision-relay'
import type { RoomRelay } from '../cluster/room-relay'
import { SandboxShare } from '../cluster/sandbox-share'
import { UpstreamSync } from '../cluster/upstream-sync'
import type { WorkspaceSync } from '../cluster/workspace-sync'
import type { UpstreamList } from '../live/proxy/upstreams'
import type { LiveServer } from '../live/server/live-server'
import type { AdminAccess } from './admin-access'

/** What GET /api/status shows about the instances. */
export interface ClusterView extends BusStatus {
  readonly instances: readonly InstanceInfo[]
  /** Caps and budgets count across instances now (false: this instance counts alone). */
  readonly sharedCounts: boolean
  /** Live sockets the other instances hold (as they last said). */
  readonly remoteConnections: number
}

export interface ClusterParts {
  readonly bus: ClusterBus
  readonly rooms: RoomRelay
  readonly decisions: DecisionRelay
  readonly workspace: WorkspaceSync
  readonly live: LiveServer
  readonly adminAccess: AdminAccess
  readonly upstreams: UpstreamList
  readonly log?: (line: string) => void
}

export function wireCluster(parts: ClusterParts): { view(): ClusterView; close(): Promise<void> } {
  const { bus, live, adminAccess } = parts
  const closers: (() => void)[] = [() => parts.decisions.close(), () => parts.workspace.close()]
  let connections: ConnectionShare | undefined
  if (bus.kind === 'redis') {
    const ctx = live.runtimeContext
    if (ctx) {
      closers.push(parts.rooms.attach(ctx.rooms))
      const registry = ctx.registry
      registry.fanout = { publish: (room, frame, excludeUser) => bus.publish({ kind: 'broadcast', room, frame, ...(excludeUser !== undefined ? { excludeUser } : {}) }) }
      closers.push(bus.on('broadcast', (m) => registry.deliverBroadcast(m.room, m.frame, m.excludeUser)))
    }
    connections = new ConnectionShare(bus, () => live.connections.snapshot())
    live.connections.shared = connections
    const share = connections
    closers.push(() => share.close())
    if (ctx) {
      const sandbox = new SandboxShare(bus, ctx.budget)
      ctx.budget.onAddressCharge = (address, ms) => sandbox.charged(address, ms)
      closers.push(() => sandbox.close())
    }
    const admin = new AdminSync(bus, adminAccess)
    adminAccess.announcer = admin
    closers.push(() => admin.close())
    const upstreams = new UpstreamSync(bus, parts.upstreams, parts.log)
    parts.upstreams.onReplace = () => upstreams.changed()
    closers.push(() => upstreams.close())
  }
  return {
    view() {
      const status = bus.status()
      return {
        ...status,
        instances: bus.instances(),
        sharedCounts: status.state === 'connected',
        remoteConnections: connections?.remoteTotal() ?? 0,
      }
    },
    async close() {
      for (const close of closers) close()
      await bus.close()
    },
  }
}
