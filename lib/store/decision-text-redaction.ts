/**
 * The free text of a logged decision (reason, component, action, warnings)
 * with secret-shaped parts cut, by the string rules of redaction.ts. Applied
 * where a decision enters either store's log, before folding.
 */
import { redactValue } from './redaction'

/** The free-text fields of a logged decision, any of which can quote what a client sent. */
export interface DecisionText {
  readonly reason?: string
  readonly component?: string
  readonly action?: string
  readonly warnings?: readonly string[]
}

/**
 * `input` with secret-shaped text cut from its reason, component, action and
 * warnings (an action name or a provider's exception is the client's or the
 * rule's own text); returned as is when there is nothing to cut, which is the
 * usual case (one regular-expression test per field).
 * @example redactDecisionText({ action: 'Bearer abc', reason: "Action 'Bearer abc' is not callable" })
 * // { action: '[redacted: bearer]', reason: "Action '[redacted: bearer]' is not callable" }
 */
export function redactDecisionText<T extends DecisionText>(input: T): T {
  const text = (s: string | undefined): string | undefined => (s === undefined ? s : (redactValue(s, { valuesOnly: true }).value as string))
  const reason = text(input.reason)
  const component = text(input.component)
  const action = text(input.action)
  const warnings = input.warnings === undefined ? undefined : redactValue(input.warnings, { valuesOnly: true })
  if (reason === input.reason && component === input.component && action === input.action && warnings?.redacted !== true) return input
  return {
    ...input,
    ...(reason !== undefined ? { reason } : {}),
    ...(component !== undefined ? { component } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(warnings !== undefined ? { warnings: warnings.value as readonly string[] } : {}),
  }
}
