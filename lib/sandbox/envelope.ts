/**
 * The bridge's answer envelope, `{ ok, v | error, reads, logs[, preads] }` as JSON text,
 * turned into a CallResult. Pure: the engine's thread produces the text, the
 * thread that asked parses it (once).
 */
import type { SandboxFailure } from './errors'
import { classifyGuestError, errorShape, type GuestLimits } from './guest-failure'

/**
 * The answer of one dispatch: raw value (or failure), the session fields read,
 * console output and, for a rule whose first argument is an object (an action
 * payload), that argument's fields read (absent when none).
 */
export type CallResult =
  | {
      readonly ok: true; readonly value: unknown; readonly reads: readonly string[]; readonly logs: readonly string[]
      readonly payloadReads?: readonly string[]
      /** A component's new public state as JSON text, when it changed (sent after the envelope, parsed only when needed). */
      readonly trailer?: string
    }
  | { readonly ok: false; readonly failure: SandboxFailure; readonly reads: readonly string[]; readonly logs: readonly string[]; readonly payloadReads?: readonly string[] }

/** What an engine call produced before parsing: the envelope's text, or a failure of the call itself. */
export type RawAnswer = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly failure: SandboxFailure }

const NONE: readonly string[] = []

/** Parses an envelope; guest errors are classified with `limits` (the figures quoted in messages). */
export function parseEnvelope(text: string, limits: GuestLimits): CallResult {
  const cut = text.indexOf('\u0001')
  const env = JSON.parse(cut < 0 ? text : text.slice(0, cut)) as { ok: boolean; v?: unknown; error?: unknown; reads?: string[]; logs?: string[]; preads?: string[] }
  const reads = env.reads ?? NONE
  const logs = env.logs ?? NONE
  const payload = env.preads !== undefined ? { payloadReads: env.preads } : {}
  if (env.ok) return cut < 0 ? { ok: true, value: env.v, reads, logs, ...payload } : { ok: true, value: env.v, reads, logs, ...payload, trailer: text.slice(cut + 1) }
  return { ok: false, failure: classifyGuestError(errorShape(env.error), limits), reads, logs, ...payload }
}

export function toCallResult(answer: RawAnswer, limits: GuestLimits): CallResult {
  return answer.ok ? parseEnvelope(answer.text, limits) : { ok: false, failure: answer.failure, reads: NONE, logs: NONE }
}
