/**
 * Wire shapes of `GET/PUT /api/workspace/settings`: the live settings of the
 * active workspace (ordering profile, JWT provider options) and read-only
 * facts about the server. Browser-safe: zod only.
 *
 * The schema is strict (unknown keys are a 400) and mirrors what
 * lib/live/server/live-settings.ts `parseLiveSettings` reads, so a body that
 * passes here is read back unchanged by the live server.
 */
import { z } from 'zod'
import { SIGNING_ALGORITHMS } from '../tokens/algorithms'

export const PROFILE_IDS = ['documented', 'fluxstack-live@0.11'] as const
export type SettingsProfile = (typeof PROFILE_IDS)[number]

/** Claim names are free text (URIs are common), but bounded and never blank. */
const claimName = z.string().trim().min(1, 'A claim name cannot be blank').max(200)
const RESERVED_FIELDS = new Set(['__proto__', 'constructor', 'prototype'])

/** Why a session field name is refused (they become object keys in the sandbox), or undefined. */
export function fieldNameProblem(name: string): string | undefined {
  if (RESERVED_FIELDS.has(name)) return `The session field name "${name}" is reserved`
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `The session field name "${name}" must be an identifier (letters, digits, _ or $)`
  return undefined
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

// Keys are checked on the raw input: zod's record parsing silently drops `__proto__`.
const fieldsSchema = z.preprocess(
  (raw, ctx) => {
    if (isRecord(raw)) {
      for (const key of Object.keys(raw)) {
        const problem = fieldNameProblem(key)
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key], input: raw })
      }
    }
    return raw
  },
  z.record(z.string(), claimName).refine((r) => Object.keys(r).length <= 50, 'At most 50 renamed fields'),
)

const stringOrList = z.union([
  z.string().trim().min(1, 'Cannot be blank').max(500),
  z.array(z.string().trim().min(1, 'Cannot be blank').max(500)).min(1).max(20),
])

export const MAX_TOKEN_AGE_LIMIT_S = 10 * 365 * 24 * 3600

export const sessionMappingSchema = z.strictObject({
  idClaim: claimName.optional(),
  rolesClaim: claimName.optional(),
  permissionsClaim: claimName.optional(),
  /** session field -> claim it is read from */
  fields: fieldsSchema.optional(),
  /** Copy the other custom claims into the session as they are. */
  passThrough: z.boolean().optional(),
})
export type SessionMappingSettings = z.infer<typeof sessionMappingSchema>

export const jwtSettingsSchema = z.strictObject({
  /** Narrows the accepted algorithms; absent = each key verifies with its own algorithm. */
  algorithms: z
    .array(z.enum(SIGNING_ALGORITHMS))
    .min(1, 'Choose at least one algorithm, or leave the list out to accept each key’s own')
    .refine((a) => new Set(a).size === a.length, 'An algorithm is listed twice')
    .optional(),
  issuer: stringOrList.optional(),
  audience: stringOrList.optional(),
  clockToleranceS: z.number().int('Clock tolerance must be whole seconds').min(0).max(300, 'Clock tolerance is at most 300 s').default(30),
  /** `false` lets tokens without `exp` in (they never expire): an explicit opt-out. Absent = required. */
  requireExp: z.boolean().optional(),
  maxTokenAgeS: z.number().int('Max token age must be whole seconds').positive().max(MAX_TOKEN_AGE_LIMIT_S).optional(),
  mapping: sessionMappingSchema.optional(),
})
export type JwtSettingsView = z.output<typeof jwtSettingsSchema>

/** The body of `PUT /api/workspace/settings` (and `settings` in its answers). */
export const workspaceSettingsSchema = z.strictObject({
  profile: z.enum(PROFILE_IDS).default('documented'),
  jwt: jwtSettingsSchema.default({ clockToleranceS: 30 }),
})
export type WorkspaceSettings = z.output<typeof workspaceSettingsSchema>
export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsSchema>

/** Read-only facts about the running server shown next to the settings. */
export const serverFactsSchema = z.object({
  adminTokenRequired: z.boolean(),
  host: z.string(),
  dataDir: z.string(),
  /** Origins allowed on the live socket besides the studio's own (STUDIO_LIVE_ORIGINS). */
  liveOrigins: z.array(z.string()),
})
export type ServerFacts = z.infer<typeof serverFactsSchema>

export const settingsResponseSchema = z.object({
  workspaceId: z.string(),
  settings: workspaceSettingsSchema,
  server: serverFactsSchema,
  /** Set when the settings were saved but the live server could not reload the workspace. */
  reloadError: z.string().optional(),
})
export type SettingsResponse = z.infer<typeof settingsResponseSchema>

/**
 * The stored settings JSON with `profile` and `jwt` replaced; other top-level
 * keys (owned by other features) are kept as they were.
 * @example mergeSettings({ theme: 'x', profile: 'documented' }, parsed) // { theme: 'x', profile, jwt }
 */
export function mergeSettings(stored: unknown, update: WorkspaceSettings): Record<string, unknown> {
  const kept = isRecord(stored) ? Object.fromEntries(Object.entries(stored).filter(([k]) => k !== 'profile' && k !== 'jwt')) : {}
  return { ...kept, profile: update.profile, jwt: update.jwt }
}
