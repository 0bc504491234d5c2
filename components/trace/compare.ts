/**
 * Server answer vs the studio's prediction, for external servers: do they
 * agree on allow/deny, and on the exact text the client receives? The
 * predicted text is the library's wire text for that denial (wireDenial):
 * `AUTH_DENIED: <reason>` for auth layers, the bare reason for the
 * action-security layers, room refusals and property writes.
 */
import type { DecisionView } from '@/lib/api/decide'
import { wireDenial } from '@/lib/live/wire-answer'

export { compareAnswer, deniedReason, type Agreement, type ServerAnswer } from '@/lib/live/answer-compare'

/** The error text a client of the library gets for this prediction, or undefined when it allows. */
export function predictedWireText(prediction: DecisionView): string | undefined {
  return prediction.verdict === 'allow' ? undefined : wireDenial(prediction).error
}
