import Database from 'better-sqlite3'
import { FOLD_HOLD_MS, LoggingBudget, type LogBudgetOptions } from '../decision-budget'
import { foldFields, sharedOnly, sumAdds, type FoldTarget, type WireFold } from '../decision-folds'
import { MAX_STORED_PAYLOAD_CHARS, type DecisionFilter, type DecisionInput, type DecisionRecord } from '../model/decision'
import { toRecord, type DecisionRow } from '../model/decision-row'
import { redactDecisionText } from '../decision-text-redaction'
import { DecisionWriter, type BatchAck } from './decision-writer'

/**
 * Queued decisions are handed to the writer thread together once per window:
 * one SQLite commit per event-loop tick cost ~3x the denied-action throughput in bench/live.
 */
export const FLUSH_WINDOW_MS = 10
/** A queue this long is handed over at once instead of waiting for the window. */
export const MAX_PENDING = 1024
/** Rows handed over but not yet written past which `append` waits for the writer (memory stays bounded). */
export const MAX_IN_FLIGHT = 4 * MAX_PENDING

function where(filter: DecisionFilter): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  const add = (sql: string, value: unknown) => {
    parts.push(sql)
    params.push(value)
  }
  if (filter.verdict !== undefined) add('verdict = ?', filter.verdict)
  if (filter.component !== undefined) add('component = ?', filter.component)
  if (filter.action !== undefined) add('action = ?', filter.action)
  if (filter.sessionId !== undefined) add('session_id = ?', filter.sessionId)
  if (filter.sinceMs !== undefined) add('at >= ?', filter.sinceMs)
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params }
}

const INSERT = `INSERT INTO decisions (at, kind, verdict, decided_by, reason, component, action, session_id, persona,
  connection_id, workspace_id, workspace_version, profile, duration_us, trace, warnings, auth, payload_digest, payload, payload_truncated,
  source, observed, mismatch)
  VALUES (@at, @kind, @verdict, @decidedBy, @reason, @component, @action, @sessionId, @persona, @connectionId, @workspaceId,
  @workspaceVersion, @profile, @durationUs, @trace, @warnings, @auth, @payloadDigest, @payloadJson, @payloadTruncated,
  @source, @observed, @mismatch)`

/** Adds folded decisions to a row (an overflow row also gets its variants and shared component/action). */
export const FOLD_SQL = `UPDATE decisions SET repeat_count = repeat_count + @add, last_at = max(coalesce(last_at, at), @lastAt),
  folded_variants = coalesce(@variants, folded_variants),
  component = CASE WHEN @overflow = 1 THEN @component ELSE component END, action = CASE WHEN @overflow = 1 THEN @action ELSE action END
  WHERE id = @id`

/** The reason search's index entry for one inserted row (the writer adds it; no trigger does). */
const INDEX_REASON = 'INSERT INTO decisions_reason_fts (rowid, reason) VALUES (?, ?)'

/** A batch handed to the writer: its rows, the targets they open, and the folds that travel with them. */
interface InFlight {
  readonly rows: readonly DecisionInput[]
  readonly targets: readonly (FoldTarget | undefined)[]
  readonly folds: readonly WireFold[]
}

export interface DecisionLogOptions {
  /** Per-connection logging budget (decision-budget.ts); `false` writes every decision in full. */
  readonly budget?: Partial<LogBudgetOptions> | false
}

/**
 * The decision log. Writes go through a writer thread with its own SQLite
 * connection to the store's file (WAL allows it), so the live path never waits
 * on inserts; reads use a connection here. Appends are queued and handed over
 * once per flush window; listeners get each record with its row id once
 * written. Reads and `flush` first wait for everything appended before them.
 * A live connection over its logging budget has decisions folded into rows
 * already written (decision-budget.ts): they are counted, not written again.
 */
export class DecisionLog {
  private readonly db: Database.Database
  private readonly writer: DecisionWriter
  private pending: DecisionInput[] = []
  private pendingTargets: (FoldTarget | undefined)[] = []
  private readonly inFlight = new Map<number, InFlight>()
  private readonly budget: LoggingBudget
  private inFlightRows = 0
  private scheduled = false
  private foldsScheduled = false
  private readonly listeners = new Map<(record: DecisionRecord) => void, () => boolean>()
  /** Decisions handed to `append`. */
  received = 0
  private writtenRows = 0
  private foldedDecisions = 0
  /** Decisions the writer could not store (the database refused the batch). */
  failed = 0
  /** Folded decisions whose row retention had already removed (they went with it). */
  retired = 0

  constructor(file: string, options: DecisionLogOptions = {}) {
    this.db = new Database(file, { fileMustExist: true })
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('busy_timeout = 2000')
    this.budget = new LoggingBudget(options.budget ?? {})
    this.writer = new DecisionWriter({ file, insertSql: INSERT, reasonIndexSql: INDEX_REASON, foldSql: FOLD_SQL, maxPayloadChars: MAX_STORED_PAYLOAD_CHARS, onAck: (ack) => this.acknowledged(ack) })
  }

  /**
   * Decisions logged: rows written plus decisions folded into them. Reading it first writes
   * everything queued, so it equals `received` minus `failed` (and `retired`).
   */
  get written(): number {
    this.flush()
    return this.writtenRows + this.foldedDecisions
  }

  /** Rows written (a folded decision adds to a row's repeat_count instead of writing one). */
  get rows(): number {
    this.flush()
    return this.writtenRows
  }

