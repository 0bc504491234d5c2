/**
 * Server answer vs the studio's prediction, for external servers: do they
 * agree on allow/deny, and on the denial reason?
 */
import type { DecisionView } from '@/lib/api/decide'

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

/** Compares what the server did with what the studio predicts. */
export function compareAnswer(answer: ServerAnswer, prediction: DecisionView): Agreement {
  const predicted = prediction.verdict
  if (answer.ok) {
    return predicted === 'allow'
      ? { status: 'agree', note: 'Both allow.' }
      : { status: 'disagree', note: `The server allowed it; the studio predicts a denial: ${prediction.reason ?? '(no reason)'}` }
  }
  const reason = deniedReason(answer.error)
  if (reason === undefined) {
    return predicted === 'allow'
      ? { status: 'inconclusive', note: `The studio predicts allow; the server failed after auth or for another reason: ${answer.error}` }
      : { status: 'disagree', note: `The studio predicts a denial (${prediction.reason ?? 'no reason'}); the server answered a non-auth error: ${answer.error}` }
  }
  if (predicted === 'allow') return { status: 'disagree', note: `The server denied it (${reason}); the studio predicts allow.` }
  if (prediction.reason !== undefined && prediction.reason !== reason) {
    return { status: 'disagree', note: `Both deny, with different reasons. Server: "${reason}". Studio: "${prediction.reason}".` }
  }
  return { status: 'agree', note: 'Both deny with the same reason.' }
}
