/**
 * Fills a Postgres store's decision log with `count` rows fast: the templates go in once, prepared
 * as the writer prepares rows (row-preparer.ts: digests, redaction), then one INSERT ... SELECT over
 * generate_series repeats them with their own ids, times and versions. The log's secondary indexes
 * are dropped for the load and built again after it (as a restore would), then the table is analyzed.
 * Whatever the log held before is removed.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import { MAX_STORED_PAYLOAD_CHARS, type DecisionInput } from '../../lib/store/model/decision'
import { copyIn } from '../../lib/store/postgres/copy-in'
import { createRowPreparer, PREPARED_COLUMNS } from '../../lib/store/postgres/row-preparer'
import { mayRedactJsonValues, redactPayload, redactValue } from '../../lib/store/redaction'

type Template = Omit<DecisionInput, 'at'>

const REPEATED = PREPARED_COLUMNS.map(([name]) => name).filter((name) => name !== 'at' && name !== 'workspace_version')

/** Rows `0..count-1`: template `(i * 7919) % templates`, at `firstAt + i * 1000`, version 1 for the first half, 2 after. */
export async function bulkPostgres(url: string, templates: readonly Template[], count: number, firstAt: number): Promise<void> {
  const preparer = createRowPreparer({ redactValue, redactPayload, mayRedactJsonValues, sha256: (t) => createHash('sha256').update(t).digest('hex'), maxPayloadChars: MAX_STORED_PAYLOAD_CHARS })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`)
    // The log starts empty (the write phase before this wrote to it), as bulk-sqlite.ts's does.
    await client.query('TRUNCATE decisions, decision_batches')
    await client.query(`CREATE TEMP TABLE bench_templates (i integer, ${PREPARED_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}, reason_id integer)`)
    const lines = templates.map((t, i) => `${i}\t${preparer.prepare({ ...t, at: 0 } as never).line}\t\\N\n`).join('')
    await copyIn(client, 'bench_templates', lines)
    await client.query(`INSERT INTO decision_reasons (reason) SELECT DISTINCT reason FROM bench_templates WHERE reason IS NOT NULL ON CONFLICT (digest) DO NOTHING`)
    await client.query(`UPDATE bench_templates AS t SET reason_id = r.id FROM decision_reasons AS r WHERE r.reason = t.reason`)
    const indexes = (await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'decisions' AND indexname <> 'decisions_pkey'`)).rows
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`)
    const columns = [...REPEATED, 'reason_id'].join(', ')
    await client.query(`INSERT INTO decisions (id, at, workspace_version, ${columns})
      SELECT g + 1, $1::bigint + g * 1000, CASE WHEN g < $2 / 2 THEN 1 ELSE 2 END, ${columns}
      FROM generate_series(0::bigint, $2::bigint - 1) AS g JOIN bench_templates AS t ON t.i = (g * 7919) % $3`, [firstAt, count, templates.length])
    await client.query(`SELECT setval('decisions_id_seq', $1)`, [count])
    for (const index of indexes) await client.query(index.def)
    await client.query('ANALYZE decisions')
  } finally {
    await client.end()
  }
}
