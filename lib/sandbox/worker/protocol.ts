/**
 * What crosses between the studio's thread and a sandbox worker. Requests and
 * answers are small objects of strings and numbers (JSON is serialized once,
 * on the side that has the value); both directions travel in batches, one
 * postMessage per batch.
 */
import type { SandboxFailure } from '../errors'
import type { LoadDiagnostic, WorkspaceSources } from '../types'

/** One workspace version as a worker loads it. */
export interface VersionSpec {
  readonly vid: number
  readonly sources: WorkspaceSources
  readonly deadlineMs: number
  readonly loadDeadlineMs: number
  readonly memoryBytes: number
}

export type WorkerRequest =
  /** Transpile and boot a version; `gen` is the generation its instances will live in. */
  | { readonly k: 'load'; readonly id: number; readonly spec: VersionSpec; readonly gen: number }
  /** A bridge op (`rule`, `create`, `update`...) with its request as JSON text; `gen` binds it to a generation. */
  | { readonly k: 'call'; readonly id: number; readonly vid: number; readonly op: string; readonly json: string; readonly gen?: number }
  /** A mounted instance's action: the hot path. */
  | {
      readonly k: 'act'; readonly id: number; readonly vid: number; readonly gen: number; readonly inst: number
      readonly action: string; readonly payload?: string; readonly caller?: string
    }
  /** Resolves once the version's engine is usable (no rebuild pending). */
  | { readonly k: 'ready'; readonly id: number; readonly vid: number }
  | { readonly k: 'unload'; readonly id: number; readonly vid: number }

/** What the worker learned while loading a version (metadata for the host-side specs). */
export interface LoadReply {
  readonly diagnostics: readonly LoadDiagnostic[]
  /** The guest's metadata, validated again on the studio's side. */
  readonly descriptor: unknown
  readonly loadMs: { readonly transpile: number; readonly evaluate: number }
  readonly memoryBytes: number
}

export interface WorkerReply {
  readonly id: number
  /** Milliseconds the request kept the worker busy (charged to whoever asked). */
  readonly ms: number
  /** The version's generation after the request (it changes when the engine was rebuilt). */
  readonly g?: number
  /** The bridge's envelope text. */
  readonly t?: string
  /** The call itself failed (deadline, memory, crash, unknown version). */
  readonly f?: SandboxFailure
  /** The request was bound to an older generation: nothing ran. */
  readonly stale?: 1
  readonly load?: LoadReply
}

/** The first message a worker gets: the compiled QuickJS module (compiled once per process). */
export interface WorkerInit {
  readonly wasm: WebAssembly.Module
  /** Shared with the watchdog: the request running, when it must be over, and the worker's thread id (see heartbeatViews). */
  readonly heartbeat: SharedArrayBuffer
  readonly graceMs: number
}

/** Layout of the heartbeat buffer: [0] running request id, [8] until (Float64), [16] the worker's thread id (Int32, 0: unknown). */
export const HEARTBEAT_BYTES = 24
export function heartbeatViews(buffer: SharedArrayBuffer): { running: Int32Array; until: Float64Array; tid: Int32Array } {
  return { running: new Int32Array(buffer, 0, 1), until: new Float64Array(buffer, 8, 1), tid: new Int32Array(buffer, 16, 1) }
}
