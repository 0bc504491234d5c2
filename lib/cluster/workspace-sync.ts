/**
 * A save, restore, settings change or workspace switch on one instance is
 * live on all: the instance that made it says so, the others reload their
 * workspace host from the shared store (a switch is followed the same way).
 * A reload started by a message is not announced again.
 */
import type { ClusterBus } from './bus'

/** What the sync needs of the workspace host (lib/server/workspace-host.ts). */
export interface ReloadableHost {
  readonly workspaceId: string
  reload(): Promise<unknown>
  switchTo(workspaceId: string): Promise<unknown>
}

export class WorkspaceSync {
  private applying = false
  private readonly offs: (() => void)[] = []
  /** Reloads asked by other instances that failed (a version that does not load is reported where it was saved). */
  failedReloads = 0

  /** `readActive` reads the active workspace from the shared store (a switch made while Redis was away). */
  constructor(
    private readonly bus: ClusterBus,
    private readonly host: ReloadableHost,
    private readonly log: (line: string) => void = () => {},
    readActive: () => string = () => host.workspaceId,
  ) {
    this.offs.push(
      bus.on('workspace', (m) => this.apply(m.workspaceId)),
      // Saves and switches made while Redis was away were not heard: read the store again.
      bus.onReconnect(() => this.apply(readActive())),
    )
  }

  /** The host changed here (WorkspaceHost's onChange): tell the others, unless the change came from them. */
  changed(workspaceId: string, version: number): void {
    if (this.applying) return
    this.bus.publish({ kind: 'workspace', workspaceId, version })
  }

  private apply(workspaceId: string): void {
    this.applying = true
    let work: Promise<unknown>
    try {
      work = workspaceId === this.host.workspaceId ? this.host.reload() : this.host.switchTo(workspaceId)
    } finally {
      this.applying = false
    }
    work.catch((error: unknown) => {
      this.failedReloads++
      this.log(`Reloading workspace ${workspaceId} after a change on another instance failed: ${error instanceof Error ? error.message : String(error)}`)
    })
  }

  close(): void {
    for (const off of this.offs) off()
  }
}
