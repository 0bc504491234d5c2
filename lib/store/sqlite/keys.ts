import type Database from 'better-sqlite3'
import type { KeyStore } from '../contract'
import { StoreError } from '../errors'
import type { KeySummary, StoredKey } from '../model/key'
import { openPrivateJwk, sealPrivateJwk } from '../private-key-codec'
import type { SecretBox } from '../secret-box'
import { isUniqueViolation, type Gate } from './gate'

interface KeyRow {
  workspace_id: string
  kid: string
  alg: string
  kty: string
  label: string
  public_jwk: string | null
  private_jwk: string
  created_at: string
}

const SUMMARY_COLUMNS = 'workspace_id, kid, alg, kty, label, public_jwk, created_at'

const toSummary = (r: Omit<KeyRow, 'private_jwk'>): KeySummary => ({
  kid: r.kid,
  alg: r.alg,
  kty: r.kty,
  label: r.label,
  publicJwk: r.public_jwk === null ? null : (JSON.parse(r.public_jwk) as Record<string, unknown>),
  createdAt: r.created_at,
})

/** Owns the SQL for signing keys (contract: KeyStore); private parts are sealed with the store's SecretBox. */
export class SqliteKeys implements KeyStore {
  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
    private readonly gate: Gate,
  ) {}

  /** Never reads the private column: listing works whatever the secret. */
  list(workspaceId: string): Promise<KeySummary[]> {
    return this.gate.run(() => {
      const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM keys WHERE workspace_id = ? ORDER BY created_at, rowid`).all(workspaceId) as KeyRow[]
      return rows.map(toSummary)
    })
  }

  /** Includes private parts: callers are server-side signers or an explicit export. */
  get(workspaceId: string, kid: string): Promise<StoredKey | undefined> {
    return this.gate.run(() => {
      const row = this.db.prepare(`SELECT * FROM keys WHERE workspace_id = ? AND kid = ?`).get(workspaceId, kid) as KeyRow | undefined
      return row ? { ...toSummary(row), privateJwk: openPrivateJwk(this.box, workspaceId, kid, row.private_jwk) } : undefined
    })
  }

  add(workspaceId: string, key: StoredKey): Promise<void> {
    return this.gate.run(() => {
      try {
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
            sealPrivateJwk(this.box, workspaceId, key.kid, key.privateJwk),
            key.createdAt,
          )
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreError('STORE_CONFLICT', `Key ${JSON.stringify(key.kid)} already exists in workspace ${workspaceId}`)
        throw error
      }
    })
  }

  remove(workspaceId: string, kid: string): Promise<boolean> {
    return this.gate.run(() => this.db.prepare(`DELETE FROM keys WHERE workspace_id = ? AND kid = ?`).run(workspaceId, kid).changes > 0)
  }
}
