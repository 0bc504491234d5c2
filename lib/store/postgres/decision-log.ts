/**
 * The write side of the decision log on Postgres: `append` is a synchronous enqueue (the live
 * server's hot path), queued decisions are handed to the writer together once per flush window
 * (or at once when MAX_PENDING are waiting), like the SQLite log. The per-connection logging
 * budget (decision-budget.ts) folds floods into rows already written, with the same semantics.
 * Listeners get each record with its row id once its batch is committed.
 */
import { FOLD_HOLD_MS, LoggingBudget, type LogBudgetOptions } from '../decision-budget'
import { foldFields, sharedOnly, sumAdds, type FoldTarget, type WireFold } from '../decision-folds'
import type { DecisionInput, DecisionLogCounters, DecisionRecord } from '../model/decision'
import { redactDecisionText } from '../decision-text-redaction'
import { PostgresDecisionWriter, type WriterAck, type WriterBatch } from './decision-writer'
import type { PreparedRow } from './row-preparer'
import type { PostgresPool } from './pool'
import { RowPreparerThread } from './row-preparer-thread'

/** Queued decisions go to the writer together once per window (SQLite's log uses the same). */
export const FLUSH_WINDOW_MS = 10
/** A queue this long is handed over at once instead of waiting for the window. */
export const MAX_PENDING = 1024
/** Rows kept in memory while Postgres is unreachable; decisions beyond are dropped and counted. */
export const MAX_QUEUED_ROWS = 20_000

interface Batch extends WriterBatch {
  readonly inputs: readonly DecisionInput[]
  readonly targets: readonly (FoldTarget | undefined)[]
  readonly folds: readonly WireFold[]
}

export interface PostgresDecisionLogOptions {
  readonly budget?: Partial<LogBudgetOptions> | false
  readonly maxQueuedRows?: number
  /**
   * Prepare rows on a worker thread instead of the event loop (default false). With the redaction
   * fast path (a trace with nothing shaped like a secret is not walked) a row costs ~25 us here, less
   * than serializing it for a thread; the thread pays off only when most traces must be walked.
   */
  readonly prepareOnThread?: boolean
  /** Told once per outage when decisions had to be dropped (default: console.error). */
  readonly warn?: (message: string) => void
}

export class PostgresDecisionLog {
  private pending: DecisionInput[] = []
  private pendingTargets: (FoldTarget | undefined)[] = []
  private readonly budget: LoggingBudget
  private readonly writer: PostgresDecisionWriter<Batch>
  private readonly preparer: RowPreparerThread
  /** Batches being prepared on the thread, handed to the writer in order. */
  private preparing: Promise<void> = Promise.resolve()
  private readonly listeners = new Map<(record: DecisionRecord) => void, () => boolean>()
  private readonly warn: (message: string) => void
  private scheduled = false
  private foldsScheduled = false
  private closed = false
  private received = 0
  private writtenRows = 0
  private foldedDecisions = 0
  private failed = 0
  private retired = 0
  /** Decisions dropped because the queue was full while Postgres was unreachable (counted in `failed` too). */
  dropped = 0
  private droppedReported = 0

  constructor(db: PostgresPool, options: PostgresDecisionLogOptions = {}) {
    this.budget = new LoggingBudget(options.budget ?? {})
    this.preparer = new RowPreparerThread(options.prepareOnThread ?? false)
    this.warn = options.warn ?? ((message) => console.error(`[studio] ${message}`))
    const maxQueuedRows = options.maxQueuedRows ?? MAX_QUEUED_ROWS
    this.writer = new PostgresDecisionWriter<Batch>(db, {
      maxQueuedRows,
      onAck: (batch, ack) => this.acknowledged(batch, ack),
      onFail: (batch) => this.lost(batch),
      onDrop: (batch) => {
        this.lost(batch)
        const decisions = batch.rows.length + sumAdds(batch.folds)
        this.dropped += decisions
        if (this.droppedReported === 0) {
          this.warn(`${maxQueuedRows} decisions are already waiting to be written (Postgres is unreachable or slower than the log): further decisions are dropped and counted as failed until the queue drains`)
        }
        this.droppedReported += decisions
      },
    })
  }

  append(input: DecisionInput): void {
    this.received++
    // Free text is redacted here, before folding: rows, folded variants and announcements all hold the safe text.
    const admitted = this.budget.admit(redactDecisionText(input))
    if (admitted) {
      this.pending.push(admitted.row)
      this.pendingTargets.push(admitted.target)
      if (admitted.target) admitted.target.slot = { batch: this.pending, index: this.pending.length - 1 }
    }
    if (this.pending.length >= MAX_PENDING) return this.handOver()
    this.schedule()
  }

