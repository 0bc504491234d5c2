/**
 * The decision log's writer thread, seen from the host. SQLite inserts (ten
 * indexes, a full-text trigger), payload digests and trace JSON cost more than
 * the rest of a live action; on a worker they leave the event loop that serves
 * the sockets. Batches are acknowledged in order; `settle` blocks (Atomics.wait)
 * until every batch handed over is acknowledged, for flushes and reads.
 */
import { createRequire } from 'node:module'
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { DECISION_WRITER_SOURCE } from './decision-writer-source'

/**
 * What the writer answers for one batch: row ids and payload columns, or why nothing was written.
 * `traces` holds the stored trace JSON where the writer redacted it, else null (the reported trace was stored).
 * `missedFolds` counts folded decisions whose row was gone (removed by retention meanwhile).
 */
export type BatchAck =
  | { readonly batch: number; readonly ids: readonly number[]; readonly digests: readonly (string | null)[]; readonly payloads: readonly (string | null)[]; readonly truncated: readonly boolean[]; readonly traces: readonly (string | null)[]; readonly missedFolds: number }
  | { readonly batch: number; readonly error: string }

/** Thrown when the writer thread cannot open the database or stops answering. */
export class DecisionWriterError extends Error {
  constructor(readonly code: 'ERR_DECISION_WRITER_OPEN' | 'ERR_DECISION_WRITER_TIMEOUT', message: string) {
    super(message)
    this.name = 'DecisionWriterError'
  }
}

function sqlitePath(): string {
  // tsx runs this file as CommonJS (no import.meta); vitest runs it as ESM.
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)
  return require.resolve('better-sqlite3')
}

export interface DecisionWriterOptions {
  readonly file: string
  readonly insertSql: string
  /** Adds one row's reason to the full-text index: parameters (rowid, reason). */
  readonly reasonIndexSql: string
  /** Adds folded decisions to a row (decisions.ts FOLD; parameters of a WireFold). */
  readonly foldSql: string
  readonly maxPayloadChars: number
  /** Called once per acknowledged batch, in order. */
  readonly onAck: (ack: BatchAck) => void
  /** Longest a blocking settle may wait. */
  readonly timeoutMs?: number
}

export class DecisionWriter {
  private readonly worker: Worker
  private readonly acks: MessagePort
  /** [0] = batches the worker has answered. */
  private readonly done = new Int32Array(new SharedArrayBuffer(4))
  private sent = 0
  private readonly timeoutMs: number

  /** Starts the thread and waits until it has opened the database; throws DecisionWriterError if it cannot. */
  constructor(private readonly options: DecisionWriterOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000
    const channel = new MessageChannel()
    this.acks = channel.port1
    this.worker = new Worker(DECISION_WRITER_SOURCE, {
      eval: true,
      workerData: {
        file: options.file, insertSql: options.insertSql, reasonIndexSql: options.reasonIndexSql, foldSql: options.foldSql, maxPayloadChars: options.maxPayloadChars,
        sqlitePath: sqlitePath(), done: this.done.buffer, acks: channel.port2,
      },
      transferList: [channel.port2],
    })
    let opened: BatchAck | undefined
    this.worker.postMessage({ op: 'hello', batch: this.sent++ })
    this.settle((ack) => {
      opened = ack
    })
    if (opened === undefined || 'error' in opened && opened.error !== undefined) {
      void this.worker.terminate()
      throw new DecisionWriterError('ERR_DECISION_WRITER_OPEN', `Decision log writer could not open ${options.file}: ${opened && 'error' in opened ? opened.error : 'no answer'}`)
    }
    this.acks.on('message', (ack: BatchAck) => options.onAck(ack))
    this.acks.unref()
    this.worker.unref()
  }

  /** Hands rows, and folds into rows (decision-budget.ts), to the writer; returns the batch number its ack will carry. */
  write(rows: readonly unknown[], folds: readonly unknown[] = []): number {
    const batch = this.sent++
    // One JSON string crosses faster than a structured clone of many small objects,
    // and it is what the table stores anyway (payloads come from JSON frames).
    this.worker.postMessage({ op: 'write', batch, json: JSON.stringify({ rows, folds }) })
    return batch
  }

  /** Batches handed over and not yet acknowledged. */
  get inFlight(): number {
    return this.sent - Atomics.load(this.done, 0)
  }

  /**
   * Blocks until every batch handed over is acknowledged, then delivers the
   * acks still queued (to `deliver`, default the onAck callback).
   */
  settle(deliver: (ack: BatchAck) => void = this.options.onAck): void {
    const end = performance.now() + this.timeoutMs
    for (let seen = Atomics.load(this.done, 0); seen < this.sent; seen = Atomics.load(this.done, 0)) {
      const left = end - performance.now()
      if (left <= 0) throw new DecisionWriterError('ERR_DECISION_WRITER_TIMEOUT', `Decision log writer did not answer within ${this.timeoutMs} ms`)
      Atomics.wait(this.done, 0, seen, left)
    }
    for (let m = receiveMessageOnPort(this.acks); m !== undefined; m = receiveMessageOnPort(this.acks)) deliver(m.message as BatchAck)
  }

  /** Writes nothing more: waits for what was handed over, closes the writer's connection, ends the thread. */
  close(): void {
    const closing = this.sent++
    this.worker.postMessage({ op: 'close', batch: closing })
    try {
      this.settle((ack) => {
        if (ack.batch !== closing) this.options.onAck(ack)
      })
    } finally {
      this.acks.close()
      void this.worker.terminate()
    }
  }
}
