/**
 * The connection pool and the one place SQL is sent from: every query goes through
 * `Db.query`, which names hot statements (prepared once per connection), bounds each
 * statement with a timeout, and turns a lost or refused connection into STORE_UNAVAILABLE
 * instead of a hang. The pool replaces broken connections by itself: after an outage
 * the next query simply connects again.
 */
import pg from 'pg'
import { StoreError } from '../errors'
import { toStoreError } from './pg-errors'

/** How the pool is sized and bounded. */
export interface PoolOptions {
  /** Connections at most (default 10). */
  readonly max?: number
  /** A statement running longer is cancelled by the server (default 15 s). */
  readonly statementTimeoutMs?: number
  /** Waiting this long for a connection (pool full, or the server not answering) fails the request (default 5 s). */
  readonly connectionTimeoutMs?: number
  /** Idle connections are closed after this long (default 30 s). */
  readonly idleTimeoutMs?: number
}

/** Parameters: what node-postgres accepts for $1, $2... */
export type Params = readonly unknown[]

/** Something to run SQL on: the pool (each query on any connection) or one connection inside a transaction. */
export interface Db {
  /** Rows of one statement; `name` prepares it once per connection (hot statements). */
  query<R extends object>(sql: string, params?: Params, name?: string): Promise<R[]>
  /**
   * Runs `fn` in one transaction (on the pool: its own connection; inside a transaction: the same one).
   * `unbounded`: no statement timeout (migrations, which may build an index on a big log).
   */
  transaction<T>(fn: (db: Db) => Promise<T>, options?: TransactionOptions): Promise<T>
}

export interface TransactionOptions {
  readonly unbounded?: boolean
}

/** What `unbounded` lets a statement take on the client side (the server's timeout is turned off). */
const UNBOUNDED_MS = 24 * 3_600_000

// bigint and numeric columns (ids, epoch ms, counts) as numbers: every value the store keeps fits in 2^53.
const INT8 = 20
const NUMERIC = 1700
const INT8_ARRAY = 1016
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (text: string) => Number(text)
    if (oid === INT8_ARRAY) {
      const parseArray = pg.types.getTypeParser(INT8_ARRAY as never, 'text') as (text: string) => (string | null)[]
      return (text: string) => parseArray(text).map((v) => (v === null ? null : Number(v)))
    }
    return pg.types.getTypeParser(oid, format)
  },
}

/** Query parameters node-postgres reads secrets from (besides the URL's user-info part). */
const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey']

/** `url` without its password (in the user info or as a parameter), for messages and /api/status. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    for (const name of SECRET_PARAMS) if (u.searchParams.has(name)) u.searchParams.set(name, '***')
    return u.toString()
  } catch {
    return 'postgres (unparseable URL)'
  }
}

export class PostgresPool implements Db {
  readonly pool: pg.Pool
  readonly location: string
  private closed = false

  constructor(url: string, options: PoolOptions = {}) {
    this.location = describeUrl(url)
    const statementTimeout = options.statementTimeoutMs ?? 15_000
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
      statement_timeout: statementTimeout,
      // The client gives up a little after the server would have cancelled: a dead socket cannot hang a request.
      query_timeout: statementTimeout + 2_000,
      idle_in_transaction_session_timeout: statementTimeout * 2,
      keepAlive: true,
      application_name: 'live-auth-studio',
      types,
    })
    // A connection that dies while idle (server restarted) is reported here and dropped from the pool;
    // without a listener it would crash the process.
    this.pool.on('error', () => undefined)
  }

  async query<R extends object>(sql: string, params: Params = [], name?: string): Promise<R[]> {
    this.assertOpen()
    try {
      const result = await this.pool.query<R>(name ? { name, text: sql, values: [...params] } : { text: sql, values: [...params] })
      return result.rows
    } catch (error) {
      throw toStoreError(error, this.location)
    }
  }

  transaction<T>(fn: (db: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.clientTransaction(async (client) => {
      if (options.unbounded) await client.query({ text: 'SET LOCAL statement_timeout = 0', query_timeout: UNBOUNDED_MS } as pg.QueryConfig)
      return fn(new TransactionDb(client, this.location, options.unbounded ? UNBOUNDED_MS : undefined))
    })
  }

  /** Runs `fn` with one connection inside BEGIN ... COMMIT (ROLLBACK when it throws); for what needs the raw client (COPY). */
  async clientTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.assertOpen()
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw toStoreError(error, this.location)
    }
    let broken: unknown
    try {
      await client.query('BEGIN')
      const value = await fn(client)
      await client.query('COMMIT')
      return value
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackError) {
        broken = rollbackError
      }
      throw toStoreError(error, this.location)
    } finally {
      // A connection whose rollback failed is not given back to the pool.
      client.release(broken instanceof Error ? broken : undefined)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_UNAVAILABLE', 'The Postgres store is closed')
  }
}

/** One connection inside a transaction: a nested transaction is a savepoint (its failure undoes only its own writes). */
class TransactionDb implements Db {
  private savepoints = 0

  constructor(
    private readonly client: pg.PoolClient,
    private readonly location: string,
    private readonly queryTimeoutMs?: number,
  ) {}

  async query<R extends object>(sql: string, params: Params = [], name?: string): Promise<R[]> {
    try {
      const config = { text: sql, values: [...params], ...(name ? { name } : {}), ...(this.queryTimeoutMs ? { query_timeout: this.queryTimeoutMs } : {}) }
      const result = await this.client.query<R>(config as pg.QueryConfig)
      return result.rows
    } catch (error) {
      throw toStoreError(error, this.location)
    }
  }

  async transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const savepoint = `nested_${++this.savepoints}`
    await this.query(`SAVEPOINT ${savepoint}`)
    try {
      const value = await fn(this)
      await this.query(`RELEASE SAVEPOINT ${savepoint}`)
      return value
    } catch (error) {
      await this.query(`ROLLBACK TO SAVEPOINT ${savepoint}`)
      throw error
    }
  }
}