  /** Writes everything queued (folds included); resolves once it is committed, with the rows written meanwhile. */
  async flush(): Promise<number> {
    const before = this.writtenRows
    this.handOver()
    await this.preparing
    await this.writer.settle()
    // Folds into rows that were in flight could only leave once their ids came back.
    if (this.budget.waiting > 0) {
      this.handOver()
      await this.preparing
      await this.writer.settle()
    }
    return this.writtenRows - before
  }

  async counters(): Promise<DecisionLogCounters> {
    await this.flush()
    return { received: this.received, written: this.writtenRows + this.foldedDecisions, rows: this.writtenRows, failed: this.failed, retired: this.retired }
  }

  onWritten(listener: (record: DecisionRecord) => void, active: () => boolean = () => true): () => void {
    this.listeners.set(listener, active)
    return () => this.listeners.delete(listener)
  }

  /** Writes what is queued if the database answers; what cannot be written is counted as failed. */
  async close(): Promise<void> {
    if (this.closed) return
    try {
      await this.flush()
    } catch {
      // Unreachable at shutdown: counted below.
    }
    this.closed = true
    await this.preparing
    this.preparer.close()
    for (const batch of this.writer.close()) this.lost(batch)
    this.listeners.clear()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setTimeout(() => this.handOver(false), FLUSH_WINDOW_MS).unref()
  }

  private scheduleFolds(): void {
    if (this.foldsScheduled) return
    this.foldsScheduled = true
    setTimeout(() => {
      this.foldsScheduled = false
      this.handOver(false)
    }, FOLD_HOLD_MS).unref()
  }

  /** Hands queued rows (and due folds; all folds when `force`) to the writer as one batch. */
  private handOver(force = true): void {
    this.scheduled = false
    if (this.closed) return
    const inputs = this.pending
    const folds = this.budget.takeFolds(inputs, force)
    if (!force && this.budget.waiting > 0) this.scheduleFolds()
    this.failed += this.budget.lost
    this.budget.lost = 0
    if (inputs.length === 0 && folds.length === 0) return
    const targets = this.pendingTargets
    this.pending = []
    this.pendingTargets = []
    const wire = folds.map((f) => f.wire)
    const foldsByRow: (WireFold | null)[] = inputs.map(() => null)
    for (const f of wire) if (f.row !== undefined) foldsByRow[f.row] = f
    // Prepared here or on the thread (prepareOnThread); handed to the writer in handOver order.
    let rows: Promise<Awaited<ReturnType<typeof this.preparer.prepare>>>
    try {
      rows = Promise.resolve(this.preparer.prepare(inputs, foldsByRow))
    } catch (error) {
      rows = Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    this.preparing = this.preparing.then(async () => {
      this.writer.enqueue({ rows: await rows, olderFolds: wire.filter((f) => f.id !== undefined), inputs, targets, folds: wire })
    }).catch((error: unknown) => {
      // A batch that cannot be prepared is counted as lost (and said so); the batches after it are written as usual.
      this.failed += inputs.length + sumAdds(wire)
      for (const t of targets) if (t) t.dead = true
      this.warn(`${inputs.length} decisions could not be prepared for the log and were dropped: ${error instanceof Error ? error.message : String(error)}`)
    })
  }

  private lost(batch: Batch): void {
    this.failed += batch.rows.length + sumAdds(batch.folds)
    for (const t of batch.targets) if (t) t.dead = true
  }

  private acknowledged(batch: Batch, ack: WriterAck): void {
    batch.targets.forEach((t, i) => {
      if (t) t.id = ack.ids[i]
    })
    if (this.budget.waiting > 0) this.schedule()
    if (this.droppedReported > 0) {
      this.warn(`The decision log is writing to Postgres again; ${this.droppedReported} decisions were dropped meanwhile`)
      this.droppedReported = 0
    }
    this.writtenRows += batch.rows.length
    this.foldedDecisions += sumAdds(batch.folds) - ack.missedFolds
    this.retired += ack.missedFolds
    const listening = [...this.listeners].filter(([, active]) => active()).map(([listener]) => listener)
    if (listening.length === 0) return
    const foldedIn = new Map(batch.folds.filter((f) => f.row !== undefined).map((f) => [f.row, f]))
    batch.inputs.forEach((input, i) => {
      const row = batch.rows[i] as PreparedRow
      const { payload: _payload, ...reported } = input
      const rest = sharedOnly(reported, foldedIn.get(i))
      // Subscribers see the trace as stored: redacted where the preparer found a secret in it.
      const record: DecisionRecord = {
        ...rest, ...(row.redactedTrace !== null ? { trace: JSON.parse(row.redactedTrace) as unknown } : {}), id: ack.ids[i] as number, ...foldFields(foldedIn.get(i)),
        payloadDigest: row.digest, payloadJson: row.payload, payloadTruncated: row.truncated,
      }
      for (const listener of listening) {
        try {
          listener(record)
        } catch {
          // A broken subscriber must not stop the log.
        }
      }
    })
  }
}
