/**
 * The sandbox's threads. Each loaded workspace version lives on one worker (one
 * engine: module-level state is shared by its rules and instances, as in the
 * Node process of a real app); versions are spread over the workers. Requests
 * are queued per worker, fairly between lanes, and sent in batches (one
 * postMessage each way per batch). A watchdog stops a worker whose request
 * overran its deadline plus a grace period (a long built-in, which the engine's
 * own deadline cannot interrupt): that request fails with a clear error, the
 * worker is replaced by a spare, its versions are loaded again, and every other
 * request it held is sent again, so nobody else loses anything.
 */
import type { SandboxFailure } from '../errors'
import type { SandboxLane } from '../lanes'
import { compiledWasm } from '../wasm-pool'
import { AnswerQueue } from './answer-queue'
import { OverrunJudge } from './overrun-judge'
import { poolOptionsFromEnv, type PoolOptions } from './pool-options'
import type { LoadReply, VersionSpec, WorkerReply, WorkerRequest } from './protocol'
import { RemoteVersion, type RequestQueue } from './remote-version'
import { localSlot, spawnWorkerSlot, type Slot } from './slot'
import { DISPOSED, RELOAD_LANE, Thread, type Pending } from './thread'

/** Requests per batch: enough to amortize a postMessage, few enough to keep latency low. */
const MAX_BATCH = 64
/** Batches in flight per worker: one running, one waiting, so the worker never idles on the hop. */
const MAX_BATCHES_IN_FLIGHT = 4
const WATCHDOG_INTERVAL_MS = 10

export class SandboxPool implements RequestQueue {
  private readonly threads: Thread[] = []
  private spare: Slot | undefined
  private nextVid = 1
  private nextId = 1
  private readonly watchdog: NodeJS.Timeout | undefined
  private wasm: WebAssembly.Module | undefined
  /** Workers stopped by the watchdog or lost, since the pool started. */
  replacements = 0
  /** Answers on their way to their callers, a bounded amount per turn of the event loop. */
  private readonly answers = new AnswerQueue()
  private readonly judge: OverrunJudge

  constructor(readonly options: PoolOptions) {
    this.judge = options.judge ?? new OverrunJudge()
    const count = Math.max(1, options.workers)
    for (let i = 0; i < count; i++) this.threads.push(new Thread())
    if (options.workers > 0) {
      this.watchdog = setInterval(() => this.patrol(), WATCHDOG_INTERVAL_MS)
      this.watchdog.unref()
    } else {
      this.threads[0]!.slot = localSlot(this.eventsFor(this.threads[0]!))
    }
  }

  get workerCount(): number {
    return this.options.workers
  }

  /** Starts the workers (and a spare) once the WebAssembly module is compiled. */
  private async ensureStarted(): Promise<void> {
    if (this.options.workers === 0 || this.wasm !== undefined) return
    const wasm = await compiledWasm()
    if (this.wasm !== undefined) return
    this.wasm = wasm
    for (const thread of this.threads) thread.slot = this.spawn(thread)
    this.spare = this.spawnDetached()
  }

  private spawn(thread: Thread): Slot {
    return spawnWorkerSlot(this.wasm!, this.options.graceMs, this.eventsFor(thread))
  }

  /** A worker not yet bound to a thread: its events are re-routed when it takes a thread over. */
  private spawnDetached(): Slot {
    const box: { thread?: Thread } = {}
    const slot = spawnWorkerSlot(this.wasm!, this.options.graceMs, {
      replies: (replies) => box.thread && this.onReplies(box.thread, replies),
      died: (reason) => {
        if (box.thread) this.replace(box.thread, reason)
        else if (this.spare === slot) this.spare = undefined
      },
    })
    ;(slot as Slot & { adopt?: (t: Thread) => void }).adopt = (t) => {
      box.thread = t
    }
    return slot
  }

  private eventsFor(thread: Thread) {
    return {
      replies: (replies: WorkerReply[]) => this.onReplies(thread, replies),
      died: (reason: string) => this.replace(thread, reason),
    }
  }

