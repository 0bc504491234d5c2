/**
 * Stable codes of the store's errors (every implementation throws these):
 * - STORE_CORRUPT / STORE_UNREADABLE: the database cannot be used at all (start refuses);
 * - STORE_NOT_FOUND: the workspace, version or row named does not exist;
 * - STORE_CONFLICT: creating something whose id is taken;
 * - STORE_INVALID: a value the store refuses (e.g. a retention limit that is not positive);
 * - STORE_SECRET_MISMATCH: a private key cannot be decrypted with the configured secret;
 * - STORE_UNAVAILABLE: the database server cannot be reached right now (retry later).
 */
export type StoreErrorCode =
  | 'STORE_CORRUPT'
  | 'STORE_UNREADABLE'
  | 'STORE_NOT_FOUND'
  | 'STORE_CONFLICT'
  | 'STORE_INVALID'
  | 'STORE_SECRET_MISMATCH'
  | 'STORE_UNAVAILABLE'

/** Misuse or an unusable database: thrown, with a stable code. Its message is safe to show (no secret, no key material). */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

/**
 * `error` is a StoreError (with `code`, when given). Checked by name, not `instanceof`:
 * Next compiles its own copy of lib/, so a store opened by the server entry throws the
 * entry's class, which route handlers see as a different one.
 */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  if (!(error instanceof Error) || error.name !== 'StoreError') return false
  const found = (error as { code?: unknown }).code
  return typeof found === 'string' && (code === undefined || found === code)
}
