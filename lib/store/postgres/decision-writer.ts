/**
 * Writes the decision log's batches to Postgres in order, two side by side (acknowledged in queue
 * order). A batch is one transaction: its rows in one COPY (copy-in.ts) and one
 * UPDATE ... FROM json_to_recordset($folds) for decisions folded into older rows.
 *
 * When Postgres is unreachable the batch stays at the head of the queue and is retried with
 * backoff until it goes through; later batches queue behind it up to `maxQueuedRows`, beyond
 * which new batches are dropped and counted (the caller says so). Retrying is safe: a batch's
 * row ids are taken from the sequence once, and its uuid is recorded in `decision_batches` in
 * the same transaction, so a batch whose commit went through but whose answer was lost is not
 * written twice.
 */
import { randomUUID } from 'node:crypto'
import type { WireFold } from '../decision-folds'
import { copyIn } from './copy-in'
import { ReasonIds } from './decision-reasons'
import { errorCode, isUnavailable } from './pg-errors'
import { PREPARED_COLUMNS, type PreparedRow } from './row-preparer'
import type { PostgresPool } from './pool'

const COPY_TARGET = `decisions (id, ${PREPARED_COLUMNS.map(([name]) => name).join(', ')}, reason_id)`

const MARK_SQL = 'INSERT INTO decision_batches (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id'

const FOLD_SQL = `UPDATE decisions d SET repeat_count = d.repeat_count + f.add, last_at = greatest(coalesce(d.last_at, d.at), f.last_at),
    folded_variants = coalesce(f.variants, d.folded_variants),
    component = CASE WHEN f.overflow THEN f.component ELSE d.component END,
    action = CASE WHEN f.overflow THEN f.action ELSE d.action END
  FROM json_to_recordset($1::json) AS f(id bigint, add integer, last_at bigint, overflow boolean, variants text, component text, action text)
  WHERE d.id = f.id RETURNING d.id`

const IDS_SQL = `SELECT nextval('decisions_id_seq') AS id FROM generate_series(1, $1)`

/** The rows as COPY text, one line each: the id, the prepared columns, the reason's id. */
function copyPayload(rows: readonly PreparedRow[], ids: readonly number[], reasons: ReadonlyMap<string, number>): string {
  let out = ''
  rows.forEach((row, i) => {
    const reasonId = row.reason === null ? undefined : reasons.get(row.reason)
    out += `${ids[i]}\t${row.line}\t${reasonId ?? '\\N'}\n`
  })
  return out
}

/** One batch: new rows (same-batch folds already applied) and folds into rows written before. */
export interface WriterBatch {
  readonly rows: readonly PreparedRow[]
  readonly olderFolds: readonly WireFold[]
}

/** What a written batch reports: its rows' ids (in order) and folded decisions whose row was gone. */
export interface WriterAck {
  readonly ids: readonly number[]
  readonly missedFolds: number
}

export interface DecisionWriterOptions<B extends WriterBatch> {
  /** Rows queued (not yet written) at most; a batch past it is dropped and reported to `onDrop`. */
  readonly maxQueuedRows: number
  readonly onAck: (batch: B, ack: WriterAck) => void
  /** The database refused the batch (not a connection problem): nothing of it was written. */
  readonly onFail: (batch: B, error: unknown) => void
  /** The queue was full: the batch was not queued. */
  readonly onDrop: (batch: B) => void
  /** First retry delay; doubles up to `maxRetryMs`. */
  readonly retryMs?: number
  readonly maxRetryMs?: number
  /** Batches written side by side (default 2). */
  readonly concurrency?: number
}

/** A deadlock or serialization failure: nothing was written, and trying again will do. */
const isTransient = (error: unknown) => ['40P01', '40001'].includes(errorCode(error) ?? '')

interface Queued<B> {
  readonly batch: B
  readonly key: string
  readonly seq: number
  ids?: number[]
  reasons?: ReadonlyMap<string, number>
}

interface Waiter {
  readonly upTo: number
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

export class PostgresDecisionWriter<B extends WriterBatch> {
  private readonly queue: Queued<B>[] = []
  private queuedRows = 0
  private seq = 0
  private waiters: Waiter[] = []
  private pumping: Promise<void> | undefined
  private closed = false
  private retryTimer: { timer: ReturnType<typeof setTimeout>; wake: () => void } | undefined
  /** The last connection problem, while batches wait for the database to come back. */
  outage: unknown

  private readonly reasons: ReasonIds

  constructor(
    private readonly db: PostgresPool,
    private readonly options: DecisionWriterOptions<B>,
  ) {
    this.reasons = new ReasonIds(db)
  }

  /** Batches waiting to be written (the one being retried included). */
  get queued(): number {
    return this.queue.length
  }

  /** Queues a batch; false (and `onDrop`) when the queue is full. */
  enqueue(batch: B): boolean {
    if (this.closed || (this.queue.length > 0 && this.queuedRows + batch.rows.length > this.options.maxQueuedRows)) {
      this.options.onDrop(batch)
      return false
    }
    this.queue.push({ batch, key: randomUUID(), seq: ++this.seq })
    this.queuedRows += batch.rows.length
    this.pump()
    return true
  }

