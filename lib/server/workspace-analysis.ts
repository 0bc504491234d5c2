/**
 * Evaluates saved workspace versions for the rule studio: persona contexts,
 * the decision matrix (with flips against the previous version) and rule
 * tests. The active workspace's current version comes from the live server's
 * workspace host; other versions load in a throwaway sandbox, cached briefly.
 */
import { anonymousContext, createAuthContext, type JsonValue, type LiveAuthContext, type LiveAuthSession, type ProfileId } from '../auth'
import { buildMatrix, type DecisionMatrix } from '../rules/matrix'
import { matrixDelta } from '../rules/matrix-diff'
import { compareProfiles } from '../rules/profile-diff'
import type { EngineInputs } from '../rules/decide'
import { runRuleTests } from '../rules/rule-test-runner'
import type { RuleTest } from '../rules/rule-tests'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { LoadedWorkspace, WorkspaceSources } from '../sandbox'
import type * as SandboxNs from '../sandbox'
import { sessionFromClaims } from '../tokens'
import { parseLiveSettings, sessionMappingOf, type LiveSettings } from '../live/server/live-settings'
import type { MatrixResponse, ProfileCompareResponse, TestsResponse } from '../api/workspace'
import type { PersonaRecord } from '../store/model/persona'
import type { StudioRuntime } from './registry'

interface Evaluated {
  readonly loaded: LoadedWorkspace
  readonly settings: LiveSettings
}

type SandboxModule = typeof SandboxNs
let sandbox: Promise<SandboxModule> | undefined

/**
 * Loads sources in a throwaway sandbox. The sandbox module is imported at run
 * time from the process (the server runs under tsx), not from Next's bundled
 * copy of lib/: bundled, quickjs cannot find its .wasm file. The live server's
 * workspace host loads the same way.
 */
export async function loadSources(files: WorkspaceSources, version: string): Promise<LoadedWorkspace> {
  sandbox ??= import(/* turbopackIgnore: true */ /* webpackIgnore: true */ pathToFileURL(path.join(process.cwd(), 'lib', 'sandbox', 'index.ts')).href) as Promise<SandboxModule>
  sandbox.catch(() => {
    sandbox = undefined
  })
  const mod = (await sandbox) as SandboxModule & { default?: SandboxModule }
  // tsx hands a CommonJS module's exports over as `default`.
  const load = typeof mod.loadWorkspace === 'function' ? mod.loadWorkspace : mod.default?.loadWorkspace
  if (!load) throw new Error('The sandbox module has no loadWorkspace')
  return load(files, { version })
}

// Old versions are loaded on demand (flips need the previous one); a few stay warm.
const CACHE_SIZE = 3
const cache = new Map<string, Promise<LoadedWorkspace>>()

function loadCached(runtime: StudioRuntime, workspaceId: string, version: number): Promise<LoadedWorkspace> {
  const key = `${workspaceId}@${version}`
  const hit = cache.get(key)
  if (hit) return hit
  // Cached before the store answers, so concurrent callers share one load.
  const promise = runtime.store.workspaces.version(workspaceId, version).then((v) => loadSources(v.files, String(version)))
  promise.catch(() => cache.delete(key))
  cache.set(key, promise)
  while (cache.size > CACHE_SIZE) {
    const [oldest, old] = cache.entries().next().value as [string, Promise<LoadedWorkspace>]
    cache.delete(oldest)
    // Give in-flight evaluations on the evicted version time to finish.
    void old.then((ws) => setTimeout(() => ws.dispose(), 5_000), () => {})
  }
  return promise
}

/**
 * The loaded version: the live server's when it is the active workspace's current one.
 * Any other version is decided with the workspace's settings too (its profile and
 * claim mapping), so comparing two versions compares their code, not two profiles.
 */
export async function evaluated(runtime: StudioRuntime, workspaceId: string, version: number): Promise<Evaluated> {
  if (workspaceId === runtime.activeWorkspaceId) {
    const hosted = await runtime.workspaceHost.current()
    if (hosted.version === version) return { loaded: hosted.loaded, settings: hosted.settings }
  }
  return { loaded: await loadCached(runtime, workspaceId, version), settings: parseLiveSettings(await runtime.store.workspaces.settings(workspaceId)) }
}

/**
 * A persona's context as AUTH would build it (minus token verification): claims
 * through the workspace's providers in order, else the settings' claim mapping.
 */
export async function personaContext(ev: Evaluated, persona: PersonaRecord, nowMs: number): Promise<LiveAuthContext> {
  if (persona.claims === null) return anonymousContext()
  const claims = persona.claims
  for (const provider of ev.loaded.providers) {
    try {
      const snapshot = await provider.authenticate({ claims })
      if (snapshot?.authenticated === true && snapshot.session !== undefined) {
        return createAuthContext(snapshot.session, undefined, nowMs, provider.name)
      }
    } catch {
      // As on the live server: a provider that throws is skipped.
    }
  }
  if (ev.loaded.providers.length === 0) {
    const mapped = sessionFromClaims(claims, sessionMappingOf(ev.settings.jwt))
    if (mapped.ok) return createAuthContext(mapped.session as LiveAuthSession, undefined, nowMs, 'jwt')
  }
  return anonymousContext()
}

