/** What the studio shows in the problems list and as editor markers. */
export type ProblemSeverity = 'error' | 'warning'

export type ProblemCode =
  | 'no-public-actions'
  | 'action-auth-not-public'
  | 'public-action-without-method'
  | 'unknown-role'
  | 'unknown-permission'
  | 'unknown-session-field'
  | 'auth-flag-in-state'
  | 'duplicate-static'
  | 'deny-without-reason'
  | 'truthy-non-boolean'
  /** Code that relies on a sharp edge of the library (lib/auth/sharp-edges.ts). */
  | 'sharp-edge'
  | 'load'

export interface Problem {
  readonly file: string
  /** 1-based. */
  readonly line?: number
  /** 1-based. */
  readonly column?: number
  readonly severity: ProblemSeverity
  readonly code: ProblemCode
  readonly message: string
}
