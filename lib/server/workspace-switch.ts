/**
 * Several workspaces, one active: create a workspace from a portable document
 * (import as a new workspace) and switch which one the studio serves. The
 * choice is kept in the store's meta, so a restart serves the same workspace.
 */
import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { CreateWorkspaceResponse, RenameWorkspaceResponse, SwitchWorkspaceResponse, WorkspaceList, WorkspaceListItem, createWorkspaceRequestSchema } from '../api/workspaces'
import { serializeRuleTests } from '../rules/rule-tests'
import { personaSchema } from '../store/model/persona'
import type { StudioStore } from '../store/contract'
import type { WorkspaceSummary } from '../store/model/workspace'
import type { StudioRuntime } from './registry'
import { DEMO_WORKSPACE_ID } from './seed-demo'
import { ApiError } from './token-service'
import { testsKey } from './workspace-service'

/** Meta key holding the active workspace's id. */
export const ACTIVE_WORKSPACE_META = 'active_workspace'
/** Imports are cheap to make; keep the store from growing without bound. */
export const MAX_WORKSPACES = 50

/** The workspace to serve at start: the remembered one if it still exists, else the demo. */
export async function activeWorkspaceAtStart(store: StudioStore): Promise<string> {
  const id = await store.meta.get(ACTIVE_WORKSPACE_META)
  return id !== undefined && (await store.workspaces.get(id)) ? id : DEMO_WORKSPACE_ID
}

const item = (s: WorkspaceSummary): WorkspaceListItem => ({
  id: s.id, name: s.name, isDemo: s.isDemo, currentVersion: s.currentVersion, fileCount: s.fileCount, createdAt: s.createdAt,
})

/** `GET /api/workspaces`. */
export async function listWorkspaces(runtime: StudioRuntime): Promise<WorkspaceList> {
  return { active: runtime.activeWorkspaceId, workspaces: (await runtime.store.workspaces.list()).map(item) }
}

async function activate(runtime: StudioRuntime, id: string): Promise<{ loadError?: string }> {
  await runtime.store.meta.set(ACTIVE_WORKSPACE_META, id)
  try {
    await runtime.workspaceHost.switchTo(id)
    return {}
  } catch {
    return { loadError: 'The live server could not load this workspace; open /rules to see its problems.' }
  }
}

async function mustExist(runtime: StudioRuntime, id: string): Promise<WorkspaceSummary> {
  const found = await runtime.store.workspaces.get(id)
  if (!found) throw new ApiError('NOT_FOUND', `No workspace with id ${JSON.stringify(id)}.`)
  return found
}

/** `POST /api/workspaces/active`. */
export async function switchWorkspace(runtime: StudioRuntime, id: string): Promise<SwitchWorkspaceResponse> {
  await mustExist(runtime, id)
  const result = await activate(runtime, id)
  return { active: runtime.activeWorkspaceId, ...result }
}

/**
 * `POST /api/workspaces`: one transaction creates the workspace (version 1),
 * its personas, its rule tests and a fresh HS256 key; a bad persona fails the
 * whole request and nothing is written.
 */
export async function createWorkspace(
  runtime: StudioRuntime,
  body: z.output<typeof createWorkspaceRequestSchema>,
  now: Date,
): Promise<CreateWorkspaceResponse> {
  const { store } = runtime
  const { document: doc } = body
  if ((await store.workspaces.list()).length >= MAX_WORKSPACES) throw new ApiError('CONFLICT', `The studio already holds ${MAX_WORKSPACES} workspaces.`)
  // The store's persona rules are stricter than the portable format's: check all first.
  const personas = doc.personas.map((p, i) => {
    const parsed = personaSchema.safeParse(p)
    if (!parsed.success) throw new ApiError('BAD_REQUEST', `"document.personas.${i}" (${p.id}): ${parsed.error.issues[0]?.message ?? 'not a valid persona'}`)
    return parsed.data
  })
  const id = `ws-${randomBytes(6).toString('hex')}`
  const kid = `${id}-hs256`
  const summary = await store.transaction(async (tx) => {
    const created = await tx.workspaces.create({ id, name: doc.name, files: doc.files, message: `Imported "${doc.name}"` })
    for (const persona of personas) await tx.personas.upsert(id, persona)
    await tx.meta.set(testsKey(id), serializeRuleTests(doc.ruleTests))
    await tx.keys.add(id, {
      kid,
      alg: 'HS256',
      kty: 'oct',
      label: 'HS256 key (generated when the workspace was imported)',
      publicJwk: null,
      privateJwk: { kty: 'oct', k: randomBytes(32).toString('base64url'), kid, alg: 'HS256' },
      createdAt: now.toISOString(),
    })
    return created
  })
  const result = body.activate ? await activate(runtime, id) : {}
  return { workspace: item(summary), active: runtime.activeWorkspaceId, kid, ...result }
}


/** `PATCH /api/workspaces/:id`. */
export async function renameWorkspace(runtime: StudioRuntime, id: string, name: string): Promise<RenameWorkspaceResponse> {
  await mustExist(runtime, id)
  return { workspace: item(await runtime.store.workspaces.rename(id, name)) }
}

/**
 * `DELETE /api/workspaces/:id`: the workspace, its history, personas, keys and
 * rule tests. The decision log keeps the decisions made with it (they are history).
 * The served workspace and the demo cannot be deleted.
 */
export async function deleteWorkspace(runtime: StudioRuntime, id: string): Promise<WorkspaceList> {
  const found = await mustExist(runtime, id)
  if (found.isDemo) throw new ApiError('CONFLICT', 'The demo workspace cannot be deleted: it is the studio\'s reference workspace.')
  if (id === runtime.activeWorkspaceId) throw new ApiError('CONFLICT', 'This workspace is the one the studio serves; switch to another workspace before deleting it.')
  await runtime.store.transaction(async (tx) => {
    await tx.workspaces.remove(id)
    await tx.meta.delete(testsKey(id))
  })
  return listWorkspaces(runtime)
}
