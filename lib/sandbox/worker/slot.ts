/**
 * Where a batch of requests runs: a worker thread (the default), or this very
 * thread (`STUDIO_SANDBOX_WORKERS=0`: simpler to debug, but workspace code then
 * shares the studio's event loop and no watchdog can stop it).
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { HEARTBEAT_BYTES, heartbeatViews, type WorkerInit, type WorkerReply, type WorkerRequest } from './protocol'
import { threadCpuMs } from './thread-cpu'
import { VersionHost } from './version-host'

export interface SlotEvents {
  replies(replies: WorkerReply[]): void
  /** The thread went away on its own (crash, exit). */
  died(reason: string): void
}

export interface Slot {
  readonly kind: 'worker' | 'local'
  post(batch: WorkerRequest[]): void
  /** Id of the request running now (0: none) and when it must be over (epoch ms; 0: nothing running). */
  running(): { id: number; until: number }
  /** CPU milliseconds its thread has used so far (undefined: unknown, or no thread of its own). */
  cpuMs(): number | undefined
  /** Keeps the process alive while work is pending. */
  hold(busy: boolean): void
  terminate(): void
}

/** The folder of this file, in both module systems (tsx runs CommonJS, vitest ESM). */
function here(): string {
  if (typeof __dirname === 'string') return __dirname
  return path.dirname(new URL(import.meta.url).pathname)
}

/** Only flags a worker accepts and that make sense there: CPU profiling (V8 and --import flags are the main thread's). */
function workerExecArgv(): string[] {
  return process.execArgv.filter((arg) => /^--cpu-prof(-dir|-interval|-name)?(=|$)/.test(arg))
}

/** V8 heap of a worker (its engines' WebAssembly memory is outside it). */
const WORKER_HEAP_MB = 256

export function spawnWorkerSlot(wasm: WebAssembly.Module, graceMs: number, events: SlotEvents): Slot {
  const heartbeat = new SharedArrayBuffer(HEARTBEAT_BYTES)
  const views = heartbeatViews(heartbeat)
  const worker = new Worker(path.join(here(), 'worker-boot.cjs'), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // The boot file registers TypeScript itself; the main thread's --import and V8 flags are not for workers.
    execArgv: workerExecArgv(),
    stdout: false,
    stderr: false,
  })
  let ended = false
  worker.on('message', (message: WorkerReply[] | 'ready') => {
    if (message !== 'ready') events.replies(message)
  })
  worker.on('error', (error) => {
    if (!ended) console.error(`[sandbox] worker failed: ${error.message}`)
  })
  worker.on('exit', (code) => {
    if (ended) return
    ended = true
    events.died(`the sandbox worker exited (code ${code})`)
  })
  const init: WorkerInit = { wasm, heartbeat, graceMs }
  worker.postMessage(init)
  worker.unref()
  return {
    kind: 'worker',
    post: (batch) => worker.postMessage(batch),
    running: () => ({ id: Atomics.load(views.running, 0), until: views.until[0] ?? 0 }),
    cpuMs: () => threadCpuMs(Atomics.load(views.tid, 0)),
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => {
      ended = true
      void worker.terminate()
    },
  }
}

export function localSlot(events: SlotEvents): Slot {
  const host = new VersionHost()
  let chain: Promise<void> = Promise.resolve()
  let alive = true
  return {
    kind: 'local',
    post(batch) {
      chain = chain.then(async () => {
        const replies: WorkerReply[] = []
        for (const req of batch) replies.push(await host.handle(req, () => undefined))
        if (alive) setImmediate(() => events.replies(replies))
      })
    },
    running: () => ({ id: 0, until: 0 }),
    cpuMs: () => undefined,
    hold: () => undefined,
    terminate() {
      alive = false
      host.disposeAll()
    },
  }
}
