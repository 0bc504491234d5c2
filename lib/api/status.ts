import { z } from 'zod'

/** `GET /api/health`: liveness. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeS: z.number().nonnegative(),
})
export type Health = z.infer<typeof healthSchema>

/** `GET /api/status`: what the Overview shows, refreshed live. */
/** One upstream of the recording proxy (lib/live/proxy/proxy-stats.ts). */
export const upstreamFiguresSchema = z.object({
  name: z.string(),
  open: z.number().int().nonnegative(),
  connections: z.number().int().nonnegative(),
  failedConnects: z.number().int().nonnegative(),
  framesIn: z.number().int().nonnegative(),
  framesOut: z.number().int().nonnegative(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  binaryFrames: z.number().int().nonnegative(),
  binaryBytes: z.number().int().nonnegative(),
  uploadChunks: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  decisions: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
  mismatches: z.number().int().nonnegative(),
  refusedBeforeDecision: z.number().int().nonnegative(),
  unpredicted: z.number().int().nonnegative(),
  unobserved: z.number().int().nonnegative().default(0),
  unanswered: z.number().int().nonnegative().default(0),
})
export type UpstreamFiguresView = z.infer<typeof upstreamFiguresSchema>

export const statusSchema = z.object({
  version: z.string(),
  uptimeS: z.number().nonnegative(),
  liveConnections: z.number().int().nonnegative(),
  store: z.object({
    /** Which implementation holds the store: the embedded SQLite file or Postgres (STUDIO_DATABASE_URL). */
    kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** The SQLite file, or the Postgres URL without its password. */
    file: z.string(),
    /** The database file plus its write-ahead log. */
    sizeBytes: z.number().int().nonnegative(),
    databaseBytes: z.number().int().nonnegative(),
    walBytes: z.number().int().nonnegative(),
    schemaVersion: z.number().int(),
  }),
  /** The decision log's retention in force: the default until one is set on the Traces page. */
  retention: z.object({ maxDays: z.number().optional(), maxRows: z.number().optional(), source: z.enum(['default', 'set']) }),
  workspace: z
    .object({ id: z.string(), name: z.string(), fileCount: z.number().int(), version: z.number().int(), updatedAt: z.string() })
    .nullable(),
  adminTokenRequired: z.boolean(),
  host: z.string(),
  /** The sandbox's workers and what the live server refused to protect everyone else, since start. */
  sandbox: z.object({
    workers: z.number().int().nonnegative(),
    /** Workers stopped by the watchdog (or lost) and replaced. */
    replacements: z.number().int().nonnegative(),
    /** Engine rebuilds of the served workspace version (out of memory, crash, replaced worker). */
    restarts: z.number().int().nonnegative(),
    /** Components unmounted for holding too much state. */
    refusedInstances: z.number().int().nonnegative(),
    /** Messages refused because a sandbox time budget was used up. */
    budgetRefusals: z.number().int().nonnegative(),
    /** Live connections refused at the caps. */
    refusedConnections: z.number().int().nonnegative(),
    /** JSON held by mounted components (state + $private). */
    componentBytes: z.number().int().nonnegative(),
  }),
  /** The recording proxy: client sockets open through it, and per upstream what it relayed and observed since start. */
  proxy: z.object({
    open: z.number().int().nonnegative(),
    upstreams: z.array(upstreamFiguresSchema),
  }).optional(),
})
export type Status = z.infer<typeof statusSchema>
