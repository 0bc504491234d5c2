/**
 * Loads one version of a workspace into the sandbox: a worker transpiles every
 * file, boots an engine and reports the components, providers and machines;
 * here they become host specs whose functions call into that worker. Each
 * version has its own engine, so loading a new one never disturbs calls on an
 * older one; dispose the old version when nothing uses it any more.
 */
import { dedupe, classPosition } from './load-diagnostics'
import { parseDescriptor, type GuestDescriptor } from './descriptor'
import { parseEnvelope, type CallResult } from './envelope'
import type { SandboxFailure } from './errors'
import { toComponent, toMachine, toProvider, type GuestCaller } from './extract'
import type { GuestLimits } from './guest-failure'
import type { SandboxLane } from './lanes'
import { createInstance, type GuestLink, type LinkResult } from './instances'
import { DEFAULTS } from './limits'
import type { LoadDiagnostic, LoadedWorkspace, LoadOptions, SandboxComponent, SandboxProvider, WorkspaceSources } from './types'
import type { WorkerReply } from './worker/protocol'
import { sandboxPool, type RemoteVersion } from './worker/pool'

export { DEFAULTS }

const NONE: readonly string[] = []

function at(sources: WorkspaceSources, file: string, exportName: string, message: string, severity: LoadDiagnostic['severity']): LoadDiagnostic {
  return { file, ...classPosition(sources[file] ?? '', exportName), message, severity }
}

/** Turns the guest's metadata into host specs; broken or duplicate components are left out (fail-closed). */
function extract(caller: GuestCaller, descriptor: GuestDescriptor, sources: WorkspaceSources, broken: ReadonlySet<string>) {
  const diagnostics: LoadDiagnostic[] = descriptor.issues.map((i) => ({ file: i.file, line: 1, column: 1, message: i.message, severity: 'error' as const }))
  const components: SandboxComponent[] = []
  for (const c of descriptor.components) {
    if (c.issues.length > 0) {
      for (const issue of c.issues) diagnostics.push(at(sources, c.file, c.exportName, `${c.name}: ${issue}; the component is not loaded`, 'error'))
    } else if (components.some((k) => k.name === c.name)) {
      diagnostics.push(at(sources, c.file, c.exportName, `Component name '${c.name}' is already used by another class; this one is not loaded`, 'error'))
    } else components.push(toComponent(caller, c))
  }
  const providers: SandboxProvider[] = []
  for (const p of descriptor.providers) {
    if (providers.some((k) => k.name === p.name)) diagnostics.push(at(sources, p.file, p.exportName, `Provider name '${p.name}' is registered twice; the second is ignored`, 'warning'))
    else providers.push(toProvider(caller, p))
  }
  for (const file of Object.keys(sources)) {
    if (file.startsWith('components/') && !broken.has(file) && !descriptor.components.some((c) => c.file === file)) {
      diagnostics.push({ file, line: 1, column: 1, severity: 'warning', message: `${file} exports no class extending LiveComponent` })
    }
  }
  return { components, providers, machines: descriptor.machines.map((m) => toMachine(caller, m)), diagnostics }
}

function failedCall(failure: SandboxFailure): CallResult {
  return { ok: false, failure, reads: NONE, logs: NONE }
}

const UNSERIALIZABLE: SandboxFailure = { code: 'ERR_SANDBOX_UNSERIALIZABLE', message: 'request is not JSON-serializable' }

function toJson(value: unknown): string | undefined {
  try {
    return value === undefined ? undefined : JSON.stringify(value)
  } catch {
    return undefined
  }
}

/** The JSON of a caller object, kept while the same object is passed again (a connection reuses it until its auth changes). */
const callerJson = new WeakMap<object, string | undefined>()

function callerText(caller: unknown): string | undefined {
  if (typeof caller !== 'object' || caller === null) return toJson(caller)
  if (callerJson.has(caller)) return callerJson.get(caller)
  const text = toJson(caller)
  callerJson.set(caller, text)
  return text
}

/** A version as instances and rule functions see it: JSON out, parsed envelopes back. */
class VersionLink implements GuestLink, GuestCaller {
  constructor(private readonly version: RemoteVersion, private readonly limits: GuestLimits) {}

  get generation(): number {
    return this.version.generation
  }

