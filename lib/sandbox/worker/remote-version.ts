/**
 * A workspace version loaded on one of the pool's workers: how instances and
 * rule functions reach it (calls, actions), and what the host knows of its
 * engine (generation, restarts, a load that broke it).
 */
import type { SandboxFailure } from '../errors'
import type { SandboxLane } from '../lanes'
import type { VersionSpec, WorkerReply, WorkerRequest } from './protocol'
import type { Thread } from './thread'

/** Where a version's requests are queued (the pool). */
export interface RequestQueue {
  enqueue(version: RemoteVersion, build: (id: number) => WorkerRequest, owner?: SandboxLane): Promise<WorkerReply>
}

export class RemoteVersion {
  /** Raised when the engine was rebuilt or the worker replaced: instances of older generations must be restored. */
  generation = 0
  restarts = 0
  loaded = false
  broken: SandboxFailure | undefined
  disposed = false
  memoryBytes: number

  constructor(
    private readonly pool: RequestQueue,
    readonly spec: VersionSpec,
    public thread: Thread,
  ) {
    this.memoryBytes = spec.memoryBytes
  }

  /** Notes the generation a reply ran in. */
  observe(reply: WorkerReply): void {
    if (reply.g !== undefined && reply.g > this.generation) {
      this.generation = reply.g
      this.restarts++
    }
  }

  call(op: string, json: string, gen?: number, lane?: SandboxLane): Promise<WorkerReply> {
    const vid = this.spec.vid
    return this.pool.enqueue(this, (id) => (gen === undefined ? { k: 'call', id, vid, op, json } : { k: 'call', id, vid, op, json, gen }), lane)
  }

  act(gen: number, inst: number, action: string, payload: string | undefined, caller: string | undefined, lane?: SandboxLane): Promise<WorkerReply> {
    const vid = this.spec.vid
    return this.pool.enqueue(this, (id) => ({
      k: 'act', id, vid, gen, inst, action, ...(payload !== undefined ? { payload } : {}), ...(caller !== undefined ? { caller } : {}),
    }), lane)
  }

  async ready(): Promise<void> {
    const vid = this.spec.vid
    await this.pool.enqueue(this, (id) => ({ k: 'ready', id, vid }))
  }

  dispose(): void {
    if (this.disposed) return
    const vid = this.spec.vid
    void this.pool.enqueue(this, (id) => ({ k: 'unload', id, vid }))
    this.disposed = true
    this.thread.versions.delete(this)
  }
}
