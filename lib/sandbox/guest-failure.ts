/**
 * Maps what QuickJS reports (an error's name and message) to a SandboxFailure
 * with a message fit for a trace: deadline, stack, memory, or the guest's own.
 */
import type { SandboxFailure } from './errors'

export interface GuestLimits {
  readonly deadlineMs: number
  readonly memoryBytes: number
}

export interface GuestErrorShape {
  readonly name: string
  readonly message: string
}

const MiB = 1024 * 1024

/** Reads `{ name, message }` out of a dumped guest value without trusting its shape. */
export function errorShape(dumped: unknown): GuestErrorShape {
  if (typeof dumped === 'object' && dumped !== null) {
    const { name, message } = dumped as { name?: unknown; message?: unknown }
    if (typeof message === 'string') return { name: typeof name === 'string' ? name : 'Error', message }
  }
  return { name: 'Thrown', message: typeof dumped === 'string' ? dumped : String(dumped) }
}

export function timeoutFailure(limits: GuestLimits): SandboxFailure {
  return { code: 'ERR_SANDBOX_TIMEOUT', message: `Sandbox call exceeded ${limits.deadlineMs} ms deadline` }
}

export function outOfMemoryFailure(limits: GuestLimits): SandboxFailure {
  const mib = Math.round((limits.memoryBytes / MiB) * 10) / 10
  return { code: 'ERR_SANDBOX_OUT_OF_MEMORY', message: `Sandbox out of memory (limit ${mib} MiB)` }
}

/** Classifies a guest error; limits give the figures quoted in messages. */
export function classifyGuestError(error: GuestErrorShape, limits: GuestLimits): SandboxFailure {
  if (error.name === 'InternalError' && error.message === 'interrupted') return timeoutFailure(limits)
  if (/stack overflow|call stack size/i.test(error.message) && error.name !== 'Thrown') {
    return { code: 'ERR_SANDBOX_STACK_OVERFLOW', message: 'Sandbox stack overflow: recursion too deep' }
  }
  if (error.message === 'out of memory' && error.name !== 'Thrown') return outOfMemoryFailure(limits)
  if (error.name === 'UnserializableError') return { code: 'ERR_SANDBOX_UNSERIALIZABLE', message: error.message }
  return { code: 'ERR_SANDBOX_GUEST_THROW', message: error.message }
}
