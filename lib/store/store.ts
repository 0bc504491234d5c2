import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { KeyRepository } from './keys'
import { migrate } from './migrations'
import { openDatabase } from './open-database'
import { PersonaRepository } from './personas'
import { WorkspaceRepository } from './workspaces'

export interface StoreOptions {
  readonly dataDir: string
  readonly now?: () => Date
}

/** The embedded store: one SQLite file, every SQL statement lives under lib/store. */
export class Store {
  readonly workspaces: WorkspaceRepository
  readonly personas: PersonaRepository
  readonly keys: KeyRepository
  readonly file: string
  readonly migrationsApplied: readonly number[]
  readonly schemaVersion: number
  private readonly db: Database.Database

  constructor(options: StoreOptions) {
    const now = options.now ?? (() => new Date())
    const { db, file } = openDatabase(options.dataDir)
    this.db = db
    this.file = file
    const { applied, version } = migrate(db)
    this.migrationsApplied = applied
    this.schemaVersion = version
    this.workspaces = new WorkspaceRepository(db, now)
    this.personas = new PersonaRepository(db, now)
    this.keys = new KeyRepository(db)
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined
    return row?.value
  }

  setMeta(key: string, value: string): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value)
  }

  deleteMeta(key: string): void {
    this.db.prepare(`DELETE FROM meta WHERE key = ?`).run(key)
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  /** Bytes on disk: the database file and its write-ahead log (the -shm index is a small memory map, left out). */
  sizeBytes(): number {
    const { databaseBytes, walBytes } = this.diskUsage()
    return databaseBytes + walBytes
  }

  /** The database file's and its WAL's sizes; a missing WAL (after a clean checkpoint) is 0. */
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

  /** Checkpoints the WAL and closes; better-sqlite3 is synchronous, so no write is in flight after this. */
  close(): void {
    if (!this.db.open) return
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.close()
  }
}
