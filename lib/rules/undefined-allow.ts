/**
 * Finds an action allow that holds only because payload fields its custom
 * `authorize` read were undefined: e.g. `auth.session?.id === payload?.targetUserId`
 * with no payload and an anonymous caller compares undefined with undefined.
 *
 * The check is an experiment, not a guess from source text:
 * 1. the payload fields the rule read are recorded (lib/auth tracks them; an
 *    absent payload is re-run as `{}` so there are fields to track, and only if
 *    that still allows);
 * 2. the fields it read while they were undefined are set to PROBE_VALUE and
 *    the action is decided again;
 * 3. the allow is flagged only when that run is a plain deny by the rule (not
 *    an error: a rule that throws on an unexpected value proves nothing).
 * The session side is reported as facts: the session fields the rule read that
 * the caller lacks; for an anonymous caller (who has no session at all), the
 * fields the rule reads from an empty session.
 */
import { createAuthContext, rawSessionOf, type Decision, type JsonValue, type LiveAuthContext, type LiveAuthSession, type Step } from '@/lib/auth'
import { ask, type EngineInputs, type Question } from './decide'

/** The value the probe puts into each undefined payload field: a string no real payload holds. */
export const PROBE_VALUE = '«studio probe»'

export interface UndefinedAllow {
  /** Payload fields the rule read while they were undefined; with them set to PROBE_VALUE the action is denied. */
  readonly payloadFields: readonly string[]
  /** Session fields the rule read that are undefined for this caller. */
  readonly sessionFields: readonly string[]
  /** The caller has no session at all (auth.session is undefined). */
  readonly anonymous: boolean
  /** The probe: its payload and the denial it got. */
  readonly probe: { readonly payload: JsonValue; readonly decidedBy?: string; readonly reason?: string }
}

type ActionQuestion = Extract<Question, { kind: 'action' }>

const AUTHORIZE = 'actionAuth.authorize'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function authorizeStep(decision: Decision): Step | undefined {
  return decision.trace.find((s) => s.layer === AUTHORIZE)
}

function stringsIn(step: Step | undefined, key: 'payloadFieldsRead' | 'sessionFieldsRead'): string[] {
  const value = step?.inputs[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Session fields the rule read that this caller does not have. */
async function undefinedSessionFields(question: ActionQuestion, auth: LiveAuthContext, read: Decision, inputs: Pick<EngineInputs<{ id: string }>, 'providers' | 'profile'>): Promise<string[]> {
  const session = rawSessionOf(auth)
  if (session !== undefined) return stringsIn(authorizeStep(read), 'sessionFieldsRead').filter((f) => session[f] === undefined)
  // Anonymous: no session to read from. What the rule reads from an empty one (not even an id) names the fields it compares.
  const empty = await ask(question, createAuthContext({} as LiveAuthSession), inputs)
  return stringsIn(authorizeStep(empty), 'sessionFieldsRead')
}

/**
 * The flag for an allowed action `decision`, or undefined when the allow does not
 * rest on undefined payload fields (or cannot be shown to).
 * @example await probeUndefinedAllow({ kind: 'action', component, action: 'delete' }, anonymous, decision, inputs)
 * // { payloadFields: ['targetUserId'], sessionFields: ['id'], anonymous: true, probe: { ... } }
 */
export async function probeUndefinedAllow(
  question: ActionQuestion, auth: LiveAuthContext, decision: Decision, inputs: Pick<EngineInputs<{ id: string }>, 'providers' | 'profile'>,
): Promise<UndefinedAllow | undefined> {
  if (decision.verdict !== 'allow' || authorizeStep(decision)?.outcome !== 'pass') return undefined
  const given = question.payload
  if (given !== undefined && given !== null && !isRecord(given)) return undefined
  const base: Record<string, unknown> = isRecord(given) ? given : {}
  // An absent payload has no fields to track: ask again with an empty object, which must allow too.
  const read = isRecord(given) ? decision : await ask({ ...question, payload: base }, auth, inputs)
  if (read.verdict !== 'allow') return undefined
  const fields = stringsIn(authorizeStep(read), 'payloadFieldsRead').filter((f) => base[f] === undefined)
  if (fields.length === 0) return undefined
  const payload = { ...base, ...Object.fromEntries(fields.map((f) => [f, PROBE_VALUE])) } as JsonValue
  const probed = await ask({ ...question, payload }, auth, inputs)
  if (probed.verdict !== 'deny' || authorizeStep(probed)?.outcome !== 'deny') return undefined
  return {
    payloadFields: fields,
    sessionFields: await undefinedSessionFields(question, auth, read, inputs),
    anonymous: !auth.authenticated,
    probe: { payload, ...(probed.decidedBy === undefined ? {} : { decidedBy: probed.decidedBy }), ...(probed.reason === undefined ? {} : { reason: probed.reason }) },
  }
}
