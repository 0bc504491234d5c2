/**
 * QuickJS WebAssembly instances, each with its own FIXED-SIZE memory: QuickJS's
 * setMemoryLimit alone is not a cap (upstream issues #271, #255), a memory that
 * cannot grow is. The .wasm file is compiled once per process; instantiating
 * it again costs a few ms. A small pool of spare instances lets a crashed
 * engine be replaced synchronously.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import RELEASE_SYNC from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'

const PAGE = 64 * 1024
/** The release build's data, stack and startup heap need at least this much. */
export const MIN_MEMORY_BYTES = 16 * 1024 * 1024

let compiled: Promise<WebAssembly.Module> | undefined

/** A worker gets the module its parent compiled (a WebAssembly.Module crosses threads without recompiling). */
export function useCompiledWasm(module: WebAssembly.Module): void {
  compiled = Promise.resolve(module)
}

export function compiledWasm(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    // tsx runs this file as CommonJS (no import.meta); vitest and Next run it as ESM.
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)
    const path = require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
    return WebAssembly.compile(await readFile(path))
  })()
  return compiled
}

type EmscriptenOptions = NonNullable<Parameters<typeof newVariant>[1]['emscriptenModule']>

/**
 * Emscripten prints `Aborted(...)` when a crashed engine is freed; the crash itself was already reported
 * to the caller (ERR_SANDBOX_CRASHED) and the engine replaced, so that line is noise. Anything else is kept.
 */
function quietAbort(text: string): void {
  if (!text.startsWith('Aborted(')) console.error(`[sandbox] ${text}`)
}

/** A fresh QuickJS instance whose memory is exactly `memoryBytes` (rounded up to 64 KiB pages) and cannot grow. */
export async function newFixedMemoryModule(memoryBytes: number): Promise<QuickJSWASMModule> {
  const pages = Math.ceil(Math.max(memoryBytes, MIN_MEMORY_BYTES) / PAGE)
  const wasmMemory = new WebAssembly.Memory({ initial: pages, maximum: pages })
  const variant = newVariant(RELEASE_SYNC, { wasmModule: await compiledWasm(), wasmMemory, emscriptenModule: { printErr: quietAbort } as EmscriptenOptions })
  return newQuickJSWASMModuleFromVariant(variant)
}

const spares = new Map<number, QuickJSWASMModule[]>()
const refilling = new Map<number, Promise<void>>()

/** Makes sure one spare instance of this size is ready. */
export function ensureSpare(memoryBytes: number): Promise<void> {
  if ((spares.get(memoryBytes)?.length ?? 0) > 0) return Promise.resolve()
  let pending = refilling.get(memoryBytes)
  if (pending === undefined) {
    pending = newFixedMemoryModule(memoryBytes)
      .then((mod) => {
        const list = spares.get(memoryBytes) ?? []
        list.push(mod)
        spares.set(memoryBytes, list)
      })
      .finally(() => refilling.delete(memoryBytes))
    refilling.set(memoryBytes, pending)
  }
  return pending
}

/** Takes a ready spare (synchronously) and starts preparing the next one. */
export function takeSpare(memoryBytes: number): QuickJSWASMModule | undefined {
  const mod = spares.get(memoryBytes)?.pop()
  ensureSpare(memoryBytes).catch(() => undefined)
  return mod
}
