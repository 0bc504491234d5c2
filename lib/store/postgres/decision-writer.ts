/**
 * Writes the decision log's batches to Postgres, one at a time and in order. A batch is one
 * statement (so one transaction): a multi-row INSERT ... SELECT FROM json_to_recordset($rows)
 * plus one UPDATE ... FROM json_to_recordset($folds) for decisions folded into older rows.
 *
 * When Postgres is unreachable the batch stays at the head of the queue and is retried with
 * backoff until it goes through; later batches queue behind it up to `maxQueuedRows`, beyond
 * which new batches are dropped and counted (the caller says so). Retrying is safe: a batch's
 * row ids are taken from the sequence once, and its uuid is recorded in `decision_batches` in
 * the same statement, so a batch whose commit went through but whose answer was lost is not
 * written twice.
 */
import { randomUUID } from 'node:crypto'
import type { WireFold } from '../decision-folds'
import { isUnavailable } from './pg-errors'
import type { StoredDecisionRow } from './decision-rows'
import type { PostgresPool } from './pool'

/** Column name and Postgres type of every stored column, in one order for the INSERT and the recordset. */
const COLUMNS: readonly (readonly [keyof StoredDecisionRow, string])[] = [
  ['id', 'bigint'], ['at', 'bigint'], ['kind', 'text'], ['verdict', 'text'], ['decided_by', 'text'], ['reason', 'text'],
  ['component', 'text'], ['action', 'text'], ['session_id', 'text'], ['persona', 'text'], ['connection_id', 'text'],
  ['workspace_id', 'text'], ['workspace_version', 'integer'], ['profile', 'text'], ['duration_us', 'double precision'],
  ['trace', 'text'], ['warnings', 'text'], ['auth', 'text'], ['payload_digest', 'text'], ['payload', 'text'],
  ['payload_truncated', 'boolean'], ['repeat_count', 'integer'], ['last_at', 'bigint'], ['folded_variants', 'text'],
  ['source', 'text'], ['observed', 'text'], ['mismatch', 'boolean'],
]

const names = COLUMNS.map(([name]) => name).join(', ')
const definition = COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')

// Data-modifying CTEs all run, once, in the statement's one transaction; nothing is written when the batch id was seen.
const WRITE_SQL = `WITH batch AS (INSERT INTO decision_batches (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id),
  inserted AS (
    INSERT INTO decisions (${names}) SELECT ${names} FROM json_to_recordset($2::json) AS r(${definition})
    WHERE EXISTS (SELECT 1 FROM batch) RETURNING id),
  folded AS (
    UPDATE decisions d SET repeat_count = d.repeat_count + f.add, last_at = greatest(coalesce(d.last_at, d.at), f.last_at),
      folded_variants = coalesce(f.variants, d.folded_variants),
      component = CASE WHEN f.overflow THEN f.component ELSE d.component END,
      action = CASE WHEN f.overflow THEN f.action ELSE d.action END
    FROM json_to_recordset($3::json) AS f(id bigint, add integer, last_at bigint, overflow boolean, variants text, component text, action text)
    WHERE d.id = f.id AND EXISTS (SELECT 1 FROM batch) RETURNING d.id)
  SELECT (SELECT count(*) FROM batch)::int AS fresh, coalesce((SELECT array_agg(id) FROM folded), '{}') AS folded`

const IDS_SQL = `SELECT nextval('decisions_id_seq') AS id FROM generate_series(1, $1)`

/** One batch: new rows (same-batch folds already applied) and folds into rows written before. */
export interface WriterBatch {
  readonly rows: StoredDecisionRow[]
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
}

interface Queued<B> {
  readonly batch: B
  readonly key: string
  readonly seq: number
  ids?: number[]
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

  constructor(
    private readonly db: PostgresPool,
    private readonly options: DecisionWriterOptions<B>,
  ) {}

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

  private async drain(): Promise<void> {
    let delay = this.options.retryMs ?? 100
    while (!this.closed) {
      const head = this.queue[0]
      if (!head) return
      try {
        const ack = await this.write(head)
        this.outage = undefined
        delay = this.options.retryMs ?? 100
        this.done(head)
        this.options.onAck(head.batch, ack)
      } catch (error) {
        if (this.closed) return
        if (isUnavailable(error)) {
          this.outage = error
          for (const w of this.waiters.splice(0)) w.reject(error)
          await this.sleep(delay)
          delay = Math.min(delay * 2, this.options.maxRetryMs ?? 2_000)
          continue
        }
        this.done(head)
        this.options.onFail(head.batch, error)
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

  private async write(q: Queued<B>): Promise<WriterAck> {
    const { rows, olderFolds } = q.batch
    if (rows.length > 0 && q.ids === undefined) {
      // Taken once per batch: a retry writes the same ids (sequence values survive a rollback).
      const got = await this.db.query<{ id: number }>(IDS_SQL, [rows.length], 'decisions_ids')
      q.ids = got.map((r) => r.id).sort((a, b) => a - b)
    }
    const ids = q.ids ?? []
    rows.forEach((row, i) => {
      row.id = ids[i] as number
    })
    const [result] = await this.db.query<{ fresh: number; folded: number[] }>(WRITE_SQL, [q.key, JSON.stringify(rows), JSON.stringify(olderFolds)], 'decisions_write')
    // fresh = 0: this batch was committed by an earlier attempt whose answer was lost.
    if (!result || result.fresh === 0) return { ids, missedFolds: 0 }
    const applied = new Set(result.folded)
    const missedFolds = olderFolds.reduce((n, f) => n + (f.id !== undefined && applied.has(f.id) ? 0 : f.add), 0)
    return { ids, missedFolds }
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
