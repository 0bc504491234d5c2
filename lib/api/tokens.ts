/**
 * Shapes of the token lab's HTTP APIs (/api/tokens, /api/keys, /api/personas,
 * JWKS) and the structured verdict the page and `POST /api/tokens/verify` share.
 * Browser-safe: imports only zod and lib/tokens.
 */
import { z } from 'zod'
import {
  SIGNING_ALGORITHMS,
  decodeToken,
  lintToken,
  toEpochSeconds,
  verifyToken,
  type DecodedToken,
  type Lint,
  type VerifyOptions,
  type VerifyResult,
} from '@/lib/tokens'

/** Tokens above this are refused by the APIs before any parsing (matches the verifier's cap). */
export const MAX_TOKEN_CHARS = 16_384
export const TOKEN_PROFILES = ['generic', 'fluxstack', 'statebacked'] as const
export type TokenProfile = (typeof TOKEN_PROFILES)[number]

const claimsSchema = z.record(z.string(), z.unknown())
const algSchema = z.enum(SIGNING_ALGORITHMS)
const kidSchema = z.string().min(1).max(200)
const spanSchema = z.union([z.string().min(1).max(40), z.number().int()])

/**
 * `POST /api/tokens`: sign with a workspace key. Exactly one of persona or claims.
 * Without `keyId` the workspace's default signing key signs: its first key (in the
 * order of `GET /api/keys`) that has a private part. A workspace without one is
 * answered 409 with a message saying how to add a key.
 */
export const signRequestSchema = z
  .object({
    persona: z.string().min(1).max(64).optional(),
    claims: claimsSchema.optional(),
    profile: z.enum(TOKEN_PROFILES).default('generic'),
    /** The kid of the workspace key to sign with; default: the workspace's default signing key. */
    keyId: kidSchema.optional(),
    expiresIn: spanSchema.optional(),
    /** Epoch seconds; wins over expiresIn. */
    expiresAt: z.number().int().optional(),
    notBeforeIn: spanSchema.optional(),
    issuedAt: z.boolean().default(true),
    typ: z.string().min(1).max(40).optional(),
  })
  .strict()
  .refine((body) => (body.persona === undefined) !== (body.claims === undefined), { message: 'Send either "persona" or "claims", not both or neither' })
export type SignRequest = z.input<typeof signRequestSchema>
/** The token and the kid of the key that signed it (the default one when the request named none). */
export const signResponseSchema = z.object({ token: z.string(), kid: z.string() })

/** Claim checks, shared by the browser verifier and `POST /api/tokens/verify`. */
export const claimChecksSchema = z.object({
  issuer: z.string().min(1).max(500).optional(),
  audience: z.string().min(1).max(500).optional(),
  typ: z.string().min(1).max(40).optional(),
  maxTokenAge: spanSchema.optional(),
  clockTolerance: spanSchema.optional(),
  requireExp: z.boolean().optional(),
})
export type ClaimChecks = z.infer<typeof claimChecksSchema>

/** `POST /api/tokens/verify`: `at` is epoch seconds or an ISO instant (default: now). */
export const verifyRequestSchema = claimChecksSchema
  .extend({
    token: z.string().min(1).max(MAX_TOKEN_CHARS, `Tokens are limited to ${MAX_TOKEN_CHARS} characters`),
    at: z.union([z.number(), z.iso.datetime({ offset: true })]).optional(),
  })
  .strict()
export type VerifyRequest = z.input<typeof verifyRequestSchema>

/** What the page shows of a decoded token, without the raw input. */
export type DecodedView = Omit<DecodedToken, 'input'>

/** The verdict: what could be read, the signature/claims outcome, and lints at the same clock. */
export interface Verdict {
  /** Epoch seconds the claims were evaluated at. */
  readonly at: number
  readonly decoded: DecodedView
  /** Absent when no key was given (decode only). */
  readonly verification?: VerifyResult
  readonly lints: readonly Lint[]
}

/**
 * Decodes, verifies (when a key source is given) and lints a token at one clock.
 * Never throws for a bad token; misuse (bad durations) throws TokenError.
 */
export async function buildVerdict(token: string, options: Omit<VerifyOptions, 'key' | 'keys' | 'jwks'> & Partial<Pick<VerifyOptions, 'key' | 'keys' | 'jwks'>>): Promise<Verdict> {
  const { input: _input, ...decoded } = decodeToken(token)
  const hasKey = options.key !== undefined || options.keys !== undefined || options.jwks !== undefined
  const verification = hasKey ? await verifyToken(token, options as VerifyOptions) : undefined
  // The HMAC secret lints need the key the token names.
  const lintKey = options.key ?? options.keys?.find((key) => key.kid === decoded.kid)
  const lints = lintToken({ input: _input, ...decoded }, { now: options.at, ...(lintKey ? { key: lintKey } : {}) })
  return { at: toEpochSeconds(options.at), decoded, ...(verification ? { verification } : {}), lints }
}

/** A key as the pages see it: never a private part. */
export const keySummarySchema = z.object({
  kid: z.string(),
  alg: z.string(),
  kty: z.string(),
  label: z.string(),
  createdAt: z.string(),
  publicJwk: claimsSchema.nullable(),
  hasPrivate: z.boolean(),
})
export type KeySummaryView = z.infer<typeof keySummarySchema>
export const keyListSchema = z.object({ keys: z.array(keySummarySchema), jwksUrl: z.string(), workspaceJwksUrl: z.string() })
export type KeyList = z.infer<typeof keyListSchema>

/** `POST /api/keys`: generate or import. */
export const createKeyRequestSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('generate'),
      alg: algSchema,
      secretBytes: z.number().int().min(16).max(512).optional(),
      modulusLength: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).optional(),
      kid: kidSchema.optional(),
      label: z.string().max(80).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('import'),
      text: z.string().min(1).max(65_536),
      alg: algSchema.optional(),
      kid: kidSchema.optional(),
      label: z.string().max(80).optional(),
    })
    .strict(),
])
export type CreateKeyRequest = z.input<typeof createKeyRequestSchema>
export const createKeyResponseSchema = z.object({
  keys: z.array(keySummarySchema),
  skipped: z.array(z.object({ index: z.number(), kid: z.string().optional(), reason: z.string() })),
})

/** `POST /api/keys/:kid/export`. */
export const exportKeyRequestSchema = z.object({ part: z.enum(['public', 'private']), format: z.enum(['jwk', 'pem']) }).strict()
export type ExportKeyRequest = z.infer<typeof exportKeyRequestSchema>
export const exportKeyResponseSchema = z.object({ kid: z.string(), part: z.enum(['public', 'private']), format: z.enum(['jwk', 'pem']), value: z.string() })

/** One error body shape for every API in this file. */
export const apiErrorSchema = z.object({ error: z.string(), message: z.string() })
