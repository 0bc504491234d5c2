import type { ClusterStatusView, Health, Status } from '../api/status'
import type { ClusterView } from './cluster-wiring'
import { RETENTION_META_KEY, retentionInForce } from '../store/decision-retention'
import type { StudioRuntime } from './registry'

export function healthOf(runtime: StudioRuntime, nowMs = Date.now()): Health {
  return { status: 'ok', version: runtime.version, uptimeS: Math.floor((nowMs - runtime.startedAt) / 1000) }
}

export function statusOf(runtime: StudioRuntime, nowMs = Date.now()): Status {
  const ws = runtime.store.workspaces.get(runtime.activeWorkspaceId)
  const { databaseBytes, walBytes } = runtime.store.diskUsage()
  return {
    version: runtime.version,
    uptimeS: Math.floor((nowMs - runtime.startedAt) / 1000),
    liveConnections: runtime.liveConnectionCount(),
    store: { kind: runtime.storeKind ?? 'sqlite', file: runtime.store.file, sizeBytes: databaseBytes + walBytes, databaseBytes, walBytes, schemaVersion: runtime.store.schemaVersion },
    retention: retentionInForce(runtime.store.getMeta(RETENTION_META_KEY)),
    workspace: ws
      ? { id: ws.id, name: ws.name, fileCount: ws.fileCount, version: ws.currentVersion, updatedAt: ws.updatedAt }
      : null,
    adminTokenRequired: runtime.config.adminToken !== undefined,
    host: runtime.config.host,
    sandbox: runtime.protection(),
    proxy: runtime.proxy(),
    ...(runtime.cluster ? { cluster: viewOf(runtime.cluster()) } : {}),
  }
}

function viewOf(cluster: ClusterView): ClusterStatusView {
  return { ...cluster, instances: [...cluster.instances] }
}
