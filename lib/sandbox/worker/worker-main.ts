/**
 * Entry of a sandbox worker thread: receives the compiled QuickJS module once,
 * then batches of requests, handled one after another; answers go back as one
 * batch. Before each piece of guest work it writes into the shared heartbeat
 * which request runs and until when, for the watchdog on the studio's thread.
 */
import { parentPort } from 'node:worker_threads'
import { DEFAULTS_MEMORY_BYTES } from '../limits'
import { ensureSpare, useCompiledWasm } from '../wasm-pool'
import { heartbeatViews, type WorkerInit, type WorkerReply, type WorkerRequest } from './protocol'
import { currentThreadId } from './thread-cpu'
import { VersionHost } from './version-host'

const port = parentPort
if (!port) throw new Error('worker-main runs only as a worker thread')

const host = new VersionHost()
let chain: Promise<void> = Promise.resolve()

port.once('message', (init: WorkerInit) => {
  useCompiledWasm(init.wasm)
  const { running, until, tid } = heartbeatViews(init.heartbeat)
  // So the watchdog can tell a stuck worker (using CPU) from a starved one (waiting for it).
  Atomics.store(tid, 0, currentThreadId())
  const mark = (budgetMs: number): void => {
    until[0] = Date.now() + budgetMs + init.graceMs
  }
  const handleBatch = async (batch: readonly WorkerRequest[]): Promise<void> => {
    const replies: WorkerReply[] = []
    for (const req of batch) {
      Atomics.store(running, 0, req.id)
      until[0] = Date.now() + 10_000
      replies.push(host.handleNow(req, mark) ?? (await host.handle(req, mark)))
      until[0] = 0
      Atomics.store(running, 0, 0)
    }
    port.postMessage(replies)
  }
  port.on('message', (batch: readonly WorkerRequest[]) => {
    chain = chain.then(() => handleBatch(batch))
  })
  ensureSpare(DEFAULTS_MEMORY_BYTES).then(
    () => port.postMessage('ready'),
    () => port.postMessage('ready'),
  )
})
