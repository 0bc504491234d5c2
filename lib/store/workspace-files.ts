import { z } from 'zod'

/** Limits that keep one workspace small enough to load in the sandbox quickly. */
export const WORKSPACE_LIMITS = { maxFiles: 200, maxFileBytes: 256 * 1024, maxPathLength: 200 } as const

const filePath = z
  .string()
  .min(1)
  .max(WORKSPACE_LIMITS.maxPathLength)
  .regex(/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*\.ts$/, 'paths are relative, use / and end in .ts')
  .refine((p) => !p.split('/').some((seg) => seg === '..' || seg === '.'), 'paths cannot contain . or ..')

/** path -> TypeScript source, validated at every boundary (API, import, store). */
export const workspaceFilesSchema = z
  .record(filePath, z.string().max(WORKSPACE_LIMITS.maxFileBytes, 'a file is larger than 256 KiB'))
  .refine((files) => Object.keys(files).length <= WORKSPACE_LIMITS.maxFiles, 'a workspace holds at most 200 files')

export type WorkspaceFileMap = z.infer<typeof workspaceFilesSchema>
