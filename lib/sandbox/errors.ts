/**
 * Stable codes for everything that can go wrong around a guest call. Expected
 * failures (a rule that loops, throws, exhausts memory) are reported as
 * `SandboxFailure` values; `SandboxError` is thrown where a caller contract
 * needs a throw (a RuleFunction that failed, misuse of a disposed workspace).
 */
export type SandboxErrorCode =
  | 'ERR_SANDBOX_TIMEOUT'
  | 'ERR_SANDBOX_OUT_OF_MEMORY'
  | 'ERR_SANDBOX_STACK_OVERFLOW'
  | 'ERR_SANDBOX_GUEST_THROW'
  | 'ERR_SANDBOX_UNSERIALIZABLE'
  | 'ERR_SANDBOX_NEVER_SETTLED'
  | 'ERR_SANDBOX_CRASHED'
  | 'ERR_SANDBOX_RESTARTING'
  | 'ERR_SANDBOX_DISPOSED'
  | 'ERR_SANDBOX_UNKNOWN_COMPONENT'
  | 'ERR_SANDBOX_UNKNOWN_INSTANCE'
  | 'ERR_SANDBOX_UNKNOWN_ACTION'

/** An expected failure of one guest call, as a value. `message` is safe to show. */
export interface SandboxFailure {
  readonly code: SandboxErrorCode
  readonly message: string
}

/** Thrown by host adapters (RuleFunction, provider hooks) and on misuse. */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode
  constructor(code: SandboxErrorCode, message: string) {
    super(message)
    this.name = 'SandboxError'
    this.code = code
  }

  static from(failure: SandboxFailure): SandboxError {
    return new SandboxError(failure.code, failure.message)
  }
}

/** Failures after which the engine is rebuilt before the next call. */
export const FATAL_CODES: ReadonlySet<SandboxErrorCode> = new Set(['ERR_SANDBOX_OUT_OF_MEMORY', 'ERR_SANDBOX_CRASHED'])