function engineInputs(ev: Evaluated, personas: readonly PersonaRecord[], nowMs: number): EngineInputs<PersonaRecord> {
  return {
    components: ev.loaded.components,
    providers: ev.loaded.providers,
    personas,
    profile: ev.settings.profile,
    contextFor: (p) => personaContext(ev, p, nowMs),
  }
}

/** Decisions are JSON by contract; the round trip drops frozen wrappers and undefined fields. */
const toJson = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T

/** Payload per action column key, as the matrix page sends it (JSON values: the API's schema checked them). */
export type ColumnPayloads = Readonly<Record<string, unknown>>

async function matrixOf(
  runtime: StudioRuntime, workspaceId: string, version: number, personas: readonly PersonaRecord[], nowMs: number, payloads: ColumnPayloads,
): Promise<DecisionMatrix & { readonly profile: ProfileId }> {
  const ev = await evaluated(runtime, workspaceId, version)
  const matrix = await buildMatrix(engineInputs(ev, personas, nowMs), { payloads: payloads as Readonly<Record<string, JsonValue>> })
  return { ...matrix, profile: ev.settings.profile }
}

const statusOf = (cell: { verdict: 'allow' | 'deny'; unreachable?: unknown }) => (cell.unreachable !== undefined ? 'unreachable' as const : cell.verdict)

/**
 * The matrix of the current version (action columns decided with `payloads`), the cells
 * whose access flipped since the previous version and the components and actions that
 * appeared or disappeared (both versions decided with the same payloads).
 */
export async function matrixFor(runtime: StudioRuntime, workspaceId: string, nowMs: number, payloads: ColumnPayloads = {}): Promise<MatrixResponse> {
  const summary = await runtime.store.workspaces.get(workspaceId)
  if (!summary) throw new Error(`No workspace ${workspaceId}`)
  const personas = await runtime.store.personas.list(workspaceId)
  const version = summary.currentVersion
  const matrix = await matrixOf(runtime, workspaceId, version, personas, nowMs, payloads)
  const previousVersion = version > 1 ? version - 1 : null
  let flips: MatrixResponse['flips'] = []
  let changes: MatrixResponse['changes'] = null
  if (previousVersion !== null) {
    try {
      const before = await matrixOf(runtime, workspaceId, previousVersion, personas, nowMs, payloads)
      const delta = matrixDelta(before, matrix)
      flips = delta.flips.map((f) => ({ persona: f.persona, key: f.column.key, change: f.change, before: statusOf(f.before), after: statusOf(f.after) }))
      changes = { addedComponents: [...delta.addedComponents], removedComponents: [...delta.removedComponents], addedActions: [...delta.addedActions], removedActions: [...delta.removedActions] }
    } catch {
      // A previous version that no longer loads has nothing to compare against.
    }
  }
  return toJson<MatrixResponse>({
    workspaceId, version, previousVersion, profile: matrix.profile,
    personas: personas.map((p) => ({ id: p.id, label: p.label })),
    columns: matrix.columns,
    cells: matrix.cells.map((row) => row.map((c) => ({
      verdict: c.verdict, decidedBy: c.decidedBy, reason: c.reason, decision: c.decision, unreachable: c.unreachable, undefinedAllow: c.undefinedAllow,
    }))),
    flips,
    changes,
  })
}

/**
 * What switching the workspace's ordering profile to `to` would change on its current
 * version: every persona x (mount | action) decided under both profiles. Nothing is switched.
 */
export async function profileComparisonFor(
  runtime: StudioRuntime, workspaceId: string, to: ProfileId, nowMs: number, payloads: ColumnPayloads = {},
): Promise<ProfileCompareResponse> {
  const summary = await runtime.store.workspaces.get(workspaceId)
  if (!summary) throw new Error(`No workspace ${workspaceId}`)
  const personas = await runtime.store.personas.list(workspaceId)
  const ev = await evaluated(runtime, workspaceId, summary.currentVersion)
  const from = parseLiveSettings(await runtime.store.workspaces.settings(workspaceId)).profile
  const result = await compareProfiles(engineInputs(ev, personas, nowMs), from, to, { payloads: payloads as Readonly<Record<string, JsonValue>> })
  const labels = new Map(personas.map((p) => [p.id, p.label]))
  return toJson<ProfileCompareResponse>({
    workspaceId, version: summary.currentVersion, from, to, compared: result.compared,
    changes: result.changes.map((c) => ({ ...c, personaLabel: labels.get(c.persona) ?? c.persona })),
  })
}

/** Runs `tests` on the workspace's current version. */
export async function runTestsFor(runtime: StudioRuntime, workspaceId: string, tests: readonly RuleTest[], nowMs: number): Promise<TestsResponse> {
  const summary = await runtime.store.workspaces.get(workspaceId)
  if (!summary) throw new Error(`No workspace ${workspaceId}`)
  const ev = await evaluated(runtime, workspaceId, summary.currentVersion)
  const run = await runRuleTests(tests, engineInputs(ev, await runtime.store.personas.list(workspaceId), nowMs), { loadErrors: ev.loaded.diagnostics })
  return toJson<TestsResponse>({
    version: summary.currentVersion,
    tests,
    results: run.results.map((r) => ({
      id: r.test.id, status: r.status,
      ...(r.status === 'pass' ? {} : { message: r.message }),
      ...(r.status === 'error' ? {} : { decision: r.decision }),
    })),
    passed: run.passed, failed: run.failed, errors: run.errors,
  })
}
