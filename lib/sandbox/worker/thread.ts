/**
 * One worker as the pool sees it (its queue, the requests in flight, the
 * versions it hosts) and one request waiting for or on it.
 */
import type { SandboxFailure } from '../errors'
import type { SandboxLane } from '../lanes'
import { FairQueue } from './fair-queue'
import type { WorkerReply, WorkerRequest } from './protocol'
import type { RemoteVersion } from './remote-version'
import type { Slot } from './slot'

export interface Pending {
  readonly lane: string
  readonly owner: SandboxLane | undefined
  /** Built when sent (a load is sent with the generation current at that moment). */
  readonly build: (id: number) => WorkerRequest
  readonly version: RemoteVersion
  readonly resolve: (reply: WorkerReply) => void
  /** A version's first load (not a re-load after a worker was replaced). */
  readonly firstLoad?: true
  id?: number
  sentAt?: number
}

export class Thread {
  /** Worker milliseconds spent on requests, requests answered and batches sent, since the pool started. */
  busyMs = 0
  answered = 0
  sent = 0
  readonly queue = new FairQueue<Pending>()
  readonly inflight = new Map<number, Pending>()
  readonly versions = new Set<RemoteVersion>()
  batches = 0
  scheduled = false
  dead = false
  slot!: Slot
}

/** The lane of the re-loads after a worker was replaced: served first, never charged. */
export const RELOAD_LANE = '\u0000reload'
export const DISPOSED: SandboxFailure = { code: 'ERR_SANDBOX_DISPOSED', message: 'This workspace version was disposed' }
