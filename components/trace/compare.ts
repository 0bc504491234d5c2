/**
 * Server answer vs the studio's prediction, for external servers: do they
 * agree on allow/deny, and on the exact text the client receives? The
 * predicted text is the library's wire text for that denial (wireDenial):
 * `AUTH_DENIED: <reason>` for auth layers, the bare reason for the
 * action-security layers, room refusals and property writes.
 */
import type { DecisionView } from '@/lib/api/decide'
import { wireDenial } from '@/lib/live/wire-answer'

/** What an external server answered to one request. */
export type ServerAnswer = { readonly ok: true } | { readonly ok: false; readonly error: string }

export type Agreement =
  | { readonly status: 'agree'; readonly note: string }
  | { readonly status: 'disagree'; readonly note: string }
  /** The server failed for a reason auth does not explain (timeout, closed, action body threw). */
  | { readonly status: 'inconclusive'; readonly note: string }

const DENIED_PREFIX = /^AUTH_DENIED:\s?/

/** The denial reason inside an `AUTH_DENIED: <reason>` error, or undefined when it is another error. */
export function deniedReason(error: string): string | undefined {
  return DENIED_PREFIX.test(error) ? error.replace(DENIED_PREFIX, '') : undefined
}

/** The error text a client of the library gets for this prediction, or undefined when it allows. */
export function predictedWireText(prediction: DecisionView): string | undefined {
  return prediction.verdict === 'allow' ? undefined : wireDenial(prediction).error
}

/** Compares what the server did with what the studio predicts. */
export function compareAnswer(answer: ServerAnswer, prediction: DecisionView): Agreement {
  const predicted = predictedWireText(prediction)
  if (answer.ok) {
    return predicted === undefined
      ? { status: 'agree', note: 'Both allow.' }
      : { status: 'disagree', note: `The server allowed it; the studio predicts a denial: ${predicted}` }
  }
  if (predicted === undefined) {
    return deniedReason(answer.error) !== undefined
      ? { status: 'disagree', note: `The server denied it (${answer.error}); the studio predicts allow.` }
      : { status: 'inconclusive', note: `The studio predicts allow; the server failed after auth or for another reason: ${answer.error}` }
  }
  if (answer.error === predicted) return { status: 'agree', note: 'Both deny, with the same answer.' }
  return { status: 'disagree', note: `Both deny, with different answers. Server: "${answer.error}". Studio: "${predicted}".` }
}
