/**
 * State Backed authorizer simulator: token -> authContext (the `act` claim,
 * `sub` as fallback), then the machine's allowRead/allowWrite in the sandbox,
 * then coercion: only boolean `true` allows; errors and timeouts deny.
 */
import type { JsonValue } from '@/lib/auth'
import type { GuestResult, MachineReadRequest, MachineWriteRequest, SandboxMachine } from '@/lib/sandbox/types'
import { authContextFromStateBacked } from '@/lib/tokens'

/**
 * Event the studio sends for an instance's initialization (a write with no prior
 * state). State Backed documents that initialization is a write; this exact
 * event shape is the studio's stand-in.
 */
export const INITIALIZATION_EVENT: JsonValue = { type: 'initialization' }

export type SimRequest =
  | { readonly kind: 'read' }
  | { readonly kind: 'write'; readonly event: JsonValue }
  | { readonly kind: 'initialization' }

export interface SimInstance {
  readonly name: string
  readonly state?: JsonValue
  readonly context?: JsonValue
}

export interface SimStep {
  readonly step: 'authContext' | 'authorizer' | 'result' | 'coercion'
  readonly outcome: 'pass' | 'deny' | 'error'
  readonly detail: string
  readonly inputs?: JsonValue
}

export interface SimResult {
  readonly verdict: 'allow' | 'deny'
  readonly reason: string
  readonly authContext: JsonValue | null
  readonly trace: readonly SimStep[]
}

export interface SimInput {
  readonly machine: SandboxMachine
  readonly instance: SimInstance
  readonly request: SimRequest
  /** The verified payload of a State Backed token (its `act` claim becomes authContext). */
  readonly tokenPayload: Readonly<Record<string, unknown>>
}

/** A JSON copy (drops functions/undefined); undefined when the value is not JSON-serializable. */
function toJson(value: unknown): JsonValue | undefined {
  try {
    const text = JSON.stringify(value)
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue)
  } catch {
    return undefined
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}...` : value}' (string)`
  if (value === undefined) return 'undefined'
  const json = toJson(value)
  const text = json === undefined ? String(value) : JSON.stringify(json)
  return `${text.length > 80 ? `${text.slice(0, 80)}...` : text} (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`
}

interface Coercion {
  readonly steps: SimStep[]
  readonly allowed: boolean
  readonly reason: string
}

function coerce(hook: string, result: GuestResult): Coercion {
  if (!result.ok) {
    const reason = `${hook} ${result.code === 'ERR_SANDBOX_TIMEOUT' ? 'timed out' : 'failed'} (${result.code}): ${result.message}`
    return { steps: [{ step: 'result', outcome: 'error', detail: reason }], allowed: false, reason }
  }
  const raw = result.value
  const returned = `${hook} returned ${describe(raw)}`
  const got: SimStep = { step: 'result', outcome: 'pass', detail: returned, inputs: { rawResult: toJson(raw) ?? null } }
  if (raw === true) return { steps: [got, { step: 'coercion', outcome: 'pass', detail: 'boolean true: allowed' }], allowed: true, reason: returned }
  const why = raw === false ? 'denied' : `not boolean true: denied (only true allows${raw ? '; a truthiness check would have allowed it' : ''})`
  return { steps: [got, { step: 'coercion', outcome: 'deny', detail: why }], allowed: false, reason: `${returned}: ${why}` }
}

/**
 * Simulates one State Backed request against a machine's authorizers.
 * @example simulateStateBacked({ machine, instance: { name: 'u-pro' }, request: { kind: 'read' }, tokenPayload })
 */
export async function simulateStateBacked(input: SimInput): Promise<SimResult> {
  const { machine, instance, request } = input
  const trace: SimStep[] = []
  const derived = authContextFromStateBacked(input.tokenPayload)
  const authContext = derived === null ? null : toJson(derived) ?? null
  if (authContext === null) {
    const reason = 'the token has neither an act claim nor a sub: there is no authContext'
    return { verdict: 'deny', reason, authContext: null, trace: [{ step: 'authContext', outcome: 'deny', detail: reason }] }
  }
  const source = Object.hasOwn(input.tokenPayload, 'act') ? 'the act claim' : 'the top-level sub (no act claim)'
  trace.push({ step: 'authContext', outcome: 'pass', detail: `authContext from ${source}`, inputs: authContext })

  const read: MachineReadRequest = {
    machineInstanceName: instance.name, authContext,
    ...(request.kind === 'initialization' || instance.state === undefined ? {} : { state: instance.state }),
    ...(instance.context === undefined ? {} : { context: instance.context }),
  }
  const hook = request.kind === 'read' ? 'allowRead' : 'allowWrite'
  const fn = request.kind === 'read' ? machine.allowRead : machine.allowWrite
  if (fn === undefined) {
    const reason = `${machine.file} exports no ${hook}: State Backed denies every ${request.kind === 'read' ? 'read' : 'write'}`
    return { verdict: 'deny', reason, authContext, trace: [...trace, { step: 'authorizer', outcome: 'deny', detail: reason }] }
  }
  const call = request.kind === 'read'
    ? () => (fn as (r: MachineReadRequest) => Promise<GuestResult>)(read)
    : () => {
      const event = request.kind === 'write' ? request.event : INITIALIZATION_EVENT
      const write: MachineWriteRequest = { ...read, event }
      trace.push({ step: 'authorizer', outcome: 'pass', detail: `${hook}(request) called for ${request.kind === 'write' ? 'a write' : 'the initialization'}`, inputs: toJson(write) ?? null })
      return (fn as (r: MachineWriteRequest) => Promise<GuestResult>)(write)
    }
  if (request.kind === 'read') trace.push({ step: 'authorizer', outcome: 'pass', detail: `${hook}(request) called for a read`, inputs: toJson(read) ?? null })
  const coerced = coerce(hook, await call())
  trace.push(...coerced.steps)
  return { verdict: coerced.allowed ? 'allow' : 'deny', reason: coerced.reason, authContext, trace }
}
