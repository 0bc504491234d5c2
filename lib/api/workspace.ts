/**
 * Shapes of the rule studio's workspace APIs (`/api/workspace/*`): files,
 * save, history, restore, draft diagnostics, rule tests, the decision matrix
 * and the State Backed simulator. Browser-safe: zod only.
 */
import { z } from 'zod'
import { decisionSchema } from './decide'
import { ruleTestSchema } from '../rules/rule-tests'
import { versionProblemsSchema } from '../store/version-problems'
import { workspaceFilesSchema } from '../store/workspace-files'

export { workspaceFilesSchema }

const isoDate = z.string()
const version = z.number().int().min(1)
const profileId = z.enum(['documented', 'fluxstack-live@0.11'])

/** `GET /api/workspace/files`: the active workspace at its current version. */
export const workspaceDocSchema = z.object({
  workspaceId: z.string(),
  name: z.string(),
  isDemo: z.boolean(),
  version,
  files: z.record(z.string(), z.string()),
  updatedAt: isoDate,
})
export type WorkspaceDoc = z.infer<typeof workspaceDocSchema>

/**
 * The workspace a page edits. Writes that carry it are refused (409) when the
 * studio's active workspace changed since (switched in another tab), so an open
 * page never writes into a workspace it did not load.
 */
const workspaceId = z.string().min(1).max(100).optional()

/** `POST /api/workspace/save`: every save is a new version; `baseVersion` guards against overwriting a newer save. */
export const saveRequestSchema = z.strictObject({
  files: workspaceFilesSchema,
  message: z.string().max(200).optional(),
  baseVersion: version.optional(),
  workspaceId,
  /** The errors the user chose to save with (the studio adds the load errors it finds itself): the version is marked broken. */
  problems: versionProblemsSchema.optional(),
})
export type SaveRequest = z.input<typeof saveRequestSchema>

export const saveResponseSchema = z.object({
  version,
  createdAt: isoDate,
  /** Set when the new version was saved but the live server could not load it (see the diagnostics). */
  loadError: z.string().optional(),
})
export type SaveResponse = z.infer<typeof saveResponseSchema>

/** A version in History; `problems` are the errors it was saved with (any: it is broken). */
export const versionSummarySchema = z.object({ version, message: z.string(), createdAt: isoDate, problems: versionProblemsSchema.default([]) })
export type VersionSummary = z.infer<typeof versionSummarySchema>

/** `GET /api/workspace/history` (newest first); `?version=N` answers one version with its files. */
export const historyResponseSchema = z.object({ current: version, versions: z.array(versionSummarySchema) })
export const versionResponseSchema = versionSummarySchema.extend({ files: z.record(z.string(), z.string()) })
export type VersionDoc = z.infer<typeof versionResponseSchema>

/** `POST /api/workspace/restore`: saves an old version again as the newest one. */
export const restoreRequestSchema = z.strictObject({ version, workspaceId })

export const problemSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
})
export type ProblemView = z.infer<typeof problemSchema>

/** `POST /api/workspace/diagnostics`: studio diagnostics of a draft (loaded in a throwaway sandbox). */
export const diagnosticsRequestSchema = z.strictObject({ files: workspaceFilesSchema })
export const diagnosticsResponseSchema = z.object({
  problems: z.array(problemSchema),
  components: z.array(z.string()),
  machines: z.array(z.string()),
})
export type DiagnosticsResponse = z.infer<typeof diagnosticsResponseSchema>

export const ruleTestResultSchema = z.object({
  id: z.string(),
  status: z.enum(['pass', 'fail', 'error']),
  message: z.string().optional(),
  decision: decisionSchema.optional(),
})
export type RuleTestResultView = z.infer<typeof ruleTestResultSchema>

/** `GET /api/workspace/tests` runs the stored tests on the current version; `PUT` stores new tests and runs them. */
export const testsResponseSchema = z.object({
  version,
  tests: z.array(ruleTestSchema),
  results: z.array(ruleTestResultSchema),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
})
export type TestsResponse = z.infer<typeof testsResponseSchema>
export const testsPutRequestSchema = z.strictObject({ tests: z.array(ruleTestSchema).max(5000), workspaceId })
/** `POST /api/workspace/tests`: adds one test ("save as test" from a trace); a taken id gets a -2, -3... suffix. */
export const testsPostRequestSchema = z.strictObject({ test: ruleTestSchema, workspaceId })
export const testsPostResponseSchema = testsResponseSchema.extend({ added: z.string() })

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]))

/** Payload per action column key ('LiveAdminPanel.delete'); a column without one is called without a payload. */
export const matrixPayloadsSchema = z
  .record(z.string().min(1).max(400), jsonValue)
  .refine((r) => Object.keys(r).length <= 500, 'At most 500 column payloads')

/** `POST /api/workspace/matrix`: the matrix with the given payloads (GET: without any). */
export const matrixRequestSchema = z.strictObject({ payloads: matrixPayloadsSchema.default({}), workspaceId })

