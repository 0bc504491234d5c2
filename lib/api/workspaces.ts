/**
 * Shapes of the workspace list APIs (`/api/workspaces`): list, create from a
 * portable document (import as a new workspace) and switch the active one.
 * Browser-safe: zod only.
 */
import { z } from 'zod'
import { workspaceDocumentSchema } from '../rules/workspace-doc'

export const workspaceListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  isDemo: z.boolean(),
  currentVersion: z.number().int(),
  fileCount: z.number().int(),
  createdAt: z.string(),
})
export type WorkspaceListItem = z.infer<typeof workspaceListItemSchema>

/** `GET /api/workspaces`: every workspace and which one the studio serves. */
export const workspaceListSchema = z.object({ active: z.string(), workspaces: z.array(workspaceListItemSchema) })
export type WorkspaceList = z.infer<typeof workspaceListSchema>

/**
 * `POST /api/workspaces`: a new workspace from an exported document (files,
 * personas, rule tests). The document format has no field for keys; the server
 * generates a fresh HS256 signing key. `activate` switches to it at once.
 */
export const createWorkspaceRequestSchema = z.strictObject({
  document: workspaceDocumentSchema,
  activate: z.boolean().optional(),
})
export type CreateWorkspaceRequest = z.input<typeof createWorkspaceRequestSchema>

export const createWorkspaceResponseSchema = z.object({
  workspace: workspaceListItemSchema,
  active: z.string(),
  /** The signing key generated for the new workspace (its kid; the secret stays on the server). */
  kid: z.string(),
  /** Set when the workspace was created and activated but the live server could not load it. */
  loadError: z.string().optional(),
})
export type CreateWorkspaceResponse = z.infer<typeof createWorkspaceResponseSchema>

/** `POST /api/workspaces/active`: serve another workspace (kept across restarts). */
export const switchWorkspaceRequestSchema = z.strictObject({ id: z.string().min(1).max(100) })
export const switchWorkspaceResponseSchema = z.object({ active: z.string(), loadError: z.string().optional() })
export type SwitchWorkspaceResponse = z.infer<typeof switchWorkspaceResponseSchema>

/** `PATCH /api/workspaces/:id`: rename. */
export const renameWorkspaceRequestSchema = z.strictObject({ name: z.string().trim().min(1, 'A name is required').max(100, 'At most 100 characters') })
export const renameWorkspaceResponseSchema = z.object({ workspace: workspaceListItemSchema })
export type RenameWorkspaceResponse = z.infer<typeof renameWorkspaceResponseSchema>

/** `DELETE /api/workspaces/:id`: the remaining list. */
export const deleteWorkspaceResponseSchema = workspaceListSchema
