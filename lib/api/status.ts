import { z } from 'zod'

/** `GET /api/health`: liveness. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeS: z.number().nonnegative(),
})
export type Health = z.infer<typeof healthSchema>

/** `GET /api/status`: what the Overview shows, refreshed live. */
export const statusSchema = z.object({
  version: z.string(),
  uptimeS: z.number().nonnegative(),
  liveConnections: z.number().int().nonnegative(),
  store: z.object({ file: z.string(), sizeBytes: z.number().int().nonnegative(), schemaVersion: z.number().int() }),
  workspace: z
    .object({ id: z.string(), name: z.string(), fileCount: z.number().int(), version: z.number().int(), updatedAt: z.string() })
    .nullable(),
  adminTokenRequired: z.boolean(),
  host: z.string(),
})
export type Status = z.infer<typeof statusSchema>
