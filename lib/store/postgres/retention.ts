/**
 * The decision log's retention on Postgres (contract: RetentionStore): the policy in the meta
 * table, applied in small DELETE chunks off the hot path. Several instances share one database:
 * a chunk runs only while it holds a transaction-level advisory lock, so one instance sweeps at
 * a time and the others skip. Each pass also forgets batch ids older than a day
 * (decision_batches only has to outlive a batch's retries).
 */
import type { RetentionStore } from '../contract'
import { StoreError } from '../errors'
import { DAY_MS, isPositiveNumber, parseRetentionPolicy, RETENTION_META_KEY, retentionInForce, type RetentionInForce, type RetentionPolicy } from '../model/retention'
import type { Db } from './pool'

const SWEEP_LOCK = 7_316_042_017

interface Cutoff {
  readonly at: number
  readonly id: number
}

export interface PostgresRetentionOptions {
  /** Rows deleted per chunk (default 500): small, so the live server's writes interleave. */
  readonly batchSize?: number
  readonly nowMs: () => number
}

export class PostgresRetention implements RetentionStore {
  private readonly batchSize: number
  private running: Promise<number> | undefined
  private timer: ReturnType<typeof setInterval> | undefined
  private closed = false

  constructor(
    private readonly db: Db,
    private readonly options: PostgresRetentionOptions,
  ) {
    this.batchSize = options.batchSize ?? 500
  }

  async inForce(): Promise<RetentionInForce> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [RETENTION_META_KEY], 'meta_get')
    return retentionInForce(row?.value)
  }

  async policy(): Promise<RetentionPolicy> {
    const { source: _source, ...policy } = await this.inForce()
    return policy
  }

  async setPolicy(policy: RetentionPolicy): Promise<RetentionPolicy> {
    for (const [k, v] of Object.entries(policy)) {
      if (v !== undefined && !isPositiveNumber(v)) throw new StoreError('STORE_INVALID', `Retention ${k} must be a positive number`)
    }
    const clean = parseRetentionPolicy(JSON.stringify(policy))
    await this.db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [RETENTION_META_KEY, JSON.stringify(clean)], 'meta_set')
    return clean
  }

  async resetPolicy(): Promise<RetentionPolicy> {
    await this.db.query('DELETE FROM meta WHERE key = $1', [RETENTION_META_KEY], 'meta_delete')
    return this.policy()
  }

  sweep(): Promise<number> {
    if (this.running) return this.running
    const pass = this.pass()
    this.running = pass
    void pass.finally(() => {
      if (this.running === pass) this.running = undefined
    })
    return pass
  }

  start(intervalMs = 60_000): void {
    if (this.timer || this.closed) return
    void this.sweep().catch(() => undefined)
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), intervalMs)
    this.timer.unref?.()
  }

  close(): void {
    this.closed = true
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  /** One pass, chunk by chunk; a failed chunk (e.g. the database went away) ends it, the next interval retries. */
  private async pass(): Promise<number> {
    // Never inside the caller's tick.
    await new Promise((resolve) => setImmediate(resolve))
    const policy = await this.policy()
    const nowMs = this.options.nowMs()
    const cutoff = await this.rowCutoff(policy)
    let total = 0
    for (;;) {
      if (this.closed) return total
      const n = await this.step(policy, cutoff, nowMs)
      if (n === undefined) return total
      total += n
      if (n === 0) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    await this.db.query(`DELETE FROM decision_batches WHERE committed_at < now() - interval '1 day'`)
    return total
  }

  /** The newest row outside maxRows in (at, id) order: it and every older row go. */
  private async rowCutoff(policy: RetentionPolicy): Promise<Cutoff | undefined> {
    if (policy.maxRows === undefined) return undefined
    const [row] = await this.db.query<Cutoff>('SELECT at, id FROM decisions ORDER BY at DESC, id DESC LIMIT 1 OFFSET $1', [policy.maxRows], 'retention_cutoff')
    return row
  }

  /** Deletes at most one chunk; undefined when another instance holds the sweep. */
  private step(policy: RetentionPolicy, cutoff: Cutoff | undefined, nowMs: number): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK])
      if (!lock?.locked) return undefined
      let deleted = 0
      if (policy.maxDays !== undefined) {
        deleted += (await tx.query(`DELETE FROM decisions WHERE id IN (SELECT id FROM decisions WHERE at < $1 ORDER BY at, id LIMIT $2) RETURNING 1`,
          [nowMs - policy.maxDays * DAY_MS, this.batchSize], 'retention_by_age')).length
      }
      if (cutoff !== undefined && deleted < this.batchSize) {
        deleted += (await tx.query(`DELETE FROM decisions WHERE id IN (SELECT id FROM decisions WHERE (at, id) <= ($1, $2) ORDER BY at, id LIMIT $3) RETURNING 1`,
          [cutoff.at, cutoff.id, this.batchSize - deleted], 'retention_by_rows')).length
      }
      return deleted
    })
  }
}
