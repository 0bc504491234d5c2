import type { Health, Status } from '../api/status'
import { RETENTION_META_KEY, retentionInForce } from '../store/model/retention'
import type { StudioRuntime } from './registry'

export function healthOf(runtime: StudioRuntime, nowMs = Date.now()): Health {
  return { status: 'ok', version: runtime.version, uptimeS: Math.floor((nowMs - runtime.startedAt) / 1000) }
}

export async function statusOf(runtime: StudioRuntime, nowMs = Date.now()): Promise<Status> {
  const [ws, info, retention] = await Promise.all([
    runtime.store.workspaces.get(runtime.activeWorkspaceId),
    runtime.store.info(),
    runtime.store.meta.get(RETENTION_META_KEY),
  ])
  return {
    version: runtime.version,
    uptimeS: Math.floor((nowMs - runtime.startedAt) / 1000),
    liveConnections: runtime.liveConnectionCount(),
    store: { kind: info.kind, file: info.location, sizeBytes: info.sizeBytes, databaseBytes: info.databaseBytes, walBytes: info.walBytes, schemaVersion: info.schemaVersion },
    retention: retentionInForce(retention),
    workspace: ws
      ? { id: ws.id, name: ws.name, fileCount: ws.fileCount, version: ws.currentVersion, updatedAt: ws.updatedAt }
      : null,
    adminTokenRequired: runtime.config.adminToken !== undefined,
    host: runtime.config.host,
    sandbox: runtime.protection(),
    proxy: runtime.proxy(),
  }
}