  /** Loads a version on the worker with the fewest versions. */
  async load(spec: Omit<VersionSpec, 'vid'>): Promise<{ version: RemoteVersion; reply: WorkerReply }> {
    await this.ensureStarted()
    const thread = this.threads.reduce((a, b) => (b.versions.size < a.versions.size ? b : a))
    const version = new RemoteVersion(this, { ...spec, vid: this.nextVid++ }, thread)
    thread.versions.add(version)
    const reply = await this.enqueue(version, (id) => ({ k: 'load', id, spec: version.spec, gen: version.generation }), undefined, true)
    if (reply.load) {
      version.loaded = true
      version.memoryBytes = reply.load.memoryBytes
    } else version.thread.versions.delete(version)
    return { version, reply }
  }

  /** Queues a request of `version` on its worker, under `owner`'s lane (charged its time). */
  enqueue(version: RemoteVersion, build: (id: number) => WorkerRequest, owner?: SandboxLane, firstLoad = false): Promise<WorkerReply> {
    if (version.disposed) return Promise.resolve({ id: 0, ms: 0, f: DISPOSED })
    if (version.broken) return Promise.resolve({ id: 0, ms: 0, f: version.broken })
    return new Promise<WorkerReply>((resolve) => {
      const pending: Pending = { lane: owner?.key ?? '', owner, build, version, resolve, ...(firstLoad ? { firstLoad: true as const } : {}) }
      version.thread.queue.push(pending)
      this.schedule(version.thread)
    })
  }

  /**
   * An idle worker gets the requests of this turn as soon as the turn's
   * microtasks are done; a busy one gets everything queued by its next reply
   * (or the next turn of the event loop), so batches grow under load.
   */
  private schedule(thread: Thread): void {
    if (thread.scheduled || thread.dead) return
    thread.scheduled = true
    const run = () => {
      thread.scheduled = false
      this.flush(thread)
    }
    if (thread.batches === 0) queueMicrotask(run)
    else setImmediate(run)
  }

  private flush(thread: Thread): void {
    if (thread.dead || thread.slot === undefined) return
    while (thread.batches < MAX_BATCHES_IN_FLIGHT && thread.queue.size > 0) {
      const items = thread.queue.take(MAX_BATCH)
      const now = Date.now()
      const batch = items.map((p) => {
        const id = this.nextId++
        p.id = id
        p.sentAt = now
        thread.inflight.set(id, p)
        return p.build(id)
      })
      thread.batches++
      thread.sent++
      thread.slot.hold(true)
      thread.slot.post(batch)
    }
  }

  private onReplies(thread: Thread, replies: readonly WorkerReply[]): void {
    if (thread.dead) return
    thread.batches = Math.max(0, thread.batches - 1)
    for (const reply of replies) {
      const pending = thread.inflight.get(reply.id)
      if (!pending) continue
      thread.inflight.delete(reply.id)
      pending.version.observe(reply)
      thread.busyMs += reply.ms
      thread.answered++
      pending.owner?.charge(reply.ms, false)
      this.answers.push(pending.resolve, reply)
    }
    this.answers.deliver()
    if (thread.inflight.size === 0 && thread.queue.size === 0) thread.slot.hold(false)
    this.flush(thread)
  }

  /** Stops workers whose running request is past its deadline plus grace and really running (not starved of CPU). */
  private patrol(): void {
    const now = Date.now()
    for (const thread of this.threads) {
      if (thread.dead || thread.inflight.size === 0 || thread.slot === undefined) continue
      const slot = thread.slot
      if (this.judge.judge(thread, slot.running(), now, () => slot.cpuMs())) this.replace(thread, 'watchdog')
    }
  }

