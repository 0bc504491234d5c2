/**
 * The studio HTTP APIs the tester calls: personas, token minting, the
 * component palette and predictions. Answers are schema-checked; failures are
 * values with a message fit for the screen.
 */
import { z } from 'zod'
import { componentsResponseSchema, decideResponseSchema, type ComponentsResponse, type DecideRequest, type DecideResponse } from '@/lib/api/decide'
import { keyListSchema, signResponseSchema } from '@/lib/api/tokens'
import { callApi as call, jsonRequest, type ApiResult } from '@/lib/api/call'

const postJson = (body: unknown) => jsonRequest('POST', body)

export type { ApiResult }

export const personaViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string().default(''),
  kind: z.string(),
  claims: z.record(z.string(), z.unknown()).nullable(),
})
export type PersonaView = z.infer<typeof personaViewSchema>

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

/** The studio's prediction; with `draftFiles`, against the unsaved draft instead of the saved workspace. */
export function predict(request: DecideRequest, draftFiles?: Readonly<Record<string, string>>): Promise<ApiResult<DecideResponse>> {
  return call('/api/decide', decideResponseSchema, postJson(draftFiles ? { ...request, draft: { files: draftFiles } } : request))
}