  private result(reply: WorkerReply): LinkResult {
    if (reply.stale === 1) return { stale: true }
    if (reply.f !== undefined) return failedCall(reply.f)
    return reply.t !== undefined ? parseEnvelope(reply.t, this.limits) : failedCall({ code: 'ERR_SANDBOX_CRASHED', message: 'Sandbox engine crashed: empty answer' })
  }

  // Plain promise chains, not async functions: one hop less per call on the hot path.
  call(op: string, request: unknown, gen?: number, lane?: SandboxLane): Promise<CallResult & LinkResult> {
    const json = toJson(request)
    if (json === undefined) return Promise.resolve(failedCall(UNSERIALIZABLE) as CallResult & LinkResult)
    return this.version.call(op, json, gen, lane).then((reply) => this.result(reply) as CallResult & LinkResult)
  }

  act(gen: number, instance: number, action: string, payload: unknown, caller: unknown, lane?: SandboxLane): Promise<LinkResult> {
    const payloadJson = toJson(payload)
    const callerJsonText = callerText(caller)
    if ((payload !== undefined && payloadJson === undefined) || (caller !== undefined && callerJsonText === undefined)) return Promise.resolve(failedCall(UNSERIALIZABLE))
    return this.version.act(gen, instance, action, payloadJson, callerJsonText, lane).then((reply) => this.result(reply))
  }
}

/**
 * Transpiles and loads `sources` into a fresh engine on a sandbox worker.
 * @example
 * const ws = await loadWorkspace(readDemoWorkspace(), { version: 'v1' })
 * const chat = ws.components.find((c) => c.name === 'ProDashboard')
 */
export async function loadWorkspace(sources: WorkspaceSources, options: LoadOptions = {}): Promise<LoadedWorkspace> {
  const deadlineMs = options.deadlineMs ?? DEFAULTS.deadlineMs
  const memoryBytes = options.memoryBytes ?? DEFAULTS.memoryBytes
  const loadDeadlineMs = options.loadDeadlineMs ?? DEFAULTS.loadDeadlineMs
  const { version, reply } = await sandboxPool().load({ sources, deadlineMs, loadDeadlineMs, memoryBytes })
  const link = new VersionLink(version, { deadlineMs, memoryBytes })
  const loaded = reply.load ?? {
    // The load itself was stopped (a top-level built-in that ran past the load deadline): nothing is served from it.
    diagnostics: [{ file: '(workspace)', line: 1, column: 1, severity: 'error' as const, message: reply.f?.message ?? 'The sandbox could not load this workspace' }],
    descriptor: { components: [], providers: [], machines: [], issues: [] },
    loadMs: { transpile: 0, evaluate: reply.ms },
    memoryBytes: 0,
  }
  const descriptor = parseDescriptor(loaded.descriptor)
  // Files that failed, or did not load because another one failed: their missing classes are not news.
  const broken = new Set(loaded.diagnostics.filter((d) => d.severity === 'error' || d.cause !== undefined).map((d) => d.file))
  const extracted = extract(link, descriptor, sources, broken)
  return {
    version: options.version ?? 'draft',
    components: extracted.components,
    providers: extracted.providers,
    machines: extracted.machines,
    diagnostics: dedupe([...loaded.diagnostics, ...extracted.diagnostics]),
    loadMs: loaded.loadMs,
    createInstance: async (componentName, createOptions) => {
      if (!extracted.components.some((c) => c.name === componentName)) {
        return { ok: false, code: 'ERR_SANDBOX_UNKNOWN_COMPONENT', error: `Unknown component '${componentName}'` }
      }
      return createInstance(link, componentName, createOptions)
    },
    ready: () => version.ready(),
    get restarts() {
      return version.restarts
    },
    get generation() {
      return version.generation
    },
    get memoryBytes() {
      return version.memoryBytes
    },
    dispose: () => version.dispose(),
  }
}

/**
 * Starts the sandbox workers and runs a throwaway workspace on each, so the
 * first real load and the first calls are not slowed by lazy compilation.
 */
export async function warmUpSandbox(memoryBytes: number = DEFAULTS.memoryBytes): Promise<void> {
  const pool = sandboxPool()
  const source = { 'warm-up.ts': "import { LiveComponent } from '@fluxstack/live'\nexport class W extends LiveComponent { static auth = { authorize: (a) => a.hasRole('x') } }\n" }
  const all = await Promise.all(Array.from({ length: Math.max(1, pool.workerCount) }, () => loadWorkspace(source, { memoryBytes })))
  for (const ws of all) ws.dispose()
}
