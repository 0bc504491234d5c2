/**
 * What personas hold, as the diagnostics need it: session fields, roles and
 * permissions. The default mapping mirrors the demo JWT provider (registered
 * token claims dropped, `sub` becomes `id`, `type`/`roles`/`permissions` always set).
 */

/** A persona as lib/rules sees it; `claims: null` is anonymous. */
export interface PersonaClaims {
  readonly id: string
  readonly claims: Readonly<Record<string, unknown>> | null
}

const TOKEN_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'jti'])

/** Default claims -> session mapping (the demo provider's). */
export function defaultSessionOf(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const session: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(claims)) if (!TOKEN_CLAIMS.has(key)) session[key] = value
  return { ...session, id: claims.sub, type: session.type ?? 'user', roles: session.roles ?? [], permissions: session.permissions ?? [] }
}

export interface HeldByPersonas {
  readonly sessionFields: ReadonlySet<string>
  readonly roles: ReadonlySet<string>
  readonly permissions: ReadonlySet<string>
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Union of what any persona's session holds. */
export function heldByPersonas(
  personas: readonly PersonaClaims[],
  sessionOf: (claims: Readonly<Record<string, unknown>>) => Record<string, unknown> = defaultSessionOf,
): HeldByPersonas {
  const sessionFields = new Set<string>()
  const roles = new Set<string>()
  const permissions = new Set<string>()
  for (const persona of personas) {
    if (persona.claims === null) continue
    const session = sessionOf(persona.claims)
    for (const key of Object.keys(session)) sessionFields.add(key)
    for (const r of strings(session.roles)) roles.add(r)
    for (const p of strings(session.permissions)) permissions.add(p)
  }
  return { sessionFields, roles, permissions }
}
