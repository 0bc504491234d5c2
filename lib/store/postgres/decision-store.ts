/** The decision log on Postgres as the contract sees it (DecisionStore): the write side, the reads, the figures, retention. */
import type { DecisionStore } from '../contract'
import type { DecisionInput, DecisionLogCounters, DecisionRecord } from '../model/decision'
import type { Cursor, DecisionPage, DecisionQuery, DistinctColumn, ImpactWindow } from '../model/decision-query'
import type { DecisionMetrics, MetricsRequest, SourceFigures, SourceMetricsRequest } from '../model/metrics'
import { type PostgresDecisionLog } from './decision-log'
import { postgresMetrics, postgresSourceMetrics } from './decision-metrics'
import { PostgresDecisionReads } from './decision-reads'
import type { PostgresPool } from './pool'
import { type PostgresRetention } from './retention'

export class PostgresDecisions implements DecisionStore {
  private readonly reads: PostgresDecisionReads

  constructor(
    private readonly db: PostgresPool,
    readonly log: PostgresDecisionLog,
    readonly retention: PostgresRetention,
  ) {
    this.reads = new PostgresDecisionReads(db)
  }

  append(input: DecisionInput): void {
    this.log.append(input)
  }

  flush(): Promise<number> {
    return this.log.flush()
  }

  onWritten(listener: (record: DecisionRecord) => void, active?: () => boolean): () => void {
    return this.log.onWritten(listener, active)
  }

  counters(): Promise<DecisionLogCounters> {
    return this.log.counters()
  }

  page(query: DecisionQuery, options?: { readonly limit?: number; readonly before?: Cursor }): Promise<DecisionPage> {
    return this.reads.page(query, options)
  }

  count(query: DecisionQuery, cap?: number): Promise<number> {
    return this.reads.count(query, cap)
  }

  rowCount(): Promise<number> {
    return this.reads.rowCount()
  }

  get(id: number): Promise<DecisionRecord | undefined> {
    return this.reads.get(id)
  }

  iterate(query: DecisionQuery, batch?: number): AsyncIterableIterator<DecisionRecord> {
    return this.reads.iterate(query, batch)
  }

  window(window: ImpactWindow, options?: { readonly cap?: number; readonly workspaceId?: string; readonly source?: string }): Promise<DecisionRecord[]> {
    return this.reads.window(window, options)
  }

  distinct(column: DistinctColumn, limit?: number): Promise<(string | number)[]> {
    return this.reads.distinct(column, limit)
  }

  metrics(request: MetricsRequest): Promise<DecisionMetrics> {
    return postgresMetrics(this.db, request)
  }

  sourceMetrics(request: SourceMetricsRequest): Promise<SourceFigures[]> {
    return postgresSourceMetrics(this.db, request)
  }
}
