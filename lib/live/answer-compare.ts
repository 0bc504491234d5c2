/**
 * A server's answer next to the studio's prediction: do they agree on allow or
 * deny, and on the exact text the client receives? The predicted text is the
 * library's wire text for that denial (wire-answer.ts). Pure and browser-safe:
 * the live tester (external servers) and the recording proxy use the same rules.
 */
import { wireDenial, type DeniedDecision } from './wire-answer'

/** What a server answered to one request. */
export type ServerAnswer = { readonly ok: true } | { readonly ok: false; readonly error: string }

/** A prediction: the decision the studio makes for the same request (lib/auth Decision or its API view). */
export type Prediction = DeniedDecision & { readonly verdict: 'allow' | 'deny' }

export type Agreement =
  | { readonly status: 'agree'; readonly note: string }
  | { readonly status: 'disagree'; readonly note: string }
  /** The server failed for a reason auth does not explain (timeout, closed, action body threw). */
  | { readonly status: 'inconclusive'; readonly note: string }

const DENIED_PREFIX = /^AUTH_DENIED:\s?/

/** Denials the library sends without `AUTH_DENIED:` (its action-security layers), by their wording. */
const ACTION_SECURITY = [
  /^Action '.*' is not callable$/s,
  /^Action '.*' not found on component '.*'$/s,
  /^Action '.*' exists on '.*' but is not listed in publicActions/s,
]

/** The denial reason inside an `AUTH_DENIED: <reason>` error, or undefined when it is another error. */
export function deniedReason(error: string): string | undefined {
  return DENIED_PREFIX.test(error) ? error.replace(DENIED_PREFIX, '') : undefined
}

/** The error text a client of the library gets for this prediction, or undefined when it allows. */
export function predictedWireText(prediction: Prediction): string | undefined {
  return prediction.verdict === 'allow' ? undefined : wireDenial(prediction).error
}

/** Does this error text read as an auth denial (rather than a failure after auth)? */
export function looksDenied(error: string, prediction?: Prediction): boolean {
  if (prediction && error === predictedWireText(prediction)) return true
  return deniedReason(error) !== undefined || ACTION_SECURITY.some((re) => re.test(error))
}

/** Compares what the server did with what the studio predicts. */
export function compareAnswer(answer: ServerAnswer, prediction: Prediction): Agreement {
  const predicted = predictedWireText(prediction)
  if (answer.ok) {
    return predicted === undefined
      ? { status: 'agree', note: 'Both allow.' }
      : { status: 'disagree', note: `The server allowed it; the studio predicts a denial: ${predicted}` }
  }
  if (predicted === undefined) {
    return looksDenied(answer.error)
      ? { status: 'disagree', note: `The server denied it (${answer.error}); the studio predicts allow.` }
      : { status: 'inconclusive', note: `The studio predicts allow; the server failed after auth or for another reason: ${answer.error}` }
  }
  if (answer.error === predicted) return { status: 'agree', note: 'Both deny, with the same answer.' }
  return { status: 'disagree', note: `Both deny, with different answers. Server: "${answer.error}". Studio: "${predicted}".` }
}
