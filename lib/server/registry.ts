import type { StudioConfig } from '../config'
import type { ProtectionFigures } from '../live/server/live-server'
import type { InspectorHub } from '../live/server/inspector-hub'
import type { UpstreamFigures } from '../live/proxy/proxy-stats'
import type { UpstreamList } from '../live/proxy/upstreams'
import type { DecisionStore, StudioStore } from '../store/contract'
import type { AdminAccess } from './admin-access'
import type { WorkspaceHost } from './workspace-host'

/** What route handlers need from the running server. */
export interface StudioRuntime {
  readonly version: string
  readonly startedAt: number
  readonly config: StudioConfig
  readonly store: StudioStore
  /** The served workspace (the workspace host's; switched by POST /api/workspaces/active). */
  readonly activeWorkspaceId: string
  liveConnectionCount(): number
  /** Open live connections by auth state and mounted components, right now. */
  liveCounts(): { open: number; authenticated: number; anonymous: number; mountedComponents: number }
  /** Sandbox workers and the live server's protective refusals (GET /api/status). */
  protection(): ProtectionFigures
  /** The recording proxy: sockets open through it and its figures per upstream. */
  proxy(): { open: number; upstreams: UpstreamFigures[] }
  /** The active workspace loaded in the sandbox; call `reload()` after a save (hot-load). */
  readonly workspaceHost: WorkspaceHost
  /** Every live decision, written in batches; the log's reads, metrics and retention. */
  readonly decisions: DecisionStore
  /** The recording proxy's upstreams, kept in memory (the proxy reads them per upgrade); `replace` stores a new list. */
  readonly upstreams: UpstreamList
  /** Admin-only fan-out of written decisions (GET /api/inspector/stream). */
  readonly inspector: InspectorHub
  /** Admin sign-in, its throttle and the session epoch ("sign out everywhere"). */
  readonly adminAccess: AdminAccess
}

// Next compiles its own copy of lib/, so module-level state would split in two.
// One well-known global slot is shared by the server entry and every route handler.
const SLOT = Symbol.for('live-auth-studio.runtime')
type Holder = { [SLOT]?: StudioRuntime }

export function setRuntime(runtime: StudioRuntime | undefined): void {
  ;(globalThis as Holder)[SLOT] = runtime
}

export function getRuntime(): StudioRuntime {
  const runtime = (globalThis as Holder)[SLOT]
  if (!runtime) throw new Error('The studio runtime is not started (run the server with `npm start`).')
  return runtime
}
