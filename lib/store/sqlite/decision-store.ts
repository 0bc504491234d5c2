import type { DecisionStore, RetentionStore } from '../contract'
import type { LogBudgetOptions } from '../decision-budget'
import type { DecisionInput, DecisionLogCounters, DecisionRecord } from '../model/decision'
import { MAX_WINDOW, type Cursor, type DecisionPage, type DecisionQuery, type DistinctColumn, type ImpactWindow } from '../model/decision-query'
import type { DecisionMetrics, MetricsRequest, SourceFigures, SourceMetricsRequest } from '../model/metrics'
import type { RetentionInForce, RetentionPolicy } from '../model/retention'
import { DecisionLog } from './decision-log'
import { decisionMetrics } from './decision-metrics'
import { DecisionQueries } from './decision-queries'
import { DecisionRetention } from './decision-retention'
import { decisionSourceMetrics } from './decision-source-metrics'

/** RetentionStore over DecisionRetention (its own connection, chunked deletes). */
class SqliteRetention implements RetentionStore {
  constructor(readonly worker: DecisionRetention) {}

  async inForce(): Promise<RetentionInForce> {
    return this.worker.inForce()
  }

  async policy(): Promise<RetentionPolicy> {
    return this.worker.policy()
  }

  async setPolicy(policy: RetentionPolicy): Promise<RetentionPolicy> {
    return this.worker.setPolicy(policy)
  }

  async resetPolicy(): Promise<RetentionPolicy> {
    return this.worker.resetPolicy()
  }

  sweep(): Promise<number> {
    return this.worker.sweep()
  }

  start(intervalMs?: number): void {
    this.worker.start(intervalMs)
  }
}

/**
 * The SQLite decision log (contract: DecisionStore): writes through DecisionLog's writer
 * thread, reads on DecisionQueries' connection (WAL lets both run at once), retention on a
 * third. better-sqlite3 answers synchronously; the Promises only carry the contract's shape.
 */
export class SqliteDecisionStore implements DecisionStore {
  readonly log: DecisionLog
  readonly queries: DecisionQueries
  readonly retention: SqliteRetention

  constructor(file: string, options: { readonly budget?: Partial<LogBudgetOptions> | false } = {}) {
    this.log = new DecisionLog(file, options.budget !== undefined ? { budget: options.budget } : {})
    this.queries = new DecisionQueries(file)
    this.retention = new SqliteRetention(new DecisionRetention(file))
  }

  append(input: DecisionInput): void {
    this.log.append(input)
  }

  async flush(): Promise<number> {
    return this.log.flush()
  }

  onWritten(listener: (record: DecisionRecord) => void, active?: () => boolean): () => void {
    return this.log.onWritten(listener, active)
  }

  async counters(): Promise<DecisionLogCounters> {
    const log = this.log
    return { written: log.written, rows: log.rows, received: log.received, failed: log.failed, retired: log.retired }
  }

  async page(query: DecisionQuery, options: { readonly limit?: number; readonly before?: Cursor } = {}): Promise<DecisionPage> {
    return this.queries.page(query, options)
  }

  async count(query: DecisionQuery, cap?: number): Promise<number> {
    return this.queries.count(query, cap)
  }

  async rowCount(): Promise<number> {
    return this.queries.rowCount()
  }

  async get(id: number): Promise<DecisionRecord | undefined> {
    return this.queries.get(id)
  }

  async *iterate(query: DecisionQuery, batch?: number): AsyncIterableIterator<DecisionRecord> {
    yield* this.queries.iterate(query, batch)
  }

  async window(window: ImpactWindow, options: { readonly cap?: number; readonly workspaceId?: string; readonly source?: string } = {}): Promise<DecisionRecord[]> {
    return this.queries.window(window, options.cap ?? MAX_WINDOW, options.workspaceId, options.source)
  }

  async distinct(column: DistinctColumn, limit?: number): Promise<(string | number)[]> {
    return this.queries.distinct(column, limit)
  }

  async metrics(request: MetricsRequest): Promise<DecisionMetrics> {
    return decisionMetrics(this.queries.db, request)
  }

  async sourceMetrics(request: SourceMetricsRequest): Promise<SourceFigures[]> {
    return decisionSourceMetrics(this.queries.db, request)
  }

  /** Flushes what is queued, then closes the writer, the reader and retention. */
  close(): void {
    try {
      this.log.close()
    } finally {
      this.retention.worker.close()
      this.queries.close()
    }
  }
}
