/**
 * The side of the sandbox that runs workspace code: the versions loaded on one
 * thread (normally a worker), each with its own engine, and the handling of
 * one request at a time. Before any guest work it says how long that work may
 * take (`mark`), so a watchdog on the studio's thread can stop a thread stuck
 * inside a built-in, where the engine's own deadline cannot reach.
 */
import { bootEngine } from '../boot'
import type { SandboxFailure } from '../errors'
import { lintSource } from '../lint'
import { transpileFile } from '../transpile'
import type { LoadDiagnostic, WorkspaceSources } from '../types'
import { ensureSpare, newFixedMemoryModule } from '../wasm-pool'
import { WorkspaceRuntime } from '../workspace-runtime'
import type { VersionSpec, WorkerReply, WorkerRequest } from './protocol'

/** Transpiling, the bridge and lockdown: the studio's own steps of a load (workspace code is marked with its load deadline). */
export const LOAD_OVERHEAD_MS = 5000

/** Called before guest work with the milliseconds it may take. */
export type Mark = (budgetMs: number) => void

export function transpileAll(sources: WorkspaceSources): { files: Map<string, string>; diagnostics: LoadDiagnostic[] } {
  const files = new Map<string, string>()
  const diagnostics: LoadDiagnostic[] = []
  for (const [path, source] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
    diagnostics.push(...lintSource(path, source))
    const r = transpileFile(path, source)
    if (r.ok) files.set(path, r.code)
    else diagnostics.push(r.diagnostic)
  }
  return { files, diagnostics }
}

interface Hosted {
  readonly spec: VersionSpec
  readonly runtime: WorkspaceRuntime
}

const notLoaded = (vid: number): SandboxFailure => ({ code: 'ERR_SANDBOX_DISPOSED', message: `Workspace version ${vid} is not loaded in this sandbox` })

export class VersionHost {
  private readonly versions = new Map<number, Hosted>()

  /**
   * A guest call answered without awaiting anything (the hot path): undefined when
   * the request needs the async path (a load, an unload, a rebuild in progress).
   */
  handleNow(req: WorkerRequest, mark: Mark): WorkerReply | undefined {
    if (req.k !== 'act' && req.k !== 'call') return undefined
    const hosted = this.versions.get(req.vid)
    if (!hosted || hosted.runtime.rebuilding) return undefined
    const started = performance.now()
    const { runtime } = hosted
    try {
      if (req.gen !== undefined && req.gen !== runtime.generation) return { id: req.id, ms: performance.now() - started, stale: 1, g: runtime.generation }
      mark(hosted.spec.deadlineMs)
      const answer = req.k === 'act' ? runtime.actJson(req.inst, req.action, req.payload, req.caller) : runtime.callJson(req.op, req.json)
      const ms = performance.now() - started
      return answer.ok ? { id: req.id, ms, t: answer.text, g: runtime.generation } : { id: req.id, ms, f: answer.failure, g: runtime.generation }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { id: req.id, ms: performance.now() - started, f: { code: 'ERR_SANDBOX_CRASHED', message: `Sandbox engine crashed: ${message}` } }
    }
  }

  /** Handles one request; never throws (a failure is an answer). */
  async handle(req: WorkerRequest, mark: Mark): Promise<WorkerReply> {
    const started = performance.now()
    const done = (fields: Omit<WorkerReply, 'id' | 'ms'>): WorkerReply => ({ id: req.id, ms: performance.now() - started, ...fields })
    try {
      if (req.k === 'load') return done(await this.load(req.spec, req.gen, mark))
      if (req.k === 'unload') {
        this.versions.get(req.vid)?.runtime.dispose()
        this.versions.delete(req.vid)
        return done({})
      }
      const hosted = this.versions.get(req.vid)
      if (!hosted) return done({ f: notLoaded(req.vid) })
      const { runtime } = hosted
      await runtime.ready()
      if (req.k === 'ready') return done({ g: runtime.generation })
      if (req.gen !== undefined && req.gen !== runtime.generation) return done({ stale: 1, g: runtime.generation })
      mark(hosted.spec.deadlineMs)
      const answer = req.k === 'act'
        ? runtime.actJson(req.inst, req.action, req.payload, req.caller)
        : runtime.callJson(req.op, req.json)
      return done(answer.ok ? { t: answer.text, g: runtime.generation } : { f: answer.failure, g: runtime.generation })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return done({ f: { code: 'ERR_SANDBOX_CRASHED', message: `Sandbox engine crashed: ${message}` } })
    }
  }

  private async load(spec: VersionSpec, gen: number, mark: Mark): Promise<Omit<WorkerReply, 'id' | 'ms'>> {
    this.versions.get(spec.vid)?.runtime.dispose()
    this.versions.delete(spec.vid)
    const mod = await newFixedMemoryModule(spec.memoryBytes)
    mark(LOAD_OVERHEAD_MS)
    const t0 = performance.now()
    const { files, diagnostics } = transpileAll(spec.sources)
    const t1 = performance.now()
    const input = {
      sources: spec.sources, files, loadDeadlineMs: spec.loadDeadlineMs,
      config: { deadlineMs: spec.deadlineMs, memoryBytes: spec.memoryBytes, now: () => performance.now() },
    }
    const booted = bootEngine(mod, { ...input, mark })
    // Rebuilds after a crash boot the same way, with the same marks.
    const runtime = new WorkspaceRuntime(booted.engine, { ...input, mark }, gen)
    this.versions.set(spec.vid, { spec, runtime })
    const t2 = performance.now()
    // The spare that replaces a crashed engine synchronously.
    ensureSpare(spec.memoryBytes).catch(() => undefined)
    return {
      g: gen,
      load: {
        diagnostics: [...diagnostics, ...booted.diagnostics],
        descriptor: booted.descriptor,
        loadMs: { transpile: t1 - t0, evaluate: t2 - t1 },
        memoryBytes: runtime.memoryBytes,
      },
    }
  }

  /** Drops every version (the thread is going away). */
  disposeAll(): void {
    for (const hosted of this.versions.values()) hosted.runtime.dispose()
    this.versions.clear()
  }
}
