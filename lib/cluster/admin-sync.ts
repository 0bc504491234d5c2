/**
 * The admin session on every instance. Session cookies are signed with a key
 * derived from STUDIO_ADMIN_TOKEN, which every instance of a deployment has,
 * so a cookie issued by one is valid on all; what must travel is "sign out
 * everywhere" (the session epoch, kept in the shared store and announced at
 * once) and wrong-token tries, so the sign-in throttle of an address counts
 * its guesses on every instance.
 */
import type { ClusterBus } from './bus'

/** What the sync needs of lib/server/admin-access.ts. */
export interface SharedAdminAccess {
  /** Takes a higher epoch (never lowers it). */
  adoptEpoch(epoch: number): void
  /** Reads the epoch from the store again. */
  refreshEpoch(): Promise<void> | void
  /** A wrong token from `client` on another instance. */
  remoteFailure(client: string, atMs: number): void
}

export class AdminSync {
  private readonly offs: (() => void)[]

  constructor(private readonly bus: ClusterBus, access: SharedAdminAccess) {
    this.offs = [
      bus.on('admin-epoch', (m) => access.adoptEpoch(m.epoch)),
      bus.on('sign-in-failure', (m) => access.remoteFailure(m.client, m.at)),
      bus.onReconnect(() => void Promise.resolve(access.refreshEpoch()).catch(() => undefined)),
    ]
  }

  revoked(epoch: number): void {
    this.bus.publish({ kind: 'admin-epoch', epoch })
  }

  failed(client: string, atMs: number): void {
    this.bus.publish({ kind: 'sign-in-failure', client, at: atMs })
  }

  close(): void {
    for (const off of this.offs) off()
  }
}
