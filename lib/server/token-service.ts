/**
 * Server-side glue of the token lab: stored keys <-> lib/tokens keys, signing
 * with private parts that never leave the server, verification by kid, the
 * public JWKS, and the one table mapping errors to HTTP answers.
 */
import { ZodError, type z } from 'zod'
import { MAX_NESTING, nestedDeeperThan } from '../json/nesting'
import {
  ALGORITHMS,
  TokenError,
  exportJwks,
  exportPrivateJwk,
  exportPrivatePem,
  exportPublicJwk,
  exportPublicPem,
  generateKey,
  importKeyText,
  isSigningAlgorithm,
  sessionFromClaims,
  signToken,
  type StudioKey,
} from '@/lib/tokens'
import {
  buildVerdict,
  type CreateKeyRequest,
  type ExportKeyRequest,
  type KeySummaryView,
  type Verdict,
  type signRequestSchema,
  type verifyRequestSchema,
} from '@/lib/api/tokens'
import { isStoreError } from '@/lib/store/errors'
import type { KeySummary, StoredKey } from '@/lib/store/model/key'
import type { StudioRuntime } from './registry'

export type ApiErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE' | 'INTERNAL'

/** An expected API failure; its message is safe to show (no token, no secret). */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const STATUS: Readonly<Record<ApiErrorCode, number>> = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, UNAVAILABLE: 503, INTERNAL: 500 }

function zodMessage(error: ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'The request body is not valid.'
  const where = issue.path.length ? `"${issue.path.join('.')}": ` : ''
  return `${where}${issue.message}`
}

/**
 * The one error -> HTTP mapping. Misuse errors of lib/tokens carry safe
 * messages (they never include key material); anything unknown becomes a bare 500.
 */
