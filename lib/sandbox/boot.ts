/**
 * Boots an engine for one workspace version: bridge, lockdown, every file as
 * an ES module (in path order), then the metadata walk. Used for the first load
 * and again, silently, when a crashed engine is replaced.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten-core'
import { Engine, type EngineConfig } from './engine'
import { evalDiagnostic, followOn } from './load-diagnostics'
import { HOST_PREFIX } from './resolve'
import type { LoadDiagnostic, WorkspaceSources } from './types'
import type { GuestDescriptor } from './descriptor'
import { parseDescriptor } from './descriptor'
import { locateAuthorizers } from './rule-location'

export interface BootInput {
  readonly sources: WorkspaceSources
  /** Transpiled JavaScript of the files that transpiled. */
  readonly files: ReadonlyMap<string, string>
  readonly config: EngineConfig
  readonly loadDeadlineMs: number
  /** Told how long each step may take (the watchdog's view); workspace code gets exactly its load deadline. */
  readonly mark?: (budgetMs: number) => void
}

export interface BootResult {
  readonly engine: Engine
  readonly diagnostics: readonly LoadDiagnostic[]
  readonly descriptor: GuestDescriptor
}

/** Generous bound for the studio's own guest steps (lockdown), which cannot loop. */
const HOST_STEP_DEADLINE_MS = 5000

function entrySource(path: string): string {
  return `import * as ns from './${path}'\nimport { register } from 'flux:bridge'\nregister(${JSON.stringify(path)}, ns)\n`
}

/** Throws only if the bridge itself cannot start (a bug, not a workspace problem). */
export function bootEngine(mod: QuickJSWASMModule, input: BootInput): BootResult {
  const { sources, files, config, loadDeadlineMs } = input
  input.mark?.(HOST_STEP_DEADLINE_MS)
  const engine = new Engine(mod, files, config)
  // Studio code, not workspace code: a cold WebAssembly instance may need ~200 ms here.
  const lock = engine.call('lockdown', {}, HOST_STEP_DEADLINE_MS)
  if (!lock.ok) throw new Error(`sandbox lockdown failed: ${lock.failure.message}`)
  const diagnostics: LoadDiagnostic[] = []
  input.mark?.(loadDeadlineMs)
  const loadEnd = config.now() + loadDeadlineMs
  const paths = [...files.keys()].sort()
  /** The diagnostic of each file whose evaluation failed (an importer of a failed file fails with its error). */
  const failed = new Map<string, LoadDiagnostic>()
  paths.forEach((path, i) => {
    const remaining = loadEnd - config.now()
    if (remaining <= 0) {
      diagnostics.push({ file: path, line: 1, column: 1, severity: 'error', message: `Not evaluated: the ${loadDeadlineMs} ms load deadline was used up by earlier files` })
      return
    }
    const r = engine.evalModule(`${HOST_PREFIX}entry-${i}.js`, entrySource(path), remaining)
    if (r.ok) r.namespace.dispose()
    else failed.set(path, evalDiagnostic(path, r.error, sources, engine.blocked, loadDeadlineMs))
  })
  for (const [path, d] of failed) {
    diagnostics.push(d)
    // Failed because of another file: say so on this file, naming that cause.
    if (d.file !== path) diagnostics.push(followOn(sources, path, d, failed.get(d.file)?.message === d.message))
  }
  input.mark?.(loadDeadlineMs)
  const described = engine.call('describe', {}, loadDeadlineMs)
  if (!described.ok) {
    diagnostics.push({ file: '(workspace)', line: 1, column: 1, severity: 'error', message: `Reading component metadata failed: ${described.failure.message}` })
    return { engine, diagnostics, descriptor: { components: [], providers: [], machines: [], issues: [] } }
  }
  return { engine, diagnostics, descriptor: locateAuthorizers(parseDescriptor(described.value), files, sources) }
}
