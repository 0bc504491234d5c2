/**
 * Fills a Postgres store's decision log with `count` rows fast: the templates' stored columns
 * (digest and redaction as the writer computes them) go in once, then one INSERT ... SELECT over
 * generate_series repeats them with their own times, ids and versions. The log's secondary indexes
 * are dropped for the load and built again after it (as a restore would), then the table is analyzed.
 */
import pg from 'pg'
import type { DecisionInput } from '../../lib/store/model/decision'
import { storedRow } from '../../lib/store/postgres/decision-rows'

type Template = Omit<DecisionInput, 'at'>

const TEMPLATE_COLUMNS = `kind, verdict, decided_by, reason, component, action, session_id, persona, connection_id, workspace_id, profile,
  duration_us, trace, warnings, auth, payload_digest, payload, payload_truncated`

/** Rows `0..count-1`: template `(i * 7919) % templates`, at `firstAt + i * 1000`, version 1 for the first half, 2 after. */
export async function bulkPostgres(url: string, templates: readonly Template[], count: number, firstAt: number): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`)
    const rows = templates.map((t, i) => ({ i, ...storedRow({ ...t, at: 0 }).row }))
    await client.query(`CREATE TEMP TABLE bench_templates AS SELECT * FROM json_to_recordset($1::json) AS t(i integer, kind text, verdict text,
      decided_by text, reason text, component text, action text, session_id text, persona text, connection_id text, workspace_id text, profile text,
      duration_us double precision, trace text, warnings text, auth text, payload_digest text, payload text, payload_truncated boolean)`, [JSON.stringify(rows)])
    const indexes = (await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'decisions' AND indexname <> 'decisions_pkey'`)).rows
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`)
    await client.query(`INSERT INTO decisions (id, at, workspace_version, ${TEMPLATE_COLUMNS})
      SELECT g + 1, $1::bigint + g * 1000, CASE WHEN g < $2 / 2 THEN 1 ELSE 2 END, ${TEMPLATE_COLUMNS}
      FROM generate_series(0, $2 - 1) AS g JOIN bench_templates AS t ON t.i = (g * 7919) % $3`, [firstAt, count, templates.length])
    await client.query(`SELECT setval('decisions_id_seq', $1)`, [count])
    for (const index of indexes) await client.query(index.def)
    await client.query('ANALYZE decisions')
  } finally {
    await client.end()
  }
}
