/** Stable codes of misuse errors thrown by lib/tokens (bad keys, bad options). */
export type TokenErrorCode =
  | 'TOKEN_ALG_UNSUPPORTED'
  | 'TOKEN_ALG_KEY_MISMATCH'
  | 'TOKEN_KEY_INVALID_PEM'
  | 'TOKEN_KEY_INVALID_JWK'
  | 'TOKEN_KEY_INVALID_JWKS'
  | 'TOKEN_KEY_UNSUPPORTED'
  | 'TOKEN_KEY_NO_PRIVATE_PART'
  | 'TOKEN_KEY_NO_PUBLIC_PART'
  | 'TOKEN_KEY_OPTIONS_INVALID'
  | 'TOKEN_TIME_SPAN_INVALID'
  | 'TOKEN_CLOCK_INVALID'
  | 'TOKEN_CLAIMS_INVALID'

/**
 * Thrown when the caller misuses the token library (a PEM that is not a key, an
 * RSA key offered for HS256...). Expected outcomes, such as a token that fails
 * verification, are values instead.
 */
export class TokenError extends Error {
  override readonly name = 'TokenError'
  readonly code: TokenErrorCode

  constructor(code: TokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** The message of an unknown thrown value, for wrapping third-party errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
