/** Stable codes for misuse of lib/rules (bad data is an `{ ok: false }` value, not an error). */
export type RulesErrorCode = 'ERR_RULES_INVALID_MODEL' | 'ERR_RULES_INVALID_INPUT'

/** Thrown when lib/rules is called with inputs its types forbid (a programming error). */
export class RulesError extends Error {
  readonly code: RulesErrorCode
  constructor(code: RulesErrorCode, message: string) {
    super(message)
    this.name = 'RulesError'
    this.code = code
  }
}
