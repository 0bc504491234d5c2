/**
 * Calling developer code (custom `authorize`, provider hooks) from a layer:
 * reads are tracked, sync throws and rejected promises become 'error' steps,
 * results are coerced fail-closed, and the token never reaches a reason or input.
 */
import type { JsonValue, LiveAuthContext } from './types'
import type { LayerResult } from './cascade'
import { trackReads } from './context'
import { coerceAuthorizeResult, coerceProviderResult } from './coerce'
import { describeRaw, rawType, redact, thrownMessage } from './describe'

export interface RuleWording {
  /** Reason when the rule says no without one of its own. */
  readonly denied: string
  /** Reason when the rule throws or rejects. */
  readonly error: (message: string) => string
  /** Step sentence when the rule allows. */
  readonly allowed: string
  /** A warning added when the rule throws (a library sharp edge). */
  readonly errorWarning?: string
}

type Settle = (raw: unknown, fieldsRead: string[]) => LayerResult

/** The payload fields a rule read, when its payload was tracked (see payload-reads.ts). */
type PayloadReads = () => readonly string[]

/** `payloadFieldsRead` joins a step's inputs only when the rule read some: most rules read none. */
function withPayloadReads(inputs: Record<string, JsonValue>, payloadReads: PayloadReads | undefined): Record<string, JsonValue> {
  const fields = payloadReads?.() ?? []
  return fields.length > 0 ? { ...inputs, payloadFieldsRead: [...fields] } : inputs
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

function failure(thrown: unknown, fieldsRead: string[], token: string | undefined, wording: RuleWording, payloadReads?: PayloadReads): LayerResult {
  const message = redact(thrownMessage(thrown), token)
  return {
    outcome: 'error',
    reason: wording.error(message),
    inputs: withPayloadReads({ thrown: message, sessionFieldsRead: fieldsRead }, payloadReads),
    fieldsRead,
    ...(wording.errorWarning !== undefined ? { warnings: [wording.errorWarning] } : {}),
  }
}

/** Calls `invoke` with a read-tracking twin of `auth`, then settles its (possibly async) result. */
function callTracked(
  auth: LiveAuthContext, invoke: (ctx: LiveAuthContext) => unknown, wording: RuleWording, settle: Settle, payloadReads?: PayloadReads,
): LayerResult | Promise<LayerResult> {
  const tracked = trackReads(auth)
  let raw: unknown
  try {
    raw = invoke(tracked.ctx)
  } catch (thrown) {
    return failure(thrown, tracked.fieldsRead(), auth.token, wording, payloadReads)
  }
  if (!isThenable(raw)) return settle(raw, tracked.fieldsRead())
  return Promise.resolve(raw).then(
    (value) => settle(value, tracked.fieldsRead()),
    (thrown: unknown) => failure(thrown, tracked.fieldsRead(), auth.token, wording, payloadReads),
  )
}

function rawInputs(raw: unknown, fieldsRead: string[], token: string | undefined): Record<string, JsonValue> {
  return { rawResult: redact(describeRaw(raw), token), rawType: rawType(raw), sessionFieldsRead: fieldsRead }
}

/**
 * Runs a custom `authorize(auth[, payload])` and coerces its result;
 * `payloadReads` (when the payload was tracked) adds `payloadFieldsRead` to the step's inputs.
 */
export function callAuthorize(
  auth: LiveAuthContext, invoke: (ctx: LiveAuthContext) => unknown, wording: RuleWording, payloadReads?: PayloadReads,
): LayerResult | Promise<LayerResult> {
  return callTracked(auth, invoke, wording, (raw, fieldsRead) => {
    const coerced = coerceAuthorizeResult(raw, wording.denied)
    const warnings = coerced.warning !== undefined ? [redact(coerced.warning, auth.token)] : undefined
    const inputs = withPayloadReads(rawInputs(raw, fieldsRead, auth.token), payloadReads)
    if (coerced.allowed) return { outcome: 'pass', reason: wording.allowed, inputs, fieldsRead, ...(warnings ? { warnings } : {}) }
    return { outcome: 'deny', reason: redact(coerced.reason, auth.token), inputs, fieldsRead, ...(warnings ? { warnings } : {}) }
  }, payloadReads)
}

/** Runs a provider hook (`authorizeAction` / `authorizeRoom`): only `true` allows. */
export function callProviderHook(
  auth: LiveAuthContext, invoke: (ctx: LiveAuthContext) => unknown, hook: string, wording: RuleWording,
): LayerResult | Promise<LayerResult> {
  return callTracked(auth, invoke, wording, (raw, fieldsRead) => {
    const coerced = coerceProviderResult(raw, hook)
    const warnings = coerced.warning !== undefined ? [redact(coerced.warning, auth.token)] : undefined
    const inputs = rawInputs(raw, fieldsRead, auth.token)
    const outcome = coerced.allowed ? 'pass' : 'deny'
    const reason = coerced.allowed ? wording.allowed : wording.denied
    return { outcome, reason, inputs, fieldsRead, ...(warnings ? { warnings } : {}) }
  })
}