  /**
   * Resolves once every batch queued before the call is written (or refused). Rejects with the
   * connection error when a write attempt fails meanwhile: the batches stay queued and are retried.
   */
  settle(): Promise<void> {
    const upTo = this.seq
    if (this.queue.length === 0 || (this.queue[0]?.seq ?? Infinity) > upTo) return Promise.resolve()
    // While the database is down, try again now: the caller learns at once whether it is back.
    if (this.outage !== undefined) this.retryNow()
    return new Promise((resolve, reject) => this.waiters.push({ upTo, resolve, reject }))
  }

  /** Retries the waiting batch now (e.g. on close, once the database may be back). */
  retryNow(): void {
    this.retryTimer?.wake()
  }

  /** Stops retrying; returns the batches never written (the caller counts them as lost). */
  close(): B[] {
    this.closed = true
    this.retryTimer?.wake()
    const left = this.queue.splice(0).map((q) => q.batch)
    this.queuedRows = 0
    const error = new Error('The decision log was closed before these decisions could be written')
    for (const w of this.waiters.splice(0)) w.reject(error)
    return left
  }

  private pump(): void {
    if (this.pumping || this.closed) return
    this.pumping = this.drain().finally(() => {
      this.pumping = undefined
      if (this.queue.length > 0 && !this.closed) this.pump()
    })
  }

  /**
   * Writes the first `concurrency` batches side by side (their transactions overlap on two
   * connections: one streams its COPY while the other's indexes are updated), then settles them
   * in queue order: a batch after one that must be retried waits and is acknowledged on the retry
   * (its mark says it is already committed).
   */
  private async drain(): Promise<void> {
    let delay = this.options.retryMs ?? 100
    while (!this.closed) {
      const heads = this.queue.slice(0, this.options.concurrency ?? 2)
      if (heads.length === 0) return
      // Ids in queue order, so rows keep the order they were appended in. A batch whose preparation fails is
      // settled as that failure (the ones before it are written); the ones after it wait for the next round.
      const writes: Promise<WriterAck>[] = []
      for (const head of heads) {
        const prepared = await this.prepare(head).then(() => true, (error: unknown) => {
          writes.push(Promise.reject(error))
          return false
        })
        if (!prepared) break
        writes.push(this.write(head))
      }
      const results = await Promise.allSettled(writes)
      if (this.closed) return
      for (const [i, result] of results.entries()) {
        const head = heads[i] as Queued<B>
        if (result.status === 'fulfilled') {
          this.outage = undefined
          delay = this.options.retryMs ?? 100
          this.done(head)
          this.options.onAck(head.batch, result.value)
          continue
        }
        if (isUnavailable(result.reason) || isTransient(result.reason)) {
          if (isUnavailable(result.reason)) {
            this.outage = result.reason
            for (const w of this.waiters.splice(0)) w.reject(result.reason)
          }
          await this.sleep(delay)
          delay = Math.min(delay * 2, this.options.maxRetryMs ?? 2_000)
          break
        }
        this.done(head)
        this.options.onFail(head.batch, result.reason)
      }
      this.release()
    }
  }

  private done(head: Queued<B>): void {
    this.queue.shift()
    this.queuedRows -= head.batch.rows.length
  }

  private release(): void {
    const first = this.queue[0]?.seq ?? Infinity
    const still: Waiter[] = []
    for (const w of this.waiters) {
      if (w.upTo < first) w.resolve()
      else still.push(w)
    }
    this.waiters = still
  }

  /** Row ids are taken once per batch (a retry writes the same ids: sequence values survive a rollback); reasons get their ids. */
  private async prepare(q: Queued<B>): Promise<void> {
    const { rows } = q.batch
    if (rows.length === 0 || q.ids !== undefined) return
    q.reasons = await this.reasons.resolve(rows.flatMap((r) => (r.reason === null ? [] : [r.reason])))
    const got = await this.db.query<{ id: number }>(IDS_SQL, [rows.length], 'decisions_ids')
    q.ids = got.map((r) => r.id).sort((a, b) => a - b)
  }

  private async write(q: Queued<B>): Promise<WriterAck> {
    const { rows, olderFolds } = q.batch
    const ids = q.ids ?? []
    const payload = copyPayload(rows, ids, q.reasons ?? new Map())
    // Rows locked in id order: two batches folding into the same rows cannot deadlock.
    const folds = JSON.stringify([...olderFolds].sort((a, b) => (a.id ?? 0) - (b.id ?? 0)))
    return this.db.clientTransaction(async (client) => {
      // No row: this batch was committed by an earlier attempt whose answer was lost.
      const fresh = await client.query({ name: 'decisions_batch_mark', text: MARK_SQL, values: [q.key] })
      if (fresh.rowCount === 0) return { ids, missedFolds: 0 }
      if (rows.length > 0) await copyIn(client, COPY_TARGET, payload)
      if (olderFolds.length === 0) return { ids, missedFolds: 0 }
      const applied = new Set((await client.query<{ id: number }>({ name: 'decisions_fold', text: FOLD_SQL, values: [folds] })).rows.map((r) => r.id))
      return { ids, missedFolds: olderFolds.reduce((n, f) => n + (f.id !== undefined && applied.has(f.id) ? 0 : f.add), 0) }
    })
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.retryTimer = undefined
        resolve()
      }
      const timer = setTimeout(wake, ms)
      timer.unref?.()
      this.retryTimer = { timer, wake }
    })
  }
}
