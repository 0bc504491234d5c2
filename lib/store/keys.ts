import type Database from 'better-sqlite3'

import type { KeySummary, StoredKey } from './model/key'

export type { KeySummary, StoredKey } from './model/key'

interface KeyRow {
  kid: string
  alg: string
  kty: string
  label: string
  public_jwk: string | null
  private_jwk: string
  created_at: string
}

const toKey = (r: KeyRow): StoredKey => ({
  kid: r.kid,
  alg: r.alg,
  kty: r.kty,
  label: r.label,
  publicJwk: r.public_jwk === null ? null : (JSON.parse(r.public_jwk) as Record<string, unknown>),
  privateJwk: JSON.parse(r.private_jwk) as Record<string, unknown>,
  createdAt: r.created_at,
})

export class KeyRepository {
  constructor(private readonly db: Database.Database) {}

  list(workspaceId: string): KeySummary[] {
    const rows = this.db.prepare(`SELECT * FROM keys WHERE workspace_id = ? ORDER BY created_at, rowid`).all(workspaceId) as KeyRow[]
    return rows.map((r) => {
      const { privateJwk: _private, ...summary } = toKey(r)
      return summary
    })
  }

  /** Includes private parts: callers are server-side signers or an explicit export. */
  get(workspaceId: string, kid: string): StoredKey | undefined {
    const row = this.db.prepare(`SELECT * FROM keys WHERE workspace_id = ? AND kid = ?`).get(workspaceId, kid) as KeyRow | undefined
    return row ? toKey(row) : undefined
  }

  add(workspaceId: string, key: StoredKey): void {
    this.db
      .prepare(
        `INSERT INTO keys (workspace_id, kid, alg, kty, label, public_jwk, private_jwk, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        workspaceId,
        key.kid,
        key.alg,
        key.kty,
        key.label,
        key.publicJwk === null ? null : JSON.stringify(key.publicJwk),
        JSON.stringify(key.privateJwk),
        key.createdAt,
      )
  }

  remove(workspaceId: string, kid: string): boolean {
    return this.db.prepare(`DELETE FROM keys WHERE workspace_id = ? AND kid = ?`).run(workspaceId, kid).changes > 0
  }
}
