/**
 * Loads one version of a workspace into its own sandbox engine: transpile every
 * file, boot the engine, extract components / providers / machines. Each version
 * has its own WebAssembly instance, so loading a new one never disturbs calls
 * on an older one; dispose the old version when nothing uses it any more.
 */
import { bootEngine } from './boot'
import { dedupe, classPosition } from './load-diagnostics'
import type { GuestDescriptor } from './descriptor'
import { toComponent, toMachine, toProvider } from './extract'
import { createInstance } from './instances'
import { lintSource } from './lint'
import { transpileFile } from './transpile'
import type { LoadDiagnostic, LoadedWorkspace, LoadOptions, SandboxComponent, SandboxProvider, WorkspaceSources } from './types'
import { ensureSpare, newFixedMemoryModule } from './wasm-pool'
import { WorkspaceRuntime } from './workspace-runtime'

const MiB = 1024 * 1024
export const DEFAULTS = { deadlineMs: 50, loadDeadlineMs: 1000, memoryBytes: 32 * MiB } as const

function transpileAll(sources: WorkspaceSources): { files: Map<string, string>; diagnostics: LoadDiagnostic[] } {
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

function at(sources: WorkspaceSources, file: string, exportName: string, message: string, severity: LoadDiagnostic['severity']): LoadDiagnostic {
  return { file, ...classPosition(sources[file] ?? '', exportName), message, severity }
}

/** Turns the guest's metadata into host specs; broken or duplicate components are left out (fail-closed). */
function extract(runtime: WorkspaceRuntime, descriptor: GuestDescriptor, sources: WorkspaceSources, broken: ReadonlySet<string>) {
  const diagnostics: LoadDiagnostic[] = descriptor.issues.map((i) => ({ file: i.file, line: 1, column: 1, message: i.message, severity: 'error' as const }))
  const components: SandboxComponent[] = []
  for (const c of descriptor.components) {
    if (c.issues.length > 0) {
      for (const issue of c.issues) diagnostics.push(at(sources, c.file, c.exportName, `${c.name}: ${issue}; the component is not loaded`, 'error'))
    } else if (components.some((k) => k.name === c.name)) {
      diagnostics.push(at(sources, c.file, c.exportName, `Component name '${c.name}' is already used by another class; this one is not loaded`, 'error'))
    } else components.push(toComponent(runtime, c))
  }
  const providers: SandboxProvider[] = []
  for (const p of descriptor.providers) {
    if (providers.some((k) => k.name === p.name)) diagnostics.push(at(sources, p.file, p.exportName, `Provider name '${p.name}' is registered twice; the second is ignored`, 'warning'))
    else providers.push(toProvider(runtime, p))
  }
  for (const file of Object.keys(sources)) {
    if (file.startsWith('components/') && !broken.has(file) && !descriptor.components.some((c) => c.file === file)) {
      diagnostics.push({ file, line: 1, column: 1, severity: 'warning', message: `${file} exports no class extending LiveComponent` })
    }
  }
  return { components, providers, machines: descriptor.machines.map((m) => toMachine(runtime, m)), diagnostics }
}

/**
 * Transpiles and loads `sources` into a fresh sandbox.
 * @example
 * const ws = await loadWorkspace(readDemoWorkspace(), { version: 'v1' })
 * const chat = ws.components.find((c) => c.name === 'ProDashboard')
 */
export async function loadWorkspace(sources: WorkspaceSources, options: LoadOptions = {}): Promise<LoadedWorkspace> {
  const deadlineMs = options.deadlineMs ?? DEFAULTS.deadlineMs
  const memoryBytes = options.memoryBytes ?? DEFAULTS.memoryBytes
  const loadDeadlineMs = options.loadDeadlineMs ?? DEFAULTS.loadDeadlineMs
  const now = options.now ?? (() => performance.now())
  const mod = await newFixedMemoryModule(memoryBytes)
  const t0 = performance.now()
  const { files, diagnostics: transpileDiagnostics } = transpileAll(sources)
  const t1 = performance.now()
  const input = { sources, files, config: { deadlineMs, memoryBytes, now }, loadDeadlineMs }
  const booted = bootEngine(mod, input)
  const runtime = new WorkspaceRuntime(booted.engine, input)
  const broken = new Set([...transpileDiagnostics, ...booted.diagnostics].filter((d) => d.severity === 'error').map((d) => d.file))
  const extracted = extract(runtime, booted.descriptor, sources, broken)
  const t2 = performance.now()
  await ensureSpare(memoryBytes)
  return {
    version: options.version ?? 'draft',
    components: extracted.components,
    providers: extracted.providers,
    machines: extracted.machines,
    diagnostics: dedupe([...transpileDiagnostics, ...booted.diagnostics, ...extracted.diagnostics]),
    loadMs: { transpile: t1 - t0, evaluate: t2 - t1 },
    createInstance: (componentName, options) => {
      if (!extracted.components.some((c) => c.name === componentName)) {
        return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_COMPONENT', error: `Unknown component '${componentName}'` }
      }
      return createInstance(runtime, componentName, options)
    },
    ready: () => runtime.ready(),
    get restarts() {
      return runtime.restarts
    },
    get memoryBytes() {
      return runtime.memoryBytes
    },
    dispose: () => runtime.dispose(),
  }
}

/**
 * Compiles the WebAssembly once and runs a throwaway workspace so V8 has compiled
 * the interpreter's hot paths; call it at server start so the first real load and
 * the first calls are not slowed by lazy compilation.
 */
export async function warmUpSandbox(memoryBytes: number = DEFAULTS.memoryBytes): Promise<void> {
  const ws = await loadWorkspace(
    { 'warm-up.ts': "import { LiveComponent } from '@fluxstack/live'\nexport class W extends LiveComponent { static auth = { authorize: (a) => a.hasRole('x') } }\n" },
    { memoryBytes },
  )
  ws.dispose()
}
