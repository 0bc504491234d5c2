/**
 * One QuickJS runtime + context on its own fixed-memory WebAssembly instance,
 * with a small stack and an interrupt-handler deadline. The host talks to the
 * guest only through the bridge's `dispatch(op, json)`; no host function is
 * ever exposed to guest code.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core'
import { toCallResult, type CallResult, type RawAnswer } from './envelope'
import { classifyGuestError, errorShape, outOfMemoryFailure, type GuestErrorShape, type GuestLimits } from './guest-failure'
import { BRIDGE_MODULE, INTERNAL_MODULE, API_MODULE, HOST_PREFIX, resolveSpecifier } from './resolve'
import { COMPAT_API_SOURCE, INTERNAL_SOURCE } from './compat-api-source'
import { BRIDGE_SOURCE } from './bridge-source'

/** 256 KiB: a recursion bomb then fails cleanly (1 MiB could break the instance). */
export const MAX_STACK_BYTES = 256 * 1024
/** Headroom between QuickJS's own limit and the hard cap, for the C stack and static data. */
const MEMORY_HEADROOM = 4 * 1024 * 1024
const BLOCKED_PREFIX = 'flux:blocked:'

export interface EngineConfig extends GuestLimits {
  readonly now: () => number
}


/** A failed module evaluation, with the guest's stack for positions. */
export interface EvalFailure extends GuestErrorShape {
  readonly stack: string
}

interface BlockedImport {
  readonly base: string
  readonly requested: string
  readonly message: string
}

function unserializableRequest(): RawAnswer {
  return { ok: false, failure: { code: 'ERR_SANDBOX_UNSERIALIZABLE', message: 'request is not JSON-serializable' } }
}

export class Engine {
  private deadline = Number.POSITIVE_INFINITY
  /** Deadline of the call in progress, quoted in timeout messages. */
  private activeDeadlineMs: number
  private readonly rt: QuickJSRuntime
  private readonly ctx: QuickJSContext
  private readonly dispatchFn: QuickJSHandle
  private readonly actFn: QuickJSHandle
  /** Imports refused by the resolver (for load diagnostics). */
  readonly blocked: BlockedImport[] = []

  constructor(
    private readonly mod: QuickJSWASMModule,
    files: ReadonlyMap<string, string>,
    private readonly config: EngineConfig,
  ) {
    this.activeDeadlineMs = config.deadlineMs
    this.rt = mod.newRuntime()
    this.rt.setMaxStackSize(MAX_STACK_BYTES)
    this.rt.setMemoryLimit(Math.max(config.memoryBytes - MEMORY_HEADROOM, 8 * 1024 * 1024))
    this.rt.setInterruptHandler(() => this.config.now() > this.deadline)
    this.rt.setModuleLoader(
      (name) => this.load(name, files),
      (base, requested) => this.normalize(base, requested, files),
    )
    this.ctx = this.rt.newContext()
    const entry = this.evalModule(`${HOST_PREFIX}bridge.js`, `export { dispatch, act } from '${BRIDGE_MODULE}'`, 5000)
    if (!entry.ok) throw new Error(`sandbox bridge failed to load: ${entry.error.message}`)
    this.dispatchFn = this.ctx.getProp(entry.namespace, 'dispatch')
    this.actFn = this.ctx.getProp(entry.namespace, 'act')
    entry.namespace.dispose()
  }

  private normalize(base: string, requested: string, files: ReadonlyMap<string, string>): string {
    const r = resolveSpecifier(base, requested, (p) => files.has(p))
    if (r.ok) return r.name
    this.blocked.push({ base, requested, message: r.message })
    return `${BLOCKED_PREFIX}${this.blocked.length - 1}`
  }

  private load(name: string, files: ReadonlyMap<string, string>): string | { error: Error } {
    if (name === API_MODULE) return COMPAT_API_SOURCE
    if (name === INTERNAL_MODULE) return INTERNAL_SOURCE
    if (name === BRIDGE_MODULE) return BRIDGE_SOURCE
    if (name.startsWith(BLOCKED_PREFIX)) {
      const blocked = this.blocked[Number(name.slice(BLOCKED_PREFIX.length))]
      return { error: new Error(blocked?.message ?? 'Module not available in the sandbox') }
    }
    const code = files.get(name)
    return code === undefined ? { error: new Error(`Cannot find module '${name}'`) } : code
  }

  /** Evaluates a module under a deadline; the caller owns (and disposes) the namespace handle. */
  evalModule(
    name: string, code: string, deadlineMs: number,
  ): { ok: true; namespace: QuickJSHandle } | { ok: false; error: EvalFailure } {
    this.deadline = this.config.now() + deadlineMs
    try {
      const result = this.ctx.evalCode(code, name, { type: 'module' })
      if (result.error) return { ok: false, error: this.dumpError(result.error) }
      let ns = result.value
      if (this.ctx.typeof(ns) !== 'object' || this.ctx.getPromiseState(ns).type !== 'fulfilled') {
        const settled = this.settle(ns)
        if (!settled.ok) return { ok: false, error: settled.error }
        ns = settled.value
      }
      return { ok: true, namespace: ns }
    } finally {
      this.deadline = Number.POSITIVE_INFINITY
    }
  }

  private dumpError(handle: QuickJSHandle): EvalFailure {
    try {
      const dumped: unknown = this.ctx.dump(handle)
      const shape = errorShape(dumped)
      const stack = typeof dumped === 'object' && dumped !== null ? (dumped as { stack?: unknown }).stack : undefined
      return { ...shape, stack: typeof stack === 'string' ? stack.slice(0, 2000) : '' }
    } catch {
      // Dumping allocates; when the guest is out of memory even that fails.
      return { name: 'InternalError', message: 'out of memory', stack: '' }
    } finally {
      if (handle.alive) handle.dispose()
    }
  }

