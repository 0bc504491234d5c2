import type { Health, Status } from '../api/status'
import type { StudioRuntime } from './registry'

export function healthOf(runtime: StudioRuntime, nowMs = Date.now()): Health {
  return { status: 'ok', version: runtime.version, uptimeS: Math.floor((nowMs - runtime.startedAt) / 1000) }
}

export function statusOf(runtime: StudioRuntime, nowMs = Date.now()): Status {
  const ws = runtime.store.workspaces.get(runtime.activeWorkspaceId)
  return {
    version: runtime.version,
    uptimeS: Math.floor((nowMs - runtime.startedAt) / 1000),
    liveConnections: runtime.liveConnectionCount(),
    store: { file: runtime.store.file, sizeBytes: runtime.store.sizeBytes(), schemaVersion: runtime.store.schemaVersion },
    workspace: ws
      ? { id: ws.id, name: ws.name, fileCount: ws.fileCount, version: ws.currentVersion, updatedAt: ws.updatedAt }
      : null,
    adminTokenRequired: runtime.config.adminToken !== undefined,
    host: runtime.config.host,
  }
}
