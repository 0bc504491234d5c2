/** Signing keys on Postgres (contract: KeyStore): private parts sealed with the store's SecretBox, like SQLite's. */
import type { KeyStore } from '../contract'
import { StoreError } from '../errors'
import type { KeySummary, StoredKey } from '../model/key'
import { openPrivateJwk, sealPrivateJwk } from '../private-key-codec'
import type { SecretBox } from '../secret-box'
import { errorCode } from './pg-errors'
import type { Db } from './pool'

interface KeyRow {
  kid: string
  alg: string
  kty: string
  label: string
  public_jwk: string | null
  private_jwk?: string
  created_at: string
}

const toSummary = (r: KeyRow): KeySummary => ({
  kid: r.kid, alg: r.alg, kty: r.kty, label: r.label,
  publicJwk: r.public_jwk === null ? null : (JSON.parse(r.public_jwk) as Record<string, unknown>),
  createdAt: r.created_at,
})

// created_at is stored as the caller gave it (a key's own timestamp), so it is read back as text.
const COLUMNS = `kid, alg, kty, label, public_jwk::text AS public_jwk, created_at`

export class PostgresKeys implements KeyStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  /** Never decrypts anything: works whatever the secret. */
  async list(workspaceId: string): Promise<KeySummary[]> {
    const rows = await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM keys WHERE workspace_id = $1 ORDER BY created_at, seq`, [workspaceId], 'keys_list')
    return rows.map(toSummary)
  }

  async get(workspaceId: string, kid: string): Promise<StoredKey | undefined> {
    const [row] = await this.db.query<KeyRow>(`SELECT ${COLUMNS}, private_jwk FROM keys WHERE workspace_id = $1 AND kid = $2`, [workspaceId, kid], 'keys_get')
    if (!row) return undefined
    return { ...toSummary(row), privateJwk: openPrivateJwk(this.box, workspaceId, kid, row.private_jwk ?? '') }
  }

  async add(workspaceId: string, key: StoredKey): Promise<void> {
    try {
      await this.db.query(`INSERT INTO keys (workspace_id, kid, alg, kty, label, public_jwk, private_jwk, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        workspaceId, key.kid, key.alg, key.kty, key.label, key.publicJwk === null ? null : JSON.stringify(key.publicJwk),
        sealPrivateJwk(this.box, workspaceId, key.kid, key.privateJwk), key.createdAt,
      ])
    } catch (error) {
      if (errorCode(error) === '23505') throw new StoreError('STORE_CONFLICT', `Workspace ${workspaceId} already has a key ${JSON.stringify(key.kid)}`)
      // 23503: the workspace does not exist.
      if (errorCode(error) === '23503') throw new StoreError('STORE_NOT_FOUND', `No workspace with id ${workspaceId}`)
      throw error
    }
  }

  async remove(workspaceId: string, kid: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM keys WHERE workspace_id = $1 AND kid = $2 RETURNING kid`, [workspaceId, kid])).length > 0
  }
}