  /** Queues one decision; it is written (and announced) shortly after FLUSH_WINDOW_MS, or folded into a row. */
  append(input: DecisionInput): void {
    this.received++
    // Free text is redacted here, before folding: rows, folded variants and announcements all hold the safe text.
    const admitted = this.budget.admit(redactDecisionText(input))
    if (admitted) {
      this.pending.push(admitted.row)
      this.pendingTargets.push(admitted.target)
      if (admitted.target) admitted.target.slot = { batch: this.pending, index: this.pending.length - 1 }
    }
    if (this.pending.length >= MAX_PENDING) {
      this.handOver()
      // A writer that cannot keep up slows the appender down instead of growing the queue.
      if (this.inFlightRows > MAX_IN_FLIGHT) this.writer.settle()
      return
    }
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setTimeout(() => this.handOver(false), FLUSH_WINDOW_MS).unref()
  }

  /** A later window for folds held back (rows keep their short window). */
  private scheduleFolds(): void {
    if (this.foldsScheduled) return
    this.foldsScheduled = true
    setTimeout(() => {
      this.foldsScheduled = false
      this.handOver(false)
    }, FOLD_HOLD_MS).unref()
  }

  /** Hands queued rows (and due folds; all folds when `force`) to the writer. */
  private handOver(force = true): void {
    this.scheduled = false
    if (!this.db.open) return
    const batch = this.pending
    const folds = this.budget.takeFolds(batch, force)
    // Folds held back go with a later window.
    if (!force && this.budget.waiting > 0) this.scheduleFolds()
    this.failed += this.budget.lost
    this.budget.lost = 0
    if (batch.length === 0 && folds.length === 0) return
    const targets = this.pendingTargets
    this.pending = []
    this.pendingTargets = []
    const wire = folds.map((f) => f.wire)
    this.inFlight.set(this.writer.write(batch, wire), { rows: batch, targets, folds: wire })
    this.inFlightRows += batch.length
  }

  private acknowledged(ack: BatchAck): void {
    const flight = this.inFlight.get(ack.batch)
    if (flight === undefined) return
    this.inFlight.delete(ack.batch)
    const batch = flight.rows
    this.inFlightRows -= batch.length
    if ('error' in ack) {
      this.failed += batch.length + sumAdds(flight.folds)
      for (const t of flight.targets) if (t) t.dead = true
      return
    }
    flight.targets.forEach((t, i) => {
      if (t) t.id = ack.ids[i]
    })
    // Folds waiting for these ids go with the next window.
    if (this.budget.waiting > 0) this.schedule()
    this.writtenRows += batch.length
    this.foldedDecisions += sumAdds(flight.folds) - ack.missedFolds
    this.retired += ack.missedFolds
    const listening = [...this.listeners].filter(([, active]) => active()).map(([listener]) => listener)
    if (listening.length === 0) return
    const foldedIn = new Map(flight.folds.filter((f) => f.row !== undefined).map((f) => [f.row, f]))
    batch.forEach((input, i) => {
      const { payload: _payload, ...reported } = input
      const rest = sharedOnly(reported, foldedIn.get(i))
      // Subscribers see the trace as stored: redacted where the writer found a secret in it.
      const storedTrace = ack.traces[i]
      const record: DecisionRecord = {
        ...rest, ...(typeof storedTrace === 'string' ? { trace: JSON.parse(storedTrace) as unknown } : {}), id: ack.ids[i] as number, ...foldFields(foldedIn.get(i)), payloadDigest: ack.digests[i] ?? null, payloadJson: ack.payloads[i] ?? null, payloadTruncated: ack.truncated[i] === true,
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

  /** Writes everything queued (folds included) and waits for it; returns how many rows were written meanwhile. */
  flush(): number {
    if (!this.db.open) return 0
    const before = this.writtenRows
    this.handOver()
    this.writer.settle()
    // Folds into rows that were in flight could only leave once their ids came back.
    if (this.budget.waiting > 0) {
      this.handOver()
      this.writer.settle()
    }
    return this.writtenRows - before
  }

  /**
   * Called with every written record; returns the unsubscribe function. `active`
   * says whether anyone is listening right now: records are not even built otherwise.
   */
  onWritten(listener: (record: DecisionRecord) => void, active: () => boolean = () => true): () => void {
    this.listeners.set(listener, active)
    return () => this.listeners.delete(listener)
  }

  /** Newest first; `beforeId` pages backwards. */
  list(filter: DecisionFilter & { limit?: number; beforeId?: number } = {}): DecisionRecord[] {
    this.flush()
    const w = where(filter)
    const before = filter.beforeId !== undefined ? `${w.sql ? `${w.sql} AND` : 'WHERE'} id < ?` : w.sql
    const params = filter.beforeId !== undefined ? [...w.params, filter.beforeId] : w.params
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000)
    const rows = this.db.prepare(`SELECT * FROM decisions ${before} ORDER BY id DESC LIMIT ${limit}`).all(...params) as DecisionRow[]
    return rows.map(toRecord)
  }

  /** Decisions matching `filter`, folded ones included (the sum of the rows' repeat counts). */
  count(filter: DecisionFilter = {}): number {
    this.flush()
    const w = where(filter)
    return (this.db.prepare(`SELECT coalesce(sum(repeat_count), 0) AS n FROM decisions ${w.sql}`).get(...w.params) as { n: number }).n
  }

  /** Flushes what is queued, then closes the connection. */
  close(): void {
    if (!this.db.open) return
    try {
      this.flush()
    } finally {
      try {
        this.writer.close()
      } finally {
        this.listeners.clear()
        this.db.close()
      }
    }
  }
}
