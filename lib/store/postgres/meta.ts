/** The key/value table for flags and settings that belong to no workspace (contract: MetaStore). */
import type { MetaStore } from '../contract'
import type { Db } from './pool'

export class PostgresMeta implements MetaStore {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key], 'meta_get')
    return row?.value
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value], 'meta_set')
  }

  async delete(key: string): Promise<void> {
    await this.db.query('DELETE FROM meta WHERE key = $1', [key], 'meta_delete')
  }
}
