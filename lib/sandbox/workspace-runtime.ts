/**
 * Owns the engine of one loaded workspace version and keeps it usable: after a
 * fatal failure (out of memory, a trap in WebAssembly) the engine is thrown
 * away and the version is booted again on a spare instance, synchronously when
 * a spare is ready, so the next call works. Instances see a new `generation`.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten-core'
import { bootEngine, type BootInput } from './boot'
import type { CallResult, Engine } from './engine'
import { FATAL_CODES, type SandboxFailure } from './errors'
import { newFixedMemoryModule, takeSpare } from './wasm-pool'

function failed(failure: SandboxFailure): CallResult {
  return { ok: false, failure, reads: [], logs: [] }
}

export class WorkspaceRuntime {
  private engine: Engine | undefined
  private rebuilding: Promise<void> | undefined
  private disposed = false
  /** Bumped whenever the engine is replaced (guest instances are then gone). */
  generation = 0
  restarts = 0

  constructor(first: Engine, private readonly input: BootInput) {
    this.engine = first
  }

  /** One guest call; fatal failures schedule (or perform) a transparent rebuild. */
  call(op: string, request: unknown): CallResult {
    return this.run((engine) => engine.call(op, request))
  }

  /** A mounted instance's action (the engine's fast path); failures handled as in `call`. */
  callAction(instance: number, action: string, payload: unknown, caller: unknown): CallResult {
    return this.run((engine) => engine.callAction(instance, action, payload, caller))
  }

  private run(guestCall: (engine: Engine) => CallResult): CallResult {
    if (this.disposed) return failed({ code: 'ERR_SANDBOX_DISPOSED', message: 'This workspace version was disposed' })
    const engine = this.engine
    if (engine === undefined) {
      return failed({ code: 'ERR_SANDBOX_RESTARTING', message: 'The sandbox is restarting after a crash; try again' })
    }
    const result = guestCall(engine)
    if (!result.ok && FATAL_CODES.has(result.failure.code)) this.replace(engine)
    return result
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
