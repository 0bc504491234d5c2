/** Stable codes for misuse of the auth engine (expected denials are `Decision` values, not errors). */
export type AuthEngineErrorCode = 'ERR_AUTH_INVALID_SESSION' | 'ERR_AUTH_INVALID_INPUT'

/** Thrown when the engine is called with inputs its types forbid (a programming error). */
export class AuthEngineError extends Error {
  readonly code: AuthEngineErrorCode
  constructor(code: AuthEngineErrorCode, message: string) {
    super(message)
    this.name = 'AuthEngineError'
    this.code = code
  }
}
