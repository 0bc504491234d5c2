/**
 * A save, restore, settings change or workspace switch on one instance is
 * live on all: the instance that made it says so, the others reload their
 * workspace host from the shared store (a switch is followed the same way).
 * A reload started by a message is not announced again (the host is told not to).
 */
import type { ClusterBus } from './bus'

/** What the sync needs of the workspace host (lib/server/workspace-host.ts). */
export interface ReloadableHost {
  readonly workspaceId: string
  reload(options: { readonly announce?: boolean }): Promise<unknown>
  switchTo(workspaceId: string, options: { readonly announce?: boolean }): Promise<unknown>
}

export class WorkspaceSync {
  private readonly offs: (() => void)[] = []
  /** Reloads asked by other instances that failed (a version that does not load is reported where it was saved). */
  failedReloads = 0

  /** `readActive` reads the active workspace from the shared store (a switch made while Redis was away). */
  constructor(
    private readonly bus: ClusterBus,
    private readonly host: ReloadableHost,
    private readonly log: (line: string) => void = () => {},
    readActive: () => Promise<string> | string = () => host.workspaceId,
  ) {
    this.offs.push(
      bus.on('workspace', (m) => this.apply(m.workspaceId)),
      // Saves and switches made while Redis was away were not heard: read the store again.
      bus.onReconnect(() => {
        Promise.resolve(readActive()).then((id) => this.apply(id), (error: unknown) => this.failed('(the active one)', error))
      }),
    )
  }

  /** The host changed here (WorkspaceHost's onChange): tell the others, unless the change came from them. */
  changed(workspaceId: string, version: number): void {
    this.bus.publish({ kind: 'workspace', workspaceId, version })
  }

  private apply(workspaceId: string): void {
    // Not announced: the change came from another instance (announcing it would echo it back).
    const quiet = { announce: false }
    const work = workspaceId === this.host.workspaceId ? this.host.reload(quiet) : this.host.switchTo(workspaceId, quiet)
    work.catch((error: unknown) => this.failed(workspaceId, error))
  }

  private failed(workspaceId: string, error: unknown): void {
    this.failedReloads++
    this.log(`Reloading workspace ${workspaceId} after a change on another instance failed: ${error instanceof Error ? error.message : String(error)}`)
  }

  close(): void {
    for (const off of this.offs) off()
  }
}
