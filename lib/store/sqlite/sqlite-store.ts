import fs from 'node:fs'
import type Database from 'better-sqlite3'
import type { StoreInfo, StoreOptions, StoreTransaction, StudioStore } from '../contract'
import { SecretBox } from '../secret-box'
import { loadStoreKey } from '../store-secret'
import { SqliteDecisionStore } from './decision-store'
import { INSIDE_TRANSACTION, SqliteGate, type Gate } from './gate'
import { SqliteKeys } from './keys'
import { SqliteMeta } from './meta'
import { migrate } from './migrations'
import { openDatabase } from './open-database'
import { SqlitePersonas } from './personas'
import { SqliteWorkspaces } from './workspaces'

export interface SqliteStoreOptions extends Partial<StoreOptions> {
  /** The folder of studio.sqlite (created when missing). */
  readonly dataDir: string
}

/** The repositories over one connection, behind one gate. */
function repositories(db: Database.Database, now: () => Date, box: SecretBox, gate: Gate): StoreTransaction {
  return {
    workspaces: new SqliteWorkspaces(db, now, gate),
    personas: new SqlitePersonas(db, now, gate),
    keys: new SqliteKeys(db, box, gate),
    meta: new SqliteMeta(db, gate),
  }
}

/**
 * The embedded store (contract: StudioStore): one SQLite file in WAL mode; every SQL
 * statement lives under lib/store/sqlite. Opening is synchronous (better-sqlite3);
 * the decision log's writer thread starts on first use of `decisions`.
 */
export class SqliteStore implements StudioStore {
  readonly kind = 'sqlite' as const
  readonly file: string
  readonly migrations: { readonly applied: readonly number[]; readonly version: number }
  readonly workspaces: SqliteWorkspaces
  readonly personas: SqlitePersonas
  readonly keys: SqliteKeys
  readonly meta: SqliteMeta
  private readonly db: Database.Database
  private readonly gate = new SqliteGate()
  private readonly now: () => Date
  private readonly box: SecretBox
  private decisionStore: SqliteDecisionStore | undefined
  private readonly logBudget: StoreOptions['logBudget']

  /** Without `secret`, the data folder's generated secret.key (store-secret.ts). */
  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? (() => new Date())
    this.box = new SecretBox(options.secret ?? loadStoreKey({ kind: 'generated' }, options.dataDir))
    this.logBudget = options.logBudget
    const { db, file } = openDatabase(options.dataDir)
    this.db = db
    this.file = file
    try {
      this.migrations = migrate(db, { box: this.box })
    } catch (error) {
      db.close()
      throw error
    }
    const repos = repositories(db, this.now, this.box, this.gate)
    this.workspaces = repos.workspaces as SqliteWorkspaces
    this.personas = repos.personas as SqlitePersonas
    this.keys = repos.keys as SqliteKeys
    this.meta = repos.meta as SqliteMeta
  }

  /** The decision log, opened on first use (its writer thread, reader and retention connections). */
  get decisions(): SqliteDecisionStore {
    this.decisionStore ??= new SqliteDecisionStore(this.file, this.logBudget !== undefined ? { budget: this.logBudget } : {})
    return this.decisionStore
  }

  /** BEGIN IMMEDIATE ... COMMIT around `fn`; other callers of this store wait at the gate meanwhile. */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.gate.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(repositories(this.db, this.now, this.box, INSIDE_TRANSACTION))
        this.db.exec('COMMIT')
        return result
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        throw error
      }
    })
  }

  async info(): Promise<StoreInfo> {
    const { databaseBytes, walBytes } = this.diskUsage()
    return { kind: 'sqlite', location: this.file, schemaVersion: this.migrations.version, sizeBytes: databaseBytes + walBytes, databaseBytes, walBytes }
  }

  /** The database file's and its WAL's sizes; a missing WAL (after a clean checkpoint) is 0. The -shm index is a small memory map, left out. */
  diskUsage(): { databaseBytes: number; walBytes: number } {
    const size = (f: string) => {
      try {
        return fs.statSync(f).size
      } catch {
        return 0
      }
    }
    return { databaseBytes: size(this.file), walBytes: size(`${this.file}-wal`) }
  }

  /**
   * Flushes and closes the decision log, checkpoints the WAL and closes. Everything happens
   * before the returned Promise is created (better-sqlite3 is synchronous): no write is in flight after the call.
   */
  close(): Promise<void> {
    try {
      this.closeNow()
      return Promise.resolve()
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }

  private closeNow(): void {
    try {
      this.decisionStore?.close()
    } finally {
      if (this.db.open) {
        this.db.pragma('wal_checkpoint(TRUNCATE)')
        this.db.close()
      }
    }
  }
}

/** Opens (or creates) the SQLite store in `options.dataDir` and runs its pending migrations. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  return new SqliteStore(options)
}
