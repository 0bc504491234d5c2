import type { LoadedWorkspace } from '../../sandbox'
import type { LiveSettings } from './live-settings'

/** One loaded version of the served workspace: what a mounted component runs on. */
export interface HostedVersion {
  readonly workspaceId: string
  readonly version: number
  readonly loaded: LoadedWorkspace
  readonly settings: LiveSettings
}

/**
 * What the live server needs from whoever serves the workspace. The live
 * server owns this contract and the studio's WorkspaceHost implements it, so
 * this lower layer never imports from the studio server above it.
 */
export interface LiveHost {
  /** The workspace new connections are served from (personas are looked up in it). */
  readonly workspaceId: string
  /** The current version, loaded on first use. */
  current(): Promise<HostedVersion>
  /** Marks `hosted` as in use by one mounted component; call the returned function on unmount. */
  acquire(hosted: HostedVersion): () => void
  /** Engine restarts summed over the loaded versions (for the Overview). */
  servedRestarts(): number
}
