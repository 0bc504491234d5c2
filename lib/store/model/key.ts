/** A signing key as stored; `privateJwk` never leaves the server except on explicit export. */
export interface StoredKey {
  readonly kid: string
  readonly alg: string
  readonly kty: string
  readonly label: string
  readonly publicJwk: Record<string, unknown> | null
  /** Encrypted at rest (secret-box.ts); the store hands it back decrypted. */
  readonly privateJwk: Record<string, unknown>
  readonly createdAt: string
}

/** What pages may see of a key by default (listing never decrypts anything). */
export type KeySummary = Omit<StoredKey, 'privateJwk'>
