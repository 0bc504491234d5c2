/**
 * Picks the store: SQLite in the data folder by default (no configuration), Postgres
 * when STUDIO_DATABASE_URL is set. The Postgres implementation is loaded only then, by
 * a dynamic import, so a laptop install never loads `pg`.
 */
import type { OpenPostgresStore, StoreOptions, StudioStore } from './contract'
import { StoreError } from './errors'
import { openSqliteStore } from './sqlite/sqlite-store'
import { loadStoreKey, type SecretSource } from './store-secret'

export interface OpenStoreConfig {
  readonly dataDir: string
  /** postgres://... ; absent: SQLite in `dataDir`. */
  readonly databaseUrl?: string
  /** Where the key for private keys at rest comes from (default: `<dataDir>/secret.key`, generated). */
  readonly secret?: SecretSource
  readonly now?: StoreOptions['now']
  readonly logBudget?: StoreOptions['logBudget']
}

/** Loads lib/store/postgres/index.ts. A variable specifier: the module is resolved when asked for, never at build time. */
function importPostgres(): Promise<unknown> {
  const specifier = './postgres/index'
  return import(/* webpackIgnore: true */ specifier)
}

async function loadPostgres(load: () => Promise<unknown>): Promise<OpenPostgresStore> {
  let loaded: { openPostgresStore?: unknown }
  try {
    loaded = (await load()) as { openPostgresStore?: unknown }
  } catch (error) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `STUDIO_DATABASE_URL is set, but this build has no Postgres store (lib/store/postgres/index.ts could not be loaded: ${error instanceof Error ? error.message : String(error)}). Unset STUDIO_DATABASE_URL to use the embedded SQLite store.`,
    )
  }
  if (typeof loaded.openPostgresStore !== 'function') {
    throw new StoreError('STORE_UNAVAILABLE', 'lib/store/postgres/index.ts does not export openPostgresStore(url, options).')
  }
  return loaded.openPostgresStore as OpenPostgresStore
}

/** Opens the configured store and runs its pending migrations (`load` is the Postgres module's loader; tests inject one). */
export async function openStore(config: OpenStoreConfig, load: () => Promise<unknown> = importPostgres): Promise<StudioStore> {
  const secret = loadStoreKey(config.secret ?? { kind: 'generated' }, config.dataDir)
  const options: StoreOptions = {
    secret,
    ...(config.now ? { now: config.now } : {}),
    ...(config.logBudget !== undefined ? { logBudget: config.logBudget } : {}),
  }
  if (config.databaseUrl === undefined) return openSqliteStore({ dataDir: config.dataDir, ...options })
  const openPostgres = await loadPostgres(load)
  return openPostgres(config.databaseUrl, options)
}
