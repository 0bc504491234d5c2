/**
 * The part of a workspace's settings JSON the live server reads. Unknown keys
 * are ignored; a malformed section falls back to its defaults (fail-safe: the
 * JWT defaults are the strict ones).
 */
import { z } from 'zod'
import type { ProfileId } from '../../auth'
import { SIGNING_ALGORITHMS, type SessionMapping } from '../../tokens'

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])

const jwtSchema = z.object({
  /** Narrows the accepted algorithms (each key still verifies its own only). */
  algorithms: z.array(z.enum(SIGNING_ALGORITHMS)).min(1).optional(),
  issuer: stringOrList.optional(),
  audience: stringOrList.optional(),
  clockToleranceS: z.number().int().min(0).max(300).default(30),
  /** Tokens without `exp` are refused unless the workspace opts out (never expiring tokens are a risk). */
  requireExp: z.boolean().default(true),
  maxTokenAgeS: z.number().int().positive().optional(),
  mapping: z.object({
    idClaim: z.string().min(1),
    rolesClaim: z.string().min(1),
    permissionsClaim: z.string().min(1),
    fields: z.record(z.string(), z.string()),
    passThrough: z.boolean(),
  }).partial().optional(),
})

export type JwtSettings = z.output<typeof jwtSchema>

export interface LiveSettings {
  readonly profile: ProfileId
  readonly jwt: JwtSettings
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = { profile: 'documented', jwt: jwtSchema.parse({}) }

const profileSchema = z.enum(['documented', 'fluxstack-live@0.11'])

/**
 * Reads `{ profile?, jwt? }` from a workspace's settings JSON.
 * @example parseLiveSettings({ profile: 'fluxstack-live@0.11', jwt: { audience: 'app' } })
 */
export function parseLiveSettings(raw: unknown): LiveSettings {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
  const profile = profileSchema.safeParse(Object.hasOwn(obj, 'profile') ? obj.profile : undefined)
  const jwt = jwtSchema.safeParse(Object.hasOwn(obj, 'jwt') ? obj.jwt : {})
  return {
    profile: profile.success ? profile.data : DEFAULT_LIVE_SETTINGS.profile,
    jwt: jwt.success ? jwt.data : DEFAULT_LIVE_SETTINGS.jwt,
  }
}

/** The mapping handed to sessionFromClaims. */
export function sessionMappingOf(settings: JwtSettings): Partial<SessionMapping> {
  return settings.mapping ?? {}
}