export const matrixColumnSchema = z.object({
  key: z.string(),
  component: z.string(),
  kind: z.enum(['mount', 'action']),
  action: z.string().optional(),
  /** Action columns: the payload the column's cells were decided with (absent: none). */
  payload: jsonValue.optional(),
})
export type MatrixColumnView = z.infer<typeof matrixColumnSchema>

/** The denied mount that makes an action cell unreachable. */
export const mountBlockSchema = z.object({ decidedBy: z.string().optional(), reason: z.string().optional() })

/** An allow that holds only while payload fields the rule read are undefined (lib/rules/undefined-allow.ts). */
export const undefinedAllowSchema = z.object({
  payloadFields: z.array(z.string()),
  sessionFields: z.array(z.string()),
  anonymous: z.boolean(),
  probe: z.object({ payload: jsonValue, decidedBy: z.string().optional(), reason: z.string().optional() }),
})
export type UndefinedAllowView = z.infer<typeof undefinedAllowSchema>

export const matrixCellSchema = z.object({
  /** The engine's verdict; for an unreachable action, what it would be if the component were mounted. */
  verdict: z.enum(['allow', 'deny']),
  decidedBy: z.string().optional(),
  reason: z.string().optional(),
  decision: decisionSchema,
  unreachable: mountBlockSchema.optional(),
  undefinedAllow: undefinedAllowSchema.optional(),
})
export type MatrixCellView = z.infer<typeof matrixCellSchema>

/** A cell as access: allowed, denied, or unreachable (the persona cannot mount the component). */
export const cellStatusSchema = z.enum(['allow', 'deny', 'unreachable'])

/** `GET|POST /api/workspace/matrix`: personas x (mount | public action) on the current version, with what changed since the previous one. */
export const matrixResponseSchema = z.object({
  workspaceId: z.string(),
  version,
  previousVersion: version.nullable(),
  /** The ordering profile the cells were decided with (the workspace's settings). */
  profile: profileId,
  personas: z.array(z.object({ id: z.string(), label: z.string() })),
  columns: z.array(matrixColumnSchema),
  cells: z.array(z.array(matrixCellSchema)),
  flips: z.array(z.object({ persona: z.string(), key: z.string(), change: z.enum(['widened', 'narrowed']), before: cellStatusSchema, after: cellStatusSchema })),
  /** Components and actions that appeared or disappeared since the previous version (null: nothing to compare with). */
  changes: z.object({
    addedComponents: z.array(z.string()),
    removedComponents: z.array(z.string()),
    addedActions: z.array(z.string()),
    removedActions: z.array(z.string()),
  }).nullable(),
})
export type MatrixResponse = z.infer<typeof matrixResponseSchema>

const profileOutcomeSchema = z.object({ verdict: z.enum(['allow', 'deny']), decidedBy: z.string().optional(), reason: z.string().optional() })

/** `POST /api/workspace/matrix/profiles`: what switching the active workspace to `to` would change (nothing is switched). */
export const profileCompareRequestSchema = z.strictObject({ to: profileId, payloads: matrixPayloadsSchema.default({}), workspaceId })
export const profileCompareResponseSchema = z.object({
  workspaceId: z.string(),
  version,
  from: profileId,
  to: profileId,
  compared: z.number().int(),
  changes: z.array(z.object({
    persona: z.string(),
    personaLabel: z.string(),
    component: z.string(),
    kind: z.enum(['mount', 'action']),
    action: z.string().optional(),
    /** False: the action has an actionAuth entry but is not in publicActions (not a matrix column). */
    listed: z.boolean(),
    before: profileOutcomeSchema,
    after: profileOutcomeSchema,
    unreachable: mountBlockSchema.optional(),
  })),
})
export type ProfileCompareResponse = z.infer<typeof profileCompareResponseSchema>

/** `GET /api/workspace/statebacked`: the machines with authorizers. */
export const machinesResponseSchema = z.object({
  version,
  machines: z.array(z.object({ name: z.string(), file: z.string(), hasRead: z.boolean(), hasWrite: z.boolean() })),
})
export type MachinesResponse = z.infer<typeof machinesResponseSchema>

/** `POST /api/workspace/statebacked`: one simulated read / write / initialization. */
export const simRequestSchema = z.strictObject({
  machine: z.string().min(1).max(200),
  instance: z.strictObject({ name: z.string().min(1).max(200), state: jsonValue.optional(), context: jsonValue.optional() }),
  request: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('read') }),
    z.strictObject({ kind: z.literal('write'), event: jsonValue }),
    z.strictObject({ kind: z.literal('initialization') }),
  ]),
  /** Whose token: a persona's claims, or a token payload given as JSON. */
  persona: z.string().min(1).max(64).optional(),
  tokenPayload: z.record(z.string(), z.unknown()).optional(),
})
export type SimRequestBody = z.input<typeof simRequestSchema>

export const simResponseSchema = z.object({
  verdict: z.enum(['allow', 'deny']),
  reason: z.string(),
  authContext: jsonValue.nullable(),
  trace: z.array(z.object({ step: z.string(), outcome: z.enum(['pass', 'deny', 'error']), detail: z.string(), inputs: jsonValue.optional() })),
})
export type SimResponse = z.infer<typeof simResponseSchema>
