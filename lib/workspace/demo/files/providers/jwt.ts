// JWT provider: turns verified token claims into the session `$auth.session` exposes.
//
// The studio verifies the token's signature and claims with jose BEFORE calling
// authenticate(), then passes `{ ...credentials, claims }`: `claims` is the verified
// payload, or undefined when the token did not verify. So this provider never
// handles keys; it only maps claims to a session.
import type { LiveAuthContext, LiveAuthCredentials, LiveAuthProvider } from '@fluxstack/live'
import { AuthenticatedContext } from '@fluxstack/live'

// Registered claims that describe the token itself, not the caller.
const TOKEN_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'jti'])

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export class JWTProvider implements LiveAuthProvider {
  readonly name = 'jwt'

  async authenticate(credentials: LiveAuthCredentials): Promise<LiveAuthContext | null> {
    const claims = credentials.claims
    if (!claims || typeof claims.sub !== 'string') return null

    const custom: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(claims)) {
      if (!TOKEN_CLAIMS.has(key)) custom[key] = value
    }

    // Everything here goes to $auth.session
    return new AuthenticatedContext(
      {
        ...custom,
        id: claims.sub,
        type: typeof claims.type === 'string' ? claims.type : 'user',
        roles: stringList(claims.roles),
        permissions: stringList(claims.permissions),
      },
      credentials.token,
    )
  }

  // Rooms whose id starts with `vip-` are for premium members only.
  async authorizeRoom(context: LiveAuthContext, roomId: string): Promise<boolean> {
    if (roomId.startsWith('vip-') && !context.hasRole('premium')) return false
    return true
  }
}
