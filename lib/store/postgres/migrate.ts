/**
 * Runs the Postgres migrations at start. Several instances may start at once against one
 * database: the whole run is one transaction holding a transaction-level advisory lock,
 * so the second instance waits, then finds every migration applied and applies none. No statement
 * timeout applies: a later migration may build an index on a big log, and the waiting instance waits.
 */
import type { Db } from './pool'
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations'

/** Any constant shared by every instance of the studio: the advisory lock's key. */
const MIGRATION_LOCK = 7_316_042_016

export interface MigrationResult {
  readonly applied: readonly number[]
  readonly version: number
}

export async function migratePostgres(db: Db, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id))
    const applied: number[] = []
    for (const m of migrations) {
      if (done.has(m.id)) continue
      await tx.query(m.sql)
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name])
      applied.push(m.id)
    }
    return { applied, version: Math.max(0, ...done, ...applied) }
  }, { unbounded: true })
}
