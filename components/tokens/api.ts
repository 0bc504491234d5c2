/**
 * Fetch wrappers for the token lab's APIs. Answers are parsed with the shared
 * schemas; a failure throws ApiCallError with the server's safe message.
 */
import { z } from 'zod'
import {
  apiErrorSchema,
  createKeyResponseSchema,
  exportKeyResponseSchema,
  keyListSchema,
  signResponseSchema,
  type CreateKeyRequest,
  type ExportKeyRequest,
  type SignRequest,
  type Verdict,
  type VerifyRequest,
} from '@/lib/api/tokens'
import { personaSchema, type PersonaRecord } from '@/lib/store/model/persona'

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function call<S extends z.ZodType>(url: string, schema: S, init?: { method: string; body?: unknown }): Promise<z.output<S>> {
  let res: Response
  try {
    res = await fetch(url, {
      method: init?.method ?? 'GET',
      cache: 'no-store',
      ...(init?.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
    })
  } catch {
    throw new ApiCallError(0, 'The studio server is not reachable.')
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const error = apiErrorSchema.safeParse(body)
    throw new ApiCallError(res.status, error.success ? error.data.message : `The server answered ${res.status}.`)
  }
  return schema.parse(body)
}

const personasSchema = z.object({ personas: z.array(personaSchema) })
const ok = z.object({ ok: z.literal(true) })

export const api = {
  listKeys: () => call('/api/keys', keyListSchema),
  createKey: (body: CreateKeyRequest) => call('/api/keys', createKeyResponseSchema, { method: 'POST', body }),
  deleteKey: (kid: string) => call(`/api/keys/${encodeURIComponent(kid)}`, ok, { method: 'DELETE' }),
  exportKey: (kid: string, body: ExportKeyRequest) => call(`/api/keys/${encodeURIComponent(kid)}/export`, exportKeyResponseSchema, { method: 'POST', body }),
  sign: (body: SignRequest) => call('/api/tokens', signResponseSchema, { method: 'POST', body }),
  // The verdict is built by lib/api/tokens on the server; trusted as such.
  verify: (body: VerifyRequest) => call('/api/tokens/verify', z.custom<Verdict>((value) => typeof value === 'object' && value !== null && 'decoded' in value), { method: 'POST', body }),
  listPersonas: () => call('/api/personas', personasSchema).then((r) => r.personas),
  savePersona: (persona: PersonaRecord) => call('/api/personas', z.object({ persona: personaSchema }), { method: 'POST', body: persona }),
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))
