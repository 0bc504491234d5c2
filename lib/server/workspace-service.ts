/**
 * Server glue of the rule studio: the active workspace's files, save (a new
 * version, then the live server hot-loads it), history, restore, draft
 * diagnostics, stored rule tests and the State Backed simulator.
 */
import type { z } from 'zod'
import { MAX_NESTING, nestedDeeperThan } from '../json/nesting'
import type { DiagnosticsResponse, MachinesResponse, SaveResponse, SimResponse, TestsResponse, VersionDoc, WorkspaceDoc, simRequestSchema } from '../api/workspace'
import { diagnoseWorkspace } from '../rules/diagnostics'
import { parseRuleTests, serializeRuleTests, type RuleTest } from '../rules/rule-tests'
import { simulateStateBacked, type SimInstance, type SimRequest } from '../rules/statebacked-sim'
import type { JsonValue } from '../auth'
import type { WorkspaceStore } from '../store/contract'
import type { WorkspaceSummary } from '../store/model/workspace'
import type { VersionProblem } from '../store/version-problems'
import type { WorkspaceFileMap } from '../store/workspace-files'
import { DEMO_RULE_TESTS } from './demo-rule-tests'
import type { StudioRuntime } from './registry'
import { ApiError, BODY_TOO_DEEP } from './token-service'
import { evaluated, loadSources, runTestsFor } from './workspace-analysis'

/** Meta key of a workspace's stored rule tests (also written when a workspace is imported). */
export const testsKey = (workspaceId: string) => `rule-tests:${workspaceId}`

async function summaryOf(runtime: StudioRuntime, workspaces: WorkspaceStore = runtime.store.workspaces): Promise<WorkspaceSummary> {
  const summary = await workspaces.get(runtime.activeWorkspaceId)
  if (!summary) throw new ApiError('NOT_FOUND', 'The active workspace does not exist.')
  return summary
}

/** Refuses a write from a page that loaded another workspace than the active one. */
export function expectWorkspace(runtime: StudioRuntime, workspaceId: string | undefined): void {
  if (workspaceId === undefined || workspaceId === runtime.activeWorkspaceId) return
  throw new ApiError('CONFLICT', `This page edits workspace '${workspaceId}', but the studio now runs '${runtime.activeWorkspaceId}' (switched elsewhere). Nothing was written; reload the page.`)
}

/** `GET /api/workspace/files`. */
export async function readWorkspace(runtime: StudioRuntime): Promise<WorkspaceDoc> {
  const s = await summaryOf(runtime)
  const v = await runtime.store.workspaces.version(s.id, s.currentVersion)
  return { workspaceId: s.id, name: s.name, isDemo: s.isDemo, version: s.currentVersion, files: v.files, updatedAt: s.updatedAt }
}

/** Saves a new version and asks the live server to load it; a load failure is reported, the save stands. */
export async function saveWorkspace(
  runtime: StudioRuntime,
  body: {
    files: WorkspaceFileMap; message?: string | undefined; baseVersion?: number | undefined; workspaceId?: string | undefined
    problems?: VersionProblem[] | undefined
  },
): Promise<SaveResponse> {
  expectWorkspace(runtime, body.workspaceId)
  // The version check and the save are one transaction: no other save lands between them.
  const saved = await runtime.store.transaction(async (tx) => {
    const s = await summaryOf(runtime, tx.workspaces)
    if (body.baseVersion !== undefined && body.baseVersion !== s.currentVersion) {
      throw new ApiError('CONFLICT', `The workspace was saved elsewhere (now version ${s.currentVersion}, you edited version ${body.baseVersion}). Reload to merge.`)
    }
    return tx.workspaces.save(s.id, body.files, body.message ?? '', body.problems ?? [])
  })
  return { version: saved.version, createdAt: saved.createdAt, ...(await reloadHost(runtime, saved.version, saved.problems)) }
}

const LOAD_FAILED = 'The live server could not load this version; see the problems list.'

/**
 * Loads the new current version into the live server and records the load
 * errors it found on the version (they are the studio's own findings: they
 * replace any reported by the page; TypeScript errors reported are kept).
 */
async function reloadHost(runtime: StudioRuntime, version: number, recorded: readonly VersionProblem[]): Promise<{ loadError?: string }> {
  let found: VersionProblem[]
  let loadError: string | undefined
  try {
    const hosted = await runtime.workspaceHost.reload()
    found = hosted.loaded.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ file: d.file, ...(d.line >= 1 ? { line: d.line } : {}), ...(d.column >= 1 ? { column: d.column } : {}), message: d.message.slice(0, 2000), source: 'load' as const }))
  } catch {
    loadError = LOAD_FAILED
    found = [{ file: '(workspace)', message: 'The live server could not load this version', source: 'load' }]
  }
  const problems = [...found, ...recorded.filter((p) => p.source === 'typescript')]
  if (JSON.stringify(problems) !== JSON.stringify(recorded)) {
    try {
      await runtime.store.workspaces.setProblems(runtime.activeWorkspaceId, version, problems.slice(0, 100))
    } catch {
      // The mark is a hint for History; the save itself stands.
    }
  }
  return loadError === undefined ? {} : { loadError }
}

/** `GET /api/workspace/history`. */
export async function workspaceHistory(runtime: StudioRuntime) {
  const s = await summaryOf(runtime)
  return { current: s.currentVersion, versions: (await runtime.store.workspaces.history(s.id)).map(({ version, message, createdAt, problems }) => ({ version, message, createdAt, problems: [...problems] })) }
}

