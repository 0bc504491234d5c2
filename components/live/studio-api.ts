/**
 * The studio HTTP APIs the tester calls: personas, token minting, the
 * component palette and predictions. Answers are schema-checked; failures are
 * values with a message fit for the screen.
 */
import { z } from 'zod'
import { componentsResponseSchema, decideResponseSchema, type ComponentsResponse, type DecideRequest, type DecideResponse } from '@/lib/api/decide'
import { keyListSchema, signResponseSchema } from '@/lib/api/tokens'

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

export const personaViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string().default(''),
  kind: z.string(),
  claims: z.record(z.string(), z.unknown()).nullable(),
})
export type PersonaView = z.infer<typeof personaViewSchema>

const errorBody = z.object({ message: z.string() })

async function call<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<ApiResult<T>> {
  let res: Response
  try {
    res = await fetch(url, { cache: 'no-store', ...init })
  } catch {
    return { ok: false, error: 'The studio server is not reachable.' }
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = errorBody.safeParse(body)
    return { ok: false, error: parsed.success ? parsed.data.message : `The server answered ${res.status}.` }
  }
  const parsed = schema.safeParse(body)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: `Unexpected answer from ${url}.` }
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

export async function fetchPersonas(): Promise<ApiResult<PersonaView[]>> {
  const res = await call('/api/personas', z.object({ personas: z.array(personaViewSchema) }))
  return res.ok ? { ok: true, value: res.value.personas } : res
}

export function fetchComponents(): Promise<ApiResult<ComponentsResponse>> {
  return call('/api/workspace/components', componentsResponseSchema)
}

/** Mints a FluxStack session token for `persona` with the workspace's first signing key. */
export async function mintPersonaToken(persona: string, expiresIn = '1h'): Promise<ApiResult<string>> {
  const keys = await call('/api/keys', keyListSchema)
  if (!keys.ok) return keys
  const key = keys.value.keys.find((k) => k.hasPrivate)
  if (!key) return { ok: false, error: 'The workspace has no signing key. Create one in the Token lab.' }
  const res = await call('/api/tokens', signResponseSchema, postJson({ persona, profile: 'fluxstack', keyId: key.kid, expiresIn }))
  return res.ok ? { ok: true, value: res.value.token } : res
}

export function predict(request: DecideRequest): Promise<ApiResult<DecideResponse>> {
  return call('/api/decide', decideResponseSchema, postJson(request))
}
