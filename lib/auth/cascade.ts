/**
 * The layer runner shared by every cascade. Layers run in order; the first
 * 'deny' or 'error' decides and the rest are recorded as 'skip' (not reached).
 * Declarative layers are synchronous, so a decision without any custom rule is
 * computed without awaiting (the API still returns a Promise).
 */
import type { Decision, DecisionKind, JsonValue, ProfileId, SourceLocation, Step, StepOutcome } from './types'

/** Milliseconds from an arbitrary origin, like `performance.now()`. */
export type Clock = () => number

/** What a layer reports; the runner adds timing. */
export interface LayerResult {
  readonly outcome: StepOutcome
  readonly reason: string
  readonly inputs: Readonly<Record<string, JsonValue>>
  readonly warnings?: readonly string[]
  readonly fieldsRead?: readonly string[]
  /** Where the developer code the layer ran is written (copied onto the step). */
  readonly source?: SourceLocation
}

/** One layer of a cascade; `C` is the cascade's input bag. */
export interface Layer<C> {
  readonly id: string
  run(input: C): LayerResult | Promise<LayerResult>
}

export const NOT_REACHED = 'not reached: an earlier layer decided'

const EMPTY_INPUTS: Readonly<Record<string, JsonValue>> = Object.freeze({})

const perf = globalThis.performance
const DEFAULT_CLOCK: Clock = perf !== undefined ? () => perf.now() : () => Date.now()

/** `performance.now` when the platform has it (browsers, Node), else Date.now. */
export function defaultClock(): Clock {
  return DEFAULT_CLOCK
}

function isThenable(value: unknown): value is PromiseLike<LayerResult> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

interface RunState {
  readonly steps: Step[]
  readonly warnings: string[]
  /** Created on the first rule read only: most decisions have none. */
  fields: Set<string> | undefined
  readonly start: number
  /** End of the previous step: one clock reading serves as both end and next start. */
  last: number
}

/** Runs `layers` over `input` and returns the decision with its full trace. */
export function runCascade<C>(
  kind: DecisionKind,
  profile: ProfileId,
  layers: readonly Layer<C>[],
  input: C,
  clock: Clock = defaultClock(),
): Promise<Decision> {
  try {
    return Promise.resolve(runCascadeNow(kind, profile, layers, input, clock))
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The same, without a promise when no layer awaited (a declarative cascade):
 * for hot paths that would otherwise pay a promise and a microtask per decision.
 */
export function runCascadeNow<C>(
  kind: DecisionKind,
  profile: ProfileId,
  layers: readonly Layer<C>[],
  input: C,
  clock: Clock = defaultClock(),
): Decision | Promise<Decision> {
  const start = clock()
  const state: RunState = { steps: [], warnings: [], fields: undefined, start, last: start }
  return runFrom(0, kind, profile, layers, input, clock, state)
}

function runFrom<C>(
  index: number, kind: DecisionKind, profile: ProfileId, layers: readonly Layer<C>[],
  input: C, clock: Clock, state: RunState,
): Decision | Promise<Decision> {
  for (let i = index; i < layers.length; i++) {
    const layer = layers[i] as Layer<C>
    const result = layer.run(input)
    if (isThenable(result)) {
      return Promise.resolve(result).then((settled) =>
        afterLayer(i, settled, kind, profile, layers, input, clock, state))
    }
    const decided = record(layer.id, result, clock, state)
    if (decided) return finish(i, result, kind, profile, layers, clock, state)
  }
  return finish(-1, undefined, kind, profile, layers, clock, state)
}

function afterLayer<C>(
  i: number, result: LayerResult, kind: DecisionKind, profile: ProfileId,
  layers: readonly Layer<C>[], input: C, clock: Clock, state: RunState,
): Decision | Promise<Decision> {
  const layer = layers[i] as Layer<C>
  if (record(layer.id, result, clock, state)) return finish(i, result, kind, profile, layers, clock, state)
  return runFrom(i + 1, kind, profile, layers, input, clock, state)
}

/** Milliseconds between two clock readings as microseconds, to the nanosecond (clocks do not resolve finer; 1.804 us, not 1.8039999999928114). */
function elapsedUs(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) * 1e6) / 1000
}

/** Appends the step; true when it decides the cascade. */
function record(id: string, result: LayerResult, clock: Clock, state: RunState): boolean {
  const now = clock()
  const durationUs = elapsedUs(state.last, now)
  state.steps.push(result.source === undefined
    ? { layer: id, outcome: result.outcome, reason: result.reason, inputs: result.inputs, durationUs }
    : { layer: id, outcome: result.outcome, reason: result.reason, inputs: result.inputs, durationUs, source: result.source })
  state.last = now
  if (result.warnings !== undefined) state.warnings.push(...result.warnings)
  if (result.fieldsRead !== undefined && result.fieldsRead.length > 0) {
    const fields = (state.fields ??= new Set())
    for (const field of result.fieldsRead) fields.add(field)
  }
  return result.outcome === 'deny' || result.outcome === 'error'
}

function finish<C>(
  decidedAt: number, decider: LayerResult | undefined, kind: DecisionKind, profile: ProfileId,
  layers: readonly Layer<C>[], clock: Clock, state: RunState,
): Decision {
  if (decidedAt >= 0) {
    for (let i = decidedAt + 1; i < layers.length; i++) {
      state.steps.push({ layer: (layers[i] as Layer<C>).id, outcome: 'skip', reason: NOT_REACHED, inputs: EMPTY_INPUTS, durationUs: 0 })
    }
  }
  const durationUs = elapsedUs(state.start, state.last)
  const sessionFieldsRead = state.fields === undefined ? [] : [...state.fields]
  const { steps: trace, warnings } = state
  if (decider === undefined || decidedAt < 0) {
    return { kind, verdict: 'allow', profile, trace, durationUs, sessionFieldsRead, warnings }
  }
  const decidedBy = (layers[decidedAt] as Layer<C>).id
  return { kind, verdict: 'deny', reason: decider.reason, decidedBy, profile, trace, durationUs, sessionFieldsRead, warnings }
}
