/**
 * Fills a SQLite store's decision log with `count` rows fast, the same rows bulk-postgres.ts makes:
 * the templates are written once through the store's own log (its writer computes digests and
 * redactions), then copied over a recursive counter in one transaction, with the secondary indexes
 * dropped for the load and rebuilt after it, and the reason search index rebuilt from the rows.
 * Whatever the log held before is removed.
 */
import Database from 'better-sqlite3'
import type { DecisionInput } from '../../lib/store/model/decision'
import type { SqliteStore } from '../../lib/store/sqlite/sqlite-store'

type Template = Omit<DecisionInput, 'at'>

const REPEATED = `kind, verdict, decided_by, reason, component, action, session_id, persona, connection_id, workspace_id, profile,
  duration_us, trace, warnings, auth, payload_digest, payload, payload_truncated, repeat_count, last_at, folded_variants, source, observed, mismatch`

/** Rows `0..count-1`: template `(i * 7919) % templates`, at `firstAt + i * 1000`, version 1 for the first half, 2 after. */
export async function bulkSqlite(store: SqliteStore, templates: readonly Template[], count: number, firstAt: number): Promise<void> {
  for (const [i, t] of templates.entries()) store.decisions.append({ ...t, at: i })
  await store.decisions.flush()
  const db = new Database(store.file)
  try {
    db.pragma('busy_timeout = 10000')
    const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decisions' AND sql IS NOT NULL`).all() as { name: string; sql: string }[]
    db.transaction(() => {
      db.exec(`CREATE TEMP TABLE bench_templates AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, ${REPEATED} FROM decisions`)
      db.exec(`DELETE FROM decisions; INSERT INTO decisions_reason_fts (decisions_reason_fts) VALUES ('delete-all')`)
      for (const index of indexes) db.exec(`DROP INDEX ${index.name}`)
      db.prepare(`WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < ? - 1)
        INSERT INTO decisions (id, at, workspace_version, ${REPEATED})
        SELECT n + 1, ? + n * 1000, CASE WHEN n < ? / 2 THEN 1 ELSE 2 END, ${REPEATED} FROM g JOIN bench_templates AS t ON t.i = (n * 7919) % ?`)
        .run(count, firstAt, count, templates.length)
      for (const index of indexes) db.exec(index.sql)
      db.exec(`INSERT INTO decisions_reason_fts (decisions_reason_fts) VALUES ('rebuild')`)
    })()
    db.exec('ANALYZE')
  } finally {
    db.close()
  }
}