  /** Runs pending jobs until `promise` settles, fails, or nothing is left to run. */
  private settle(promise: QuickJSHandle): { ok: true; value: QuickJSHandle } | { ok: false; error: EvalFailure } {
    for (;;) {
      const state = this.ctx.getPromiseState(promise)
      if (state.type === 'fulfilled') {
        if (state.value !== promise) promise.dispose()
        return { ok: true, value: state.value }
      }
      if (state.type === 'rejected') {
        promise.dispose()
        return { ok: false, error: this.dumpError(state.error) }
      }
      const jobs = this.rt.executePendingJobs()
      if (jobs.error) {
        promise.dispose()
        return { ok: false, error: this.dumpError(jobs.error) }
      }
      if (jobs.value === 0) {
        promise.dispose()
        return { ok: false, error: { name: 'NeverSettled', message: 'returned a promise that never settles', stack: '' } }
      }
    }
  }

  /** One guest call through the bridge, bounded by the deadline (default: the per-call one) and the memory cap. */
  call(op: string, request: unknown, deadlineMs = this.config.deadlineMs): CallResult {
    let json: string
    try {
      json = JSON.stringify(request)
    } catch {
      return toCallResult(unserializableRequest(), this.limits())
    }
    return toCallResult(this.callJson(op, json, deadlineMs), this.limits())
  }

  /** A guest call whose request is already JSON text; the answer is the bridge's envelope text (parsed by the caller). */
  callJson(op: string, json: string, deadlineMs = this.config.deadlineMs): RawAnswer {
    return this.invoke(this.dispatchFn, () => [this.ctx.newString(op), this.ctx.newString(json)], deadlineMs)
  }

  /**
   * The hot path of a mounted component's action (the bridge's `act`): instance id,
   * action name, the payload's and the caller's JSON text cross as four values, not one request object.
   */
  actJson(instance: number, action: string, payloadJson: string | undefined, callerJson: string | undefined, deadlineMs = this.config.deadlineMs): RawAnswer {
    return this.invoke(this.actFn, () => [
      this.ctx.newNumber(instance), this.ctx.newString(action), payloadJson === undefined ? this.ctx.undefined : this.ctx.newString(payloadJson),
      callerJson === undefined ? this.ctx.undefined : this.ctx.newString(callerJson),
    ], deadlineMs)
  }

  /** Calls a bridge function whose answer is an envelope string or a promise of one. */
  private invoke(fn: QuickJSHandle, makeArgs: () => QuickJSHandle[], deadlineMs: number): RawAnswer {
    this.deadline = this.config.now() + deadlineMs
    this.activeDeadlineMs = deadlineMs
    try {
      const args = makeArgs()
      const result = this.ctx.callFunction(fn, this.ctx.undefined, ...args)
      for (const arg of args) if (arg.alive && arg !== this.ctx.undefined) arg.dispose()
      if (result.error) return this.failed(this.dumpError(result.error))
      let handle = result.value
      if (this.ctx.typeof(handle) !== 'string') {
        // A promise of the envelope: its continuations are queued, so run them before the first look.
        const jobs = this.rt.executePendingJobs()
        if (jobs.error) {
          handle.dispose()
          return this.failed(this.dumpError(jobs.error))
        }
        const settled = this.settle(handle)
        if (!settled.ok) {
          if (settled.error.name === 'NeverSettled') {
            return { ok: false, failure: { code: 'ERR_SANDBOX_NEVER_SETTLED', message: 'Sandbox call returned a promise that never settles' } }
          }
          return this.failed(settled.error)
        }
        handle = settled.value
      }
      const text = this.ctx.getString(handle)
      handle.dispose()
      // An envelope is never empty: copying it out of a nearly full engine failed (no memory left for the copy).
      if (text.length === 0) return { ok: false, failure: outOfMemoryFailure(this.config) }
      return { ok: true, text }
    } catch (error) {
      // A trap inside WebAssembly (or an allocation failure in the host glue): the engine is unusable.
      const message = error instanceof Error ? error.message : String(error)
      if (/out of memory|memory access out of bounds/i.test(message)) return { ok: false, failure: outOfMemoryFailure(this.config)}
      if (/maximum call stack size exceeded/i.test(message)) {
        // Recursion inside QuickJS's C code (JSON of a deeply nested value, say) ran out of the host's native stack.
        return { ok: false, failure: { code: 'ERR_SANDBOX_CRASHED', message: 'Sandbox engine crashed: a value nested too deeply (or recursion inside a built-in) exhausted the native stack; the engine was restarted' }}
      }
      return { ok: false, failure: { code: 'ERR_SANDBOX_CRASHED', message: `Sandbox engine crashed: ${message}` }}
    } finally {
      this.deadline = Number.POSITIVE_INFINITY
    }
  }

  limits(): GuestLimits {
    return { deadlineMs: this.activeDeadlineMs, memoryBytes: this.config.memoryBytes }
  }

  private failed(error: GuestErrorShape): RawAnswer {
    return { ok: false, failure: classifyGuestError(error, this.limits()) }
  }

  /** Frees the runtime; never throws (a broken instance is simply dropped for the GC). */
  dispose(): void {
    try {
      if (this.dispatchFn.alive) this.dispatchFn.dispose()
      if (this.actFn.alive) this.actFn.dispose()
      this.ctx.dispose()
      this.rt.dispose()
    } catch {
      // The WebAssembly instance and its memory go away with the last reference.
    }
  }

  /** The WebAssembly memory size actually reserved for this engine. */
  get memoryBytes(): number {
    return this.mod.getWasmMemory().buffer.byteLength
  }
}
