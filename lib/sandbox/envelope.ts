/**
 * The bridge's answer envelope, `{ ok, v | error, reads, logs }` as JSON text,
 * turned into a CallResult. Pure: the engine's thread produces the text, the
 * thread that asked parses it (once).
 */
import type { SandboxFailure } from './errors'
import { classifyGuestError, errorShape, type GuestLimits } from './guest-failure'

/** The answer of one dispatch: raw value (or failure), the session fields read and console output. */
export type CallResult =
  | {
      readonly ok: true; readonly value: unknown; readonly reads: readonly string[]; readonly logs: readonly string[]
      /** A component's new public state as JSON text, when it changed (sent after the envelope, parsed only when needed). */
      readonly trailer?: string
    }
  | { readonly ok: false; readonly failure: SandboxFailure; readonly reads: readonly string[]; readonly logs: readonly string[] }

/** What an engine call produced before parsing: the envelope's text, or a failure of the call itself. */
export type RawAnswer = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly failure: SandboxFailure }

const NONE: readonly string[] = []

/** Parses an envelope; guest errors are classified with `limits` (the figures quoted in messages). */
export function parseEnvelope(text: string, limits: GuestLimits): CallResult {
  const cut = text.indexOf('\u0001')
  const env = JSON.parse(cut < 0 ? text : text.slice(0, cut)) as { ok: boolean; v?: unknown; error?: unknown; reads?: string[]; logs?: string[] }
  const reads = env.reads ?? NONE
  const logs = env.logs ?? NONE
  if (env.ok) return cut < 0 ? { ok: true, value: env.v, reads, logs } : { ok: true, value: env.v, reads, logs, trailer: text.slice(cut + 1) }
  return { ok: false, failure: classifyGuestError(errorShape(env.error), limits), reads, logs }
}

export function toCallResult(answer: RawAnswer, limits: GuestLimits): CallResult {
  return answer.ok ? parseEnvelope(answer.text, limits) : { ok: false, failure: answer.failure, reads: NONE, logs: NONE }
}
