/**
 * The store contract suite (tests/store-suite) on Postgres, plus what only a server can show:
 * two instances migrating one database at once, and Postgres going away and coming back while a
 * store is open (acknowledged writes survive, requests during the outage fail clearly, the store
 * recovers by itself, queued decisions are retried and not lost).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioStore } from '@/lib/store/contract'
import { isStoreError } from '@/lib/store/errors'
import type { DecisionInput } from '@/lib/store/model/decision'
import { openPostgresStore, type PostgresStoreOptions } from '@/lib/store/postgres/index'
import { startPostgres, type PostgresServer } from '@/tests/helpers/pg-server'
import { describeStoreContract, type StoreHarness } from '../store-suite'
import { SECRET } from '../store-suite/harness'

let server: PostgresServer
let databases = 0
const TEMPLATE = 'contract_template'

beforeAll(async () => {
  server = await startPostgres()
  // Every test gets a fresh database copied from a migrated template (CREATE DATABASE ... TEMPLATE is fast).
  await admin(`CREATE DATABASE ${TEMPLATE}`)
  const store = await openPostgresStore(urlOf(TEMPLATE), { secret: SECRET })
  await store.close()
})

afterAll(async () => {
  await server?.stop()
})

function urlOf(database: string): string {
  return server.url.replace(/\/[^/]+$/, `/${database}`)
}

async function admin<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<R[]> {
  const client = new pg.Client({ connectionString: urlOf(database) })
  await client.connect()
  try {
    return (await client.query<R>(sql, params)).rows
  } finally {
    await client.end()
  }
}

async function freshDatabase(fromTemplate = true): Promise<string> {
  const name = `store_${++databases}`
  await admin(`CREATE DATABASE ${name}${fromTemplate ? ` TEMPLATE ${TEMPLATE}` : ''}`)
  return name
}

describeStoreContract('postgres', async ({ secret, now }): Promise<StoreHarness> => {
  const database = await freshDatabase()
  const store = await openPostgresStore(urlOf(database), { secret, ...(now ? { now } : {}) })
  const others: StudioStore[] = []
  return {
    store,
    async reopen(options) {
      const other = await openPostgresStore(urlOf(database), { secret: options.secret })
      others.push(other)
      return other
    },
    async rawPrivateKey(workspaceId, kid) {
      const [row] = await admin<{ private_jwk: string }>('SELECT private_jwk FROM keys WHERE workspace_id = $1 AND kid = $2', [workspaceId, kid], database)
      return row?.private_jwk
    },
    async cleanup() {
      for (const other of others) await other.close()
      await store.close()
      await admin(`DROP DATABASE ${database} WITH (FORCE)`)
    },
  }
})

const decision = (n: number, extra: Partial<DecisionInput> = {}): DecisionInput => ({
  at: Date.now() - 60_000 + n, kind: 'action', verdict: 'deny', reason: `Denied #${n % 3}`, component: 'AdminPanel', action: 'deleteUser',
  profile: 'documented', durationUs: 5, trace: [], auth: { authenticated: false }, ...extra,
})

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(isStoreError(error, 'STORE_UNAVAILABLE'), String(error)).toBe(true)
  expect((error as Error).message).toMatch(/^The Postgres store at postgres:\/\/postgres@127\.0\.0\.1:\d+\/store_\d+ is unavailable \(.+\); the request was not carried out/)
}

describe('Postgres store: several instances, one database', () => {
  it('two stores opening a fresh database at once run the migrations once', async () => {
    const url = urlOf(await freshDatabase(false))
    const [a, b] = await Promise.all([openPostgresStore(url, { secret: SECRET }), openPostgresStore(url, { secret: SECRET })])
    try {
      expect([a.migrations.applied, b.migrations.applied].sort((x, y) => y.length - x.length)).toEqual([[1, 2], []])
      expect(a.migrations.version).toBe(2)
      expect(b.migrations.version).toBe(2)
      const url2 = new URL(url)
      expect(await admin<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id', [], url2.pathname.slice(1))).toEqual([{ id: 1 }, { id: 2 }])
      // A save on one is read on the other.
      await a.workspaces.create({ id: 'w', name: 'Shared', files: { 'rules.ts': 'export {}\n' } })
      await Promise.all([a.workspaces.save('w', { 'rules.ts': '// a\n' }), b.workspaces.save('w', { 'rules.ts': '// b\n' })])
      expect((await b.workspaces.history('w')).map((v) => v.version)).toEqual([3, 2, 1])
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('serializes store transactions across instances: "read again inside, then write" seeds once when both start together', async () => {
    const url = urlOf(await freshDatabase())
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url, { secret: SECRET })))
    try {
      const seed = (store: StudioStore) => store.transaction(async (tx) => {
        if (await tx.meta.get('seeded')) return false
        await new Promise((resolve) => setTimeout(resolve, 50))
        await tx.workspaces.create({ id: 'demo', name: 'Demo', isDemo: true, files: { 'rules.ts': 'export {}\n' } })
        await tx.meta.set('seeded', 'yes')
        return true
      })
      const seeded = await Promise.all(stores.map(seed))
      expect(seeded.filter(Boolean)).toHaveLength(1)
      expect((await stores[0]!.workspaces.list()).map((w) => w.id)).toEqual(['demo'])
    } finally {
      for (const store of stores) await store.close()
    }
  })
})

describe('Postgres store: the server restarted mid-run', () => {
  it('keeps acknowledged saves and flushed decisions, fails requests clearly while down, retries queued decisions and recovers by itself', async () => {
    const url = urlOf(await freshDatabase())
    const warnings: string[] = []
    const options: PostgresStoreOptions = { secret: SECRET, logBudget: false, warn: (m) => warnings.push(m), pool: { connectionTimeoutMs: 2_000 } }
    const store = await openPostgresStore(url, options)
    try {
      await store.workspaces.create({ id: 'w', name: 'Before', files: { 'rules.ts': 'export const v = 1\n' } })
      const saved = await store.workspaces.save('w', { 'rules.ts': 'export const v = 2\n' }, 'acknowledged')
      for (let i = 0; i < 50; i++) store.decisions.append(decision(i))
      expect(await store.decisions.flush()).toBe(50)

      await server.restart({
        mode: 'immediate',
        whileDown: async () => {
          await expectUnavailable(store.workspaces.get('w'))
          await expectUnavailable(store.workspaces.save('w', { 'rules.ts': 'export const v = 3\n' }))
          // Appending never throws; the flush says the database is away, and the decisions stay queued.
          for (let i = 50; i < 80; i++) store.decisions.append(decision(i))
          await expectUnavailable(store.decisions.flush())
        },
      })

      // Back: the same store answers again without being reopened, and the queued decisions were written.
      await expect(store.decisions.flush()).resolves.toBeGreaterThanOrEqual(0)
      expect((await store.workspaces.version('w')).version).toBe(saved.version)
      expect((await store.workspaces.version('w')).files).toEqual({ 'rules.ts': 'export const v = 2\n' })
      expect(await store.decisions.rowCount()).toBe(80)
      expect(await store.decisions.count({ text: 'denied #1' })).toBe(27)
      expect(await store.decisions.counters()).toMatchObject({ received: 80, written: 80, rows: 80, failed: 0 })
      expect(warnings).toEqual([])
    } finally {
      await store.close()
    }
  })

  it('drops decisions past the queue cap while the server is down, counts them and says so', async () => {
    const url = urlOf(await freshDatabase())
    const warnings: string[] = []
    const store = await openPostgresStore(url, { secret: SECRET, logBudget: false, warn: (m) => warnings.push(m), maxQueuedDecisions: 40, pool: { connectionTimeoutMs: 2_000 } })
    try {
      await server.down('immediate')
      try {
        for (let round = 0; round < 5; round++) {
          for (let i = 0; i < 20; i++) store.decisions.append(decision(round * 20 + i))
          await new Promise((resolve) => setTimeout(resolve, 30))
        }
      } finally {
        await server.up()
      }
      await store.decisions.flush()
      const counters = await store.decisions.counters()
      expect(counters.received).toBe(100)
      expect(counters.written + counters.failed).toBe(100)
      expect(counters.written).toBeGreaterThanOrEqual(40)
      expect(counters.failed).toBeGreaterThan(0)
      expect(await store.decisions.rowCount()).toBe(counters.written)
      expect(warnings[0]).toMatch(/^40 decisions are already waiting to be written \(Postgres is unreachable or slower than the log\): further decisions are dropped/)
      expect(warnings[1]).toBe(`The decision log is writing to Postgres again; ${counters.failed} decisions were dropped meanwhile`)
    } finally {
      await store.close()
    }
  })
})
