/**
 * The studio's store on Postgres (STUDIO_DATABASE_URL=postgres://...): what lib/store/open-store.ts
 * loads instead of the embedded SQLite store. Opening connects and runs pending migrations (one
 * transaction under an advisory lock, so instances starting together do not race). Everything the SQLite store keeps lives here, with the same contract (contract.ts).
 *
 * @example
 * const store = await openPostgresStore('postgres://studio@db:5432/studio', { secret: key })
 * await store.workspaces.list()
 * await store.close()
 */
import type { StoreInfo, StoreOptions, StoreTransaction, StudioStore } from '../contract'
import { SecretBox } from '../secret-box'
import { PostgresDecisionLog } from './decision-log'
import { PostgresDecisions } from './decision-store'
import { PostgresKeys } from './keys'
import { PostgresMeta } from './meta'
import { migratePostgres, type MigrationResult } from './migrate'
import { PostgresPersonas } from './personas'
import { PostgresPool, type Db, type PoolOptions } from './pool'
import { PostgresRetention } from './retention'
import { PostgresWorkspaces } from './workspaces'

/** The advisory lock every store transaction holds (migrate.ts and retention.ts use others). */
const STORE_TRANSACTION_LOCK = 7_316_042_018

export interface PostgresStoreOptions extends StoreOptions {
  /** Pool size and timeouts (pool.ts). */
  readonly pool?: PoolOptions
  /** Decisions kept in memory while Postgres is unreachable (decision-log.ts MAX_QUEUED_ROWS). */
  readonly maxQueuedDecisions?: number
  /** Where the decision log reports dropped decisions (default: console.error). */
  readonly warn?: (message: string) => void
  /** Starts retention sweeps every this many ms at open; absent: the caller starts them (decisions.retention.start()). */
  readonly retentionIntervalMs?: number
}

function repositories(db: Db, now: () => Date, box: SecretBox): StoreTransaction {
  return { workspaces: new PostgresWorkspaces(db, now), personas: new PostgresPersonas(db, now), keys: new PostgresKeys(db, box), meta: new PostgresMeta(db) }
}

class PostgresStore implements StudioStore {
  readonly kind = 'postgres' as const
  readonly workspaces: StudioStore['workspaces']
  readonly personas: StudioStore['personas']
  readonly keys: StudioStore['keys']
  readonly meta: StudioStore['meta']
  readonly decisions: PostgresDecisions
  private closing: Promise<void> | undefined

  constructor(
    private readonly pool: PostgresPool,
    readonly migrations: MigrationResult,
    private readonly now: () => Date,
    private readonly box: SecretBox,
    decisions: PostgresDecisions,
  ) {
    this.workspaces = new PostgresWorkspaces(pool, now)
    this.personas = new PostgresPersonas(pool, now)
    this.keys = new PostgresKeys(pool, box)
    this.meta = new PostgresMeta(pool)
    this.decisions = decisions
  }

  /**
   * Store transactions are serialized across every instance sharing the database (a transaction-level
   * advisory lock), as SQLite's single writer serializes them: "read again inside, then write" (seeding,
   * first-start flags) holds when two instances start together, where READ COMMITTED alone would let
   * both read "not yet" and the second fail on the first's row.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.pool.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [STORE_TRANSACTION_LOCK], 'store_transaction_lock')
      return fn(repositories(db, this.now, this.box))
    })
  }

  async info(): Promise<StoreInfo> {
    const [row] = await this.pool.query<{ bytes: number }>('SELECT pg_database_size(current_database()) AS bytes')
    const bytes = row?.bytes ?? 0
    return { kind: 'postgres', location: this.pool.location, schemaVersion: this.migrations.version, sizeBytes: bytes, databaseBytes: bytes, walBytes: 0 }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.decisions.retention.close()
      try {
        await this.decisions.log.close()
      } finally {
        await this.pool.close()
      }
    })()
    return this.closing
  }
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<StudioStore> {
  const now = options.now ?? (() => new Date())
  const box = new SecretBox(options.secret)
  const pool = new PostgresPool(url, options.pool)
  try {
    const migrations = await migratePostgres(pool)
    const log = new PostgresDecisionLog(pool, {
      ...(options.logBudget !== undefined ? { budget: options.logBudget } : {}),
      ...(options.maxQueuedDecisions !== undefined ? { maxQueuedRows: options.maxQueuedDecisions } : {}),
      ...(options.warn ? { warn: options.warn } : {}),
    })
    const retention = new PostgresRetention(pool, { nowMs: () => now().getTime() })
    const store = new PostgresStore(pool, migrations, now, box, new PostgresDecisions(pool, log, retention))
    if (options.retentionIntervalMs !== undefined) retention.start(options.retentionIntervalMs)
    return store
  } catch (error) {
    await pool.close()
    throw error
  }
}