export function errorResponse(error: unknown): Response {
  const [code, message]: [ApiErrorCode, string] =
    error instanceof ApiError
      ? [error.code, error.message]
      : error instanceof ZodError
        ? ['BAD_REQUEST', zodMessage(error)]
        : error instanceof TokenError
          ? ['BAD_REQUEST', error.message]
          : isStoreError(error, 'STORE_CONFLICT')
            ? ['CONFLICT', error.message]
            : isStoreError(error, 'STORE_SECRET_MISMATCH') || isStoreError(error, 'STORE_UNAVAILABLE')
              // The store's messages name a key or the database, never a secret: safe to show.
              ? ['UNAVAILABLE', error.message]
              : ['INTERNAL', 'The studio could not complete this request.']
  // An unexpected failure is logged for the operator by name and message only (never a request body or a token).
  if (code === 'INTERNAL') console.error(`[studio] internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
  return Response.json({ error: code, message }, { status: STATUS[code], headers: { 'cache-control': 'no-store' } })
}

/** The 400 message of a body nested too deeply to be handed to the sandbox. */
export const BODY_TOO_DEEP = `The request body is nested deeper than ${MAX_NESTING} levels.`

/** Parses a JSON body with a schema; a missing, non-JSON or too deeply nested body is a 400. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const body: unknown = await request.json().catch(() => {
    throw new ApiError('BAD_REQUEST', 'Send a JSON body.')
  })
  if (nestedDeeperThan(body, MAX_NESTING)) throw new ApiError('BAD_REQUEST', BODY_TOO_DEEP)
  return schema.parse(body)
}

// The store requires a private JWK; a public-only key is kept with an empty one.
const hasMembers = (jwk: Record<string, unknown> | null): jwk is Record<string, unknown> => jwk !== null && Object.keys(jwk).length > 0

/** A stored row as a lib/tokens key. */
export function toStudioKey(stored: StoredKey): StudioKey {
  if (!isSigningAlgorithm(stored.alg)) throw new ApiError('INTERNAL', `Key "${stored.kid}" has an unsupported algorithm`)
  return {
    kid: stored.kid,
    alg: stored.alg,
    kty: ALGORITHMS[stored.alg].kty,
    createdAt: stored.createdAt,
    ...(hasMembers(stored.publicJwk) ? { publicJwk: stored.publicJwk } : {}),
    ...(hasMembers(stored.privateJwk) ? { privateJwk: stored.privateJwk } : {}),
    ...(stored.label ? { label: stored.label } : {}),
  }
}

function toStoredKey(key: StudioKey): StoredKey {
  return {
    kid: key.kid,
    alg: key.alg,
    kty: key.kty,
    label: key.label ?? '',
    publicJwk: (key.publicJwk as Record<string, unknown> | undefined) ?? null,
    privateJwk: (key.privateJwk as Record<string, unknown> | undefined) ?? {},
    createdAt: key.createdAt,
  }
}

/** What a page may see of a key: the public JWK, never the private one. */
export function summaryOf(key: StudioKey): KeySummaryView {
  return {
    kid: key.kid,
    alg: key.alg,
    kty: key.kty,
    label: key.label ?? '',
    createdAt: key.createdAt,
    publicJwk: key.publicJwk ? (exportPublicJwk(key) as Record<string, unknown>) : null,
    hasPrivate: key.privateJwk !== undefined,
  }
}

/** A stored key without its private part (listing decrypts nothing), as a lib/tokens key. */
const publicOnly = (summary: KeySummary): StudioKey => toStudioKey({ ...summary, privateJwk: {} })

/**
 * Every key of the workspace, private parts included (server use only). A key whose
 * private part the store secret cannot decrypt is left out here; `keyViews` still lists it
 * and `requireKey` names it.
 */
export async function workspaceKeys(runtime: StudioRuntime, workspaceId = runtime.activeWorkspaceId): Promise<StudioKey[]> {
  const keys: StudioKey[] = []
  for (const summary of await runtime.store.keys.list(workspaceId)) {
    if (!isSigningAlgorithm(summary.alg)) continue
    const stored = await runtime.store.keys.get(workspaceId, summary.kid).catch((error: unknown) => {
      if (isStoreError(error, 'STORE_SECRET_MISMATCH')) return undefined
      throw error
    })
    if (stored) keys.push(toStudioKey(stored))
  }
  return keys
}

/** `GET /api/keys`: every key's public view; one the secret cannot decrypt is still listed (with its private part, unreadable). */
export async function keyViews(runtime: StudioRuntime): Promise<KeySummaryView[]> {
  const workspaceId = runtime.activeWorkspaceId
  const views: KeySummaryView[] = []
  for (const summary of await runtime.store.keys.list(workspaceId)) {
    if (!isSigningAlgorithm(summary.alg)) continue
    try {
      const stored = await runtime.store.keys.get(workspaceId, summary.kid)
      if (stored) views.push(summaryOf(toStudioKey(stored)))
    } catch (error) {
      if (!isStoreError(error, 'STORE_SECRET_MISMATCH')) throw error
      views.push({ ...summaryOf(publicOnly(summary)), hasPrivate: true })
    }
  }
  return views
}

export async function requireKey(runtime: StudioRuntime, kid: string): Promise<StudioKey> {
  const stored = await runtime.store.keys.get(runtime.activeWorkspaceId, kid)
  if (!stored) throw new ApiError('NOT_FOUND', `No key with kid ${JSON.stringify(kid)} in this workspace.`)
  return toStudioKey(stored)
}

/** Generates or imports keys into the active workspace; an existing kid is a 409. */
export async function createKeys(runtime: StudioRuntime, request: CreateKeyRequest, now: Date) {
  const meta = { now, ...(request.kid ? { kid: request.kid } : {}), ...(request.label ? { label: request.label } : {}) }
  const imported =
    request.action === 'generate'
      ? { keys: [await generateKey({ ...meta, alg: request.alg, ...(request.secretBytes ? { secretBytes: request.secretBytes } : {}), ...(request.modulusLength ? { modulusLength: request.modulusLength } : {}) })], skipped: [] }
      : await importKeyText(request.text, { ...meta, ...(request.alg ? { alg: request.alg } : {}) })
  if (imported.keys.length === 0) throw new ApiError('BAD_REQUEST', `No usable signing key was found (${imported.skipped.length} skipped).`)
  const { store, activeWorkspaceId: ws } = runtime
  const conflict = (kid: string) => new ApiError('CONFLICT', `A key with kid ${JSON.stringify(kid)} already exists; delete it or choose another kid.`)
  await store.transaction(async (tx) => {
    const existing = new Set((await tx.keys.list(ws)).map((k) => k.kid))
    const taken = imported.keys.find((key) => existing.has(key.kid))
    if (taken) throw conflict(taken.kid)
    for (const key of imported.keys) {
      // Two keys of one import with the same kid: the second is the conflict.
      await tx.keys.add(ws, toStoredKey(key)).catch((error: unknown) => {
        throw isStoreError(error, 'STORE_CONFLICT') ? conflict(key.kid) : error
      })
    }
  })
  return { keys: imported.keys.map(summaryOf), skipped: [...imported.skipped] }
}

/** Explicit export of one key part; HMAC secrets have only a private form. */
export async function exportKey(runtime: StudioRuntime, kid: string, request: ExportKeyRequest) {
  const key = await requireKey(runtime, kid)
  const pem = request.format === 'pem'
  const value =
    request.part === 'public'
      ? pem
        ? await exportPublicPem(key)
        : JSON.stringify(exportPublicJwk(key), null, 2)
      : pem
        ? await exportPrivatePem(key)
        : JSON.stringify(exportPrivateJwk(key), null, 2)
  return { kid, part: request.part, format: request.format, value }
}

/** The public JWKS of a workspace; HMAC keys are never included. Public parts only: nothing is decrypted. */
export async function publicJwks(runtime: StudioRuntime, workspaceId = runtime.activeWorkspaceId) {
  const summaries = await runtime.store.keys.list(workspaceId)
  return exportJwks(summaries.filter((s) => isSigningAlgorithm(s.alg)).map(publicOnly))
}

async function personaClaims(runtime: StudioRuntime, id: string): Promise<Record<string, unknown>> {
  const persona = (await runtime.store.personas.list(runtime.activeWorkspaceId)).find((p) => p.id === id)
  if (!persona) throw new ApiError('NOT_FOUND', `No persona with id ${JSON.stringify(id)}.`)
  if (persona.claims === null) throw new ApiError('BAD_REQUEST', `Persona "${id}" is anonymous: it has no claims to sign.`)
  return persona.claims
}

/** Deletes a persona of the active workspace. */
export async function removePersona(runtime: StudioRuntime, id: string): Promise<void> {
  if (!id) throw new ApiError('BAD_REQUEST', 'Name the persona to delete: ?id=...')
  if (!(await runtime.store.personas.remove(runtime.activeWorkspaceId, id))) throw new ApiError('NOT_FOUND', `No persona with id ${JSON.stringify(id)}.`)
}

/**
 * The workspace's default signing key: its first key, in the order of
 * `GET /api/keys`, that has a private part. The token lab preselects it and the
 * live tester mints persona tokens with it.
 */
export async function defaultSigningKey(runtime: StudioRuntime): Promise<StudioKey> {
  const keys = await workspaceKeys(runtime)
  const key = keys.find((candidate) => candidate.privateJwk !== undefined)
  if (!key) {
    const publicOnly = keys.length === 0 ? '' : keys.length === 1 ? ' (its one key is public only: it verifies but cannot sign)' : ` (its ${keys.length} keys are public only: they verify but cannot sign)`
    throw new ApiError(
      'CONFLICT',
      `This workspace has no signing key${publicOnly}: generate or import one with its private part (Tokens > Keys, or POST /api/keys), then sign again.`,
    )
  }
  return key
}

/**
 * Signs a generic or FluxStack-session token with a stored key, the default
 * signing key when the request names none (State Backed is signed in the browser).
 */
export async function signWithStoredKey(runtime: StudioRuntime, request: z.output<typeof signRequestSchema>, now: Date): Promise<{ token: string; kid: string }> {
  if (request.profile === 'statebacked') {
    throw new ApiError('BAD_REQUEST', 'State Backed tokens are signed in the browser with your State Backed secret; the studio never receives it.')
  }
  const claims = request.claims ?? (await personaClaims(runtime, request.persona ?? ''))
  if (request.profile === 'fluxstack') {
    const session = sessionFromClaims(claims)
    if (!session.ok) throw new ApiError('BAD_REQUEST', `Not a FluxStack session: ${session.reason}.`)
  }
  const key = request.keyId === undefined ? await defaultSigningKey(runtime) : await requireKey(runtime, request.keyId)
  if (!key.privateJwk) throw new ApiError('BAD_REQUEST', `Key "${key.kid}" is public only: it can verify but not sign.`)
  const token = await signToken(key, claims, {
    now,
    issuedAt: request.issuedAt,
    ...(request.typ ? { header: { typ: request.typ } } : {}),
    ...(request.expiresIn !== undefined ? { expiresIn: request.expiresIn } : {}),
    ...(request.expiresAt !== undefined ? { expiresAt: request.expiresAt } : {}),
    ...(request.notBeforeIn !== undefined ? { notBeforeIn: request.notBeforeIn } : {}),
  })
  return { token, kid: key.kid }
}

/** Verifies against the workspace's keys by kid, at `at` (default now). */
export async function verifyWithWorkspaceKeys(runtime: StudioRuntime, request: z.output<typeof verifyRequestSchema>, now: Date): Promise<Verdict> {
  const { token, at, ...checks } = request
  const clock = at === undefined ? now : typeof at === 'number' ? at : new Date(at)
  return buildVerdict(token, { ...checks, at: clock, keys: await workspaceKeys(runtime) })
}
