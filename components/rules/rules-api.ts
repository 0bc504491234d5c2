/** Browser calls to /api/workspace/*; answers are schema-checked, failures are values with a message for the screen. */
import {
  diagnosticsResponseSchema, historyResponseSchema, machinesResponseSchema, matrixResponseSchema, saveResponseSchema,
  simResponseSchema, testsPostResponseSchema, testsResponseSchema, versionResponseSchema, workspaceDocSchema,
  type DiagnosticsResponse, type MachinesResponse, type MatrixResponse, type SaveRequest, type SaveResponse,
  type SimRequestBody, type SimResponse, type TestsResponse, type VersionDoc, type WorkspaceDoc,
} from '@/lib/api/workspace'
import {
  createWorkspaceResponseSchema, deleteWorkspaceResponseSchema, renameWorkspaceResponseSchema, switchWorkspaceResponseSchema, workspaceListSchema,
  type CreateWorkspaceResponse, type RenameWorkspaceResponse, type SwitchWorkspaceResponse, type WorkspaceList,
} from '@/lib/api/workspaces'
import type { RuleTest } from '@/lib/rules/rule-tests'
import type { WorkspaceDocument } from '@/lib/rules/workspace-doc'
import { callApi, jsonRequest, type ApiResult } from '@/lib/api/call'

export type { ApiResult }

const call = callApi
const send = jsonRequest

export const fetchWorkspace = (): Promise<ApiResult<WorkspaceDoc>> => call('/api/workspace/files', workspaceDocSchema)
export const saveWorkspace = (req: SaveRequest): Promise<ApiResult<SaveResponse>> => call('/api/workspace/save', saveResponseSchema, send('POST', req))
export const fetchHistory = () => call('/api/workspace/history', historyResponseSchema)
export const fetchVersion = (version: number): Promise<ApiResult<VersionDoc>> => call(`/api/workspace/history?version=${version}`, versionResponseSchema)
export const restoreVersion = (version: number, workspaceId?: string): Promise<ApiResult<SaveResponse>> => call('/api/workspace/restore', saveResponseSchema, send('POST', { version, workspaceId }))
export const fetchDiagnostics = (files: Record<string, string>): Promise<ApiResult<DiagnosticsResponse>> =>
  call('/api/workspace/diagnostics', diagnosticsResponseSchema, send('POST', { files }))
export const fetchTests = (): Promise<ApiResult<TestsResponse>> => call('/api/workspace/tests', testsResponseSchema)
export const putTests = (tests: readonly RuleTest[], workspaceId?: string): Promise<ApiResult<TestsResponse>> => call('/api/workspace/tests', testsResponseSchema, send('PUT', { tests, workspaceId }))
/** Adds one test (never overwrites others; a taken id gets a suffix). */
export const postTest = (test: RuleTest | Record<string, unknown>, workspaceId?: string): Promise<ApiResult<TestsResponse & { added: string }>> =>
  call('/api/workspace/tests', testsPostResponseSchema, send('POST', { test, workspaceId }))
/** The matrix with a payload per action column (none: every action is called without one). */
export const fetchMatrix = (payloads: Readonly<Record<string, unknown>> = {}, workspaceId?: string): Promise<ApiResult<MatrixResponse>> =>
  call('/api/workspace/matrix', matrixResponseSchema, send('POST', { payloads, workspaceId }))
export const fetchMachines = (): Promise<ApiResult<MachinesResponse>> => call('/api/workspace/statebacked', machinesResponseSchema)
export const simulate = (req: SimRequestBody): Promise<ApiResult<SimResponse>> => call('/api/workspace/statebacked', simResponseSchema, send('POST', req))
export const fetchWorkspaces = (): Promise<ApiResult<WorkspaceList>> => call('/api/workspaces', workspaceListSchema)
/** Imports a document as a new workspace (a fresh signing key is made on the server); `activate` switches to it. */
export const createWorkspace = (document: WorkspaceDocument, activate: boolean): Promise<ApiResult<CreateWorkspaceResponse>> =>
  call('/api/workspaces', createWorkspaceResponseSchema, send('POST', { document, activate }))
export const switchWorkspace = (id: string): Promise<ApiResult<SwitchWorkspaceResponse>> => call('/api/workspaces/active', switchWorkspaceResponseSchema, send('POST', { id }))
export const renameWorkspace = (id: string, name: string): Promise<ApiResult<RenameWorkspaceResponse>> =>
  call(`/api/workspaces/${encodeURIComponent(id)}`, renameWorkspaceResponseSchema, send('PATCH', { name }))
export const deleteWorkspace = (id: string): Promise<ApiResult<WorkspaceList>> =>
  call(`/api/workspaces/${encodeURIComponent(id)}`, deleteWorkspaceResponseSchema, { method: 'DELETE' })
