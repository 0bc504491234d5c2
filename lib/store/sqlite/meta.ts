import type Database from 'better-sqlite3'
import type { MetaStore } from '../contract'
import type { Gate } from './gate'

/** The meta key/value table (contract: MetaStore). */
export class SqliteMeta implements MetaStore {
  constructor(
    private readonly db: Database.Database,
    private readonly gate: Gate,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.gate.run(() => (this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value)
  }

  set(key: string, value: string): Promise<void> {
    return this.gate.run(() => {
      this.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value)
    })
  }

  delete(key: string): Promise<void> {
    return this.gate.run(() => {
      this.db.prepare(`DELETE FROM meta WHERE key = ?`).run(key)
    })
  }
}
