/** Turning correlated answers into the client's result values. */
import { errorTextOf, type ServerMessage } from '../protocol'
import type { LiveResult, RequestOutcome } from './types'

/** Fallback text when a server refuses without saying why. */
export const REQUEST_FAILED_ERROR = 'Request failed'

/** The error text of a refusal, or undefined when the message is not one. */
export function refusalOf(message: ServerMessage): string | undefined {
  switch (message.type) {
    case 'ERROR':
      return errorTextOf(message)
    case 'MESSAGE_RESPONSE':
    case 'ACTION_RESPONSE':
      return message.success ? undefined : (message.error ?? REQUEST_FAILED_ERROR)
    default:
      // AUTH_RESPONSE success:false is an answer (anonymous), not a refusal.
      return undefined
  }
}

/**
 * Accept an answer of one of `types`; ERROR and `success:false` become
 * REJECTED, anything else UNEXPECTED_ANSWER.
 */
export function expectAnswer<T extends ServerMessage['type']>(
  outcome: RequestOutcome,
  ...types: T[]
): LiveResult<Extract<ServerMessage, { type: T }>> {
  if (!outcome.ok) return outcome
  const message = outcome.value
  const refusal = refusalOf(message)
  if (refusal !== undefined) return { ok: false, code: 'REJECTED', error: refusal }
  if (!(types as string[]).includes(message.type)) {
    return { ok: false, code: 'UNEXPECTED_ANSWER', error: `Unexpected answer type ${message.type}` }
  }
  return { ok: true, value: message as Extract<ServerMessage, { type: T }> }
}
