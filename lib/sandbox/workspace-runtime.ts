/**
 * Owns the engine of one loaded workspace version, on the thread that runs it,
 * and keeps it usable: after a fatal failure (out of memory, a trap in
 * WebAssembly) the engine is thrown away and the version is booted again on a
 * spare instance, so the next call works. Instances then live in a new
 * `generation` and are restored by their host-side handles.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten-core'
import { bootEngine, type BootInput } from './boot'
import type { Engine } from './engine'
import type { RawAnswer } from './envelope'
import { FATAL_CODES, type SandboxFailure } from './errors'
import { classifyGuestError, errorShape } from './guest-failure'
import { newFixedMemoryModule, takeSpare } from './wasm-pool'

function failed(failure: SandboxFailure): RawAnswer {
  return { ok: false, failure }
}

const FAILED_ENVELOPE = '{"ok":false'

export class WorkspaceRuntime {
  private engine: Engine | undefined
  /** Set while a replacement engine is being built (calls wait for it). */
  rebuilding: Promise<void> | undefined
  private disposed = false
  restarts = 0

  /** `generation` starts where the host says (a version moved to a new thread continues its count). */
  constructor(first: Engine, private readonly input: BootInput, public generation = 0) {
    this.engine = first
  }

  /** One guest call with its request already JSON; fatal failures schedule (or perform) a rebuild. */
  callJson(op: string, json: string, deadlineMs?: number): RawAnswer {
    return this.run((engine) => engine.callJson(op, json, deadlineMs))
  }

  /** A mounted instance's action (the engine's fast path). */
  actJson(instance: number, action: string, payloadJson: string | undefined, callerJson: string | undefined): RawAnswer {
    return this.run((engine) => engine.actJson(instance, action, payloadJson, callerJson))
  }

  private run(guestCall: (engine: Engine) => RawAnswer): RawAnswer {
    if (this.disposed) return failed({ code: 'ERR_SANDBOX_DISPOSED', message: 'This workspace version was disposed' })
    const engine = this.engine
    if (engine === undefined) return failed({ code: 'ERR_SANDBOX_RESTARTING', message: 'The sandbox is restarting after a crash; try again' })
    const answer = guestCall(engine)
    if (this.isFatal(answer, engine)) this.replace(engine)
    return answer
  }

  /** A failure of the call itself, or an envelope whose guest error is the engine running out of memory. */
  private isFatal(answer: RawAnswer, engine: Engine): boolean {
    if (!answer.ok) return FATAL_CODES.has(answer.failure.code)
    if (!answer.text.startsWith(FAILED_ENVELOPE)) return false
    try {
      const env = JSON.parse(answer.text) as { error?: unknown }
      return FATAL_CODES.has(classifyGuestError(errorShape(env.error), engine.limits()).code)
    } catch {
      return false
    }
  }

  private replace(broken: Engine): void {
    broken.dispose()
    this.engine = undefined
    this.restarts++
    const spare = takeSpare(this.input.config.memoryBytes)
    if (spare !== undefined) {
      this.boot(spare)
      return
    }
    this.rebuilding = newFixedMemoryModule(this.input.config.memoryBytes)
      .then((mod) => {
        if (!this.disposed) this.boot(mod)
      })
      .finally(() => {
        this.rebuilding = undefined
      })
  }

  private boot(mod: QuickJSWASMModule): void {
    try {
      this.engine = bootEngine(mod, this.input).engine
      this.generation++
    } catch {
      this.engine = undefined
    }
  }

  /** Resolves once no rebuild is pending. */
  async ready(): Promise<void> {
    await this.rebuilding
  }

  /** Bytes of WebAssembly memory held by the current engine. */
  get memoryBytes(): number {
    return this.engine?.memoryBytes ?? 0
  }

  dispose(): void {
    this.disposed = true
    this.engine?.dispose()
    this.engine = undefined
  }
}