/** `GET /api/workspace/history?version=N`. */
export async function workspaceVersion(runtime: StudioRuntime, version: number): Promise<VersionDoc> {
  const s = await summaryOf(runtime)
  if (!Number.isInteger(version) || version < 1 || version > s.currentVersion) throw new ApiError('NOT_FOUND', `There is no version ${version}.`)
  const v = await runtime.store.workspaces.version(s.id, version)
  return { version: v.version, message: v.message, createdAt: v.createdAt, problems: [...v.problems], files: v.files }
}

/** `POST /api/workspace/restore`: the old version becomes the newest one. */
export async function restoreWorkspace(runtime: StudioRuntime, version: number): Promise<SaveResponse> {
  await workspaceVersion(runtime, version)
  const saved = await runtime.store.workspaces.restore((await summaryOf(runtime)).id, version)
  return { version: saved.version, createdAt: saved.createdAt, ...(await reloadHost(runtime, saved.version, saved.problems)) }
}

/** Studio diagnostics of a draft: loads it in a throwaway sandbox, never in the live server. */
export async function diagnoseDraft(runtime: StudioRuntime, files: WorkspaceFileMap): Promise<DiagnosticsResponse> {
  const ws = await loadSources(files, 'draft')
  try {
    const personas = await runtime.store.personas.list(runtime.activeWorkspaceId)
    const problems = diagnoseWorkspace({ components: ws.components, personas, loadDiagnostics: ws.diagnostics, sources: files })
    return { problems: problems.map((p) => ({ ...p })), components: ws.components.map((c) => c.name), machines: ws.machines.map((m) => m.name) }
  } finally {
    ws.dispose()
  }
}

/** The stored tests; the demo starts with its own until the user saves others. */
export async function storedTests(runtime: StudioRuntime): Promise<RuleTest[]> {
  const s = await summaryOf(runtime)
  const text = await runtime.store.meta.get(testsKey(s.id))
  if (text === undefined) return s.isDemo ? [...DEMO_RULE_TESTS] : []
  const parsed = parseRuleTests(text)
  return parsed.ok ? parsed.value : []
}

/** `GET /api/workspace/tests`: runs the stored tests on the current version. */
export async function runStoredTests(runtime: StudioRuntime, nowMs: number): Promise<TestsResponse> {
  return runTestsFor(runtime, runtime.activeWorkspaceId, await storedTests(runtime), nowMs)
}

/** `PUT /api/workspace/tests`: stores and runs. */
export async function storeTests(runtime: StudioRuntime, tests: RuleTest[], nowMs: number): Promise<TestsResponse> {
  await runtime.store.meta.set(testsKey(runtime.activeWorkspaceId), serializeRuleTests(tests))
  return runTestsFor(runtime, runtime.activeWorkspaceId, tests, nowMs)
}

/** The stored tests plus `test` (renamed `<id>-2`, `-3`... when its id is taken); stores and runs them. */
export async function addTest(runtime: StudioRuntime, test: RuleTest, nowMs: number): Promise<TestsResponse & { added: string }> {
  const existing = await storedTests(runtime)
  if (existing.length >= 5000) throw new ApiError('BAD_REQUEST', 'The workspace already has 5,000 rule tests; remove some first.')
  let id = test.id
  for (let n = 2; existing.some((t) => t.id === id); n++) id = `${test.id}-${n}`
  return { ...(await storeTests(runtime, [...existing, { ...test, id }], nowMs)), added: id }
}

/** `GET /api/workspace/statebacked`. */
export async function listMachines(runtime: StudioRuntime): Promise<MachinesResponse> {
  const s = await summaryOf(runtime)
  const ev = await evaluated(runtime, s.id, s.currentVersion)
  return {
    version: s.currentVersion,
    machines: ev.loaded.machines.map((m) => ({ name: m.name, file: m.file, hasRead: m.allowRead !== undefined, hasWrite: m.allowWrite !== undefined })),
  }
}

/** `POST /api/workspace/statebacked`: the machine's authorizer on the current version. */
export async function simulateMachine(runtime: StudioRuntime, req: z.output<typeof simRequestSchema>): Promise<SimResponse> {
  const s = await summaryOf(runtime)
  const ev = await evaluated(runtime, s.id, s.currentVersion)
  const machine = ev.loaded.machines.find((m) => m.name === req.machine)
  if (!machine) throw new ApiError('NOT_FOUND', `No machine '${req.machine}' in this version.`)
  let payload = req.tokenPayload
  if (payload === undefined) {
    const persona = (await runtime.store.personas.list(s.id)).find((p) => p.id === req.persona)
    if (!persona) throw new ApiError('BAD_REQUEST', 'Pick a persona or give a token payload.')
    payload = persona.claims ?? {}
  }
  // zod checked these are JSON values.
  const json = (v: unknown) => v as JsonValue
  const { state, context } = req.instance
  const instance: SimInstance = { name: req.instance.name, ...(state === undefined ? {} : { state: json(state) }), ...(context === undefined ? {} : { context: json(context) }) }
  const request: SimRequest = req.request.kind === 'write' ? { kind: 'write', event: json(req.request.event) } : { kind: req.request.kind }
  const result = await simulateStateBacked({ machine, instance, request, tokenPayload: payload })
  return JSON.parse(JSON.stringify(result)) as SimResponse
}

/** Workspace bodies are bounded (200 files x 256 KiB is the store's own cap; a request stays far below). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024

/** Reads a JSON body of at most MAX_BODY_BYTES and parses it with `schema` (a ZodError is a 400). */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw new ApiError('BAD_REQUEST', 'The request body is too large.')
  const text = await request.text()
  if (text.length > MAX_BODY_BYTES) throw new ApiError('BAD_REQUEST', 'The request body is too large.')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiError('BAD_REQUEST', 'Send a JSON body.')
  }
  if (nestedDeeperThan(body, MAX_NESTING)) throw new ApiError('BAD_REQUEST', BODY_TOO_DEEP)
  return schema.parse(body)
}
