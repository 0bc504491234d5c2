/**
 * How a key's private JWK is stored, shared by every store implementation: sealed
 * in a SecretBox envelope bound to its workspace and kid. Rows written before
 * encryption (plain JSON) still read, and the migration that seals them uses `sealPrivateJwk`.
 */
import { StoreError } from './errors'
import { isSealed, SecretBoxError, type SecretBox } from './secret-box'

const aadOf = (workspaceId: string, kid: string) => `keys\u0000${workspaceId}\u0000${kid}`

/** The column value for a private JWK. */
export function sealPrivateJwk(box: SecretBox, workspaceId: string, kid: string, jwk: Record<string, unknown>): string {
  return box.seal(JSON.stringify(jwk), aadOf(workspaceId, kid))
}

/** Seals a column value still in plain JSON; an envelope is returned as is. */
export function sealStoredText(box: SecretBox, workspaceId: string, kid: string, stored: string): string {
  return isSealed(stored) ? stored : box.seal(stored, aadOf(workspaceId, kid))
}

/** The private JWK from its column value; STORE_SECRET_MISMATCH names the key when the secret is not the one it was sealed with. */
export function openPrivateJwk(box: SecretBox, workspaceId: string, kid: string, stored: string): Record<string, unknown> {
  if (!isSealed(stored)) return JSON.parse(stored) as Record<string, unknown>
  try {
    return JSON.parse(box.open(stored, aadOf(workspaceId, kid))) as Record<string, unknown>
  } catch (error) {
    if (error instanceof SecretBoxError && error.code === 'SECRET_MISMATCH') {
      throw new StoreError(
        'STORE_SECRET_MISMATCH',
        `The private part of key ${JSON.stringify(kid)} cannot be decrypted: the store secret (STUDIO_SECRET, STUDIO_SECRET_FILE or the data folder's secret.key) does not match the one it was encrypted with.`,
      )
    }
    throw new StoreError('STORE_CORRUPT', `The private part of key ${JSON.stringify(kid)} is not a readable envelope.`)
  }
}
