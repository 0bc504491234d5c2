import { z } from 'zod'

export const personaKinds = ['user', 'bot', 'device', 'service', 'anonymous'] as const

/** A named claim set; `claims: null` is the anonymous persona (no token at all). */
export const personaSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'persona ids are lowercase words joined by -'),
  label: z.string().min(1).max(80),
  description: z.string().max(500).default(''),
  kind: z.enum(personaKinds),
  claims: z.record(z.string(), z.unknown()).nullable(),
})

export type PersonaRecord = z.infer<typeof personaSchema>

/** Persona ids by the `sub` their claims name (the first persona wins a shared `sub`): a session's persona, for the log. */
export function personasBySub(personas: readonly PersonaRecord[]): Map<string, string> {
  const bySub = new Map<string, string>()
  for (const p of personas) {
    const sub = p.claims?.sub
    if (typeof sub === 'string' && !bySub.has(sub)) bySub.set(sub, p.id)
  }
  return bySub
}