  /**
   * Replaces the worker of `thread`: the request it was running fails (when
   * the watchdog stopped it), its versions are loaded again on the new worker
   * with a new generation, and everything else it held is sent again.
   */
  private replace(thread: Thread, reason: string): void {
    if (thread.dead || this.options.workers === 0) return
    const running = thread.slot.running()
    const culprit = running.id !== 0 ? thread.inflight.get(running.id) : undefined
    thread.dead = true
    thread.slot.terminate()
    this.replacements++
    const next = new Thread()
    const spare = this.spare as (Slot & { adopt?: (t: Thread) => void }) | undefined
    this.spare = undefined
    if (spare?.adopt) {
      spare.adopt(next)
      next.slot = spare
    } else next.slot = this.spawn(next)
    this.threads[this.threads.indexOf(thread)] = next
    setImmediate(() => {
      if (this.spare === undefined && this.wasm !== undefined) this.spare = this.spawnDetached()
    })

    const held = [...thread.inflight.values(), ...thread.queue.drain()]
    const urgent: Pending[] = []
    for (const version of thread.versions) {
      version.thread = next
      next.versions.add(version)
      version.generation++
      if (!version.loaded) continue
      version.restarts++
      urgent.push({
        lane: RELOAD_LANE, owner: undefined, version,
        build: (id) => ({ k: 'load', id, spec: version.spec, gen: version.generation }),
        resolve: (reply) => {
          if (!reply.load) version.broken = { code: 'ERR_SANDBOX_CRASHED', message: `The workspace could not be loaded again after its sandbox worker was replaced: ${reply.f?.message ?? 'unknown failure'}` }
        },
      })
    }
    for (const pending of held) {
      if (pending === culprit) {
        const budget = pending.firstLoad || pending.lane === RELOAD_LANE ? pending.version.spec.loadDeadlineMs : pending.version.spec.deadlineMs
        const ms = running.until > 0 ? Math.max(0, Date.now() - (running.until - this.options.graceMs - budget)) : Date.now() - (pending.sentAt ?? Date.now())
        pending.owner?.charge(ms, true)
        pending.resolve({ id: pending.id ?? 0, ms, f: stoppedFailure(pending, reason, ms) })
        if (pending.firstLoad || pending.lane === RELOAD_LANE) {
          pending.version.broken ??= stoppedFailure(pending, reason, ms)
          next.versions.delete(pending.version)
        }
        continue
      }
      if (pending.lane === RELOAD_LANE) continue
      urgent.push(pending)
    }
    for (const pending of urgent) {
      delete pending.id
      delete pending.sentAt
    }
    next.queue.pushUrgent(urgent)
    this.schedule(next)
  }

  /** Figures for the Overview and the benches. */
  stats(): PoolStats {
    return {
      workers: this.options.workers,
      replacements: this.replacements,
      threads: this.threads.map((t) => ({ versions: t.versions.size, queued: t.queue.size, inflight: t.inflight.size, busyMs: t.busyMs, answered: t.answered, batches: t.sent })),
    }
  }

  /** Stops every worker (server shutdown, end of a test run). */
  close(): void {
    if (this.watchdog) clearInterval(this.watchdog)
    for (const thread of this.threads) {
      thread.dead = true
      thread.slot?.terminate()
    }
    this.spare?.terminate()
    this.spare = undefined
  }
}

function stoppedFailure(pending: Pending, reason: string, ms: number): SandboxFailure {
  const deadline = pending.version.spec.deadlineMs
  if (reason !== 'watchdog') return { code: 'ERR_SANDBOX_CRASHED', message: `Sandbox engine crashed: ${reason}; the engine was restarted` }
  if (pending.firstLoad || pending.lane === RELOAD_LANE) {
    return { code: 'ERR_SANDBOX_TIMEOUT', message: `Loading the workspace exceeded its ${pending.version.spec.loadDeadlineMs} ms load deadline inside a built-in; stopped after ${Math.round(ms)} ms` }
  }
  return {
    code: 'ERR_SANDBOX_TIMEOUT',
    message: `Sandbox call exceeded ${deadline} ms deadline (stopped after ${Math.round(ms)} ms inside a built-in; the engine was restarted)`,
  }
}

export type { LoadReply }
export { RemoteVersion } from './remote-version'
export { DEFAULT_GRACE_MS, poolOptionsFromEnv, type PoolOptions } from './pool-options'

export interface PoolStats {
  readonly workers: number
  readonly replacements: number
  readonly threads: readonly { versions: number; queued: number; inflight: number; busyMs: number; answered: number; batches: number }[]
}

const SLOT = Symbol.for('live-auth-studio.sandbox-pool')
type Holder = { [SLOT]?: SandboxPool }

/** The process's pool (one, even when Next compiles its own copy of lib/). */
export function sandboxPool(): SandboxPool {
  const holder = globalThis as Holder
  holder[SLOT] ??= new SandboxPool(poolOptionsFromEnv())
  return holder[SLOT]
}

/** Stops the process's pool; the next use starts a new one. */
export function closeSandboxPool(): void {
  const holder = globalThis as Holder
  holder[SLOT]?.close()
  delete holder[SLOT]
}
