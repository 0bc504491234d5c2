// A provider with every hook, and hooks that misbehave on purpose: the
// conformance corpus checks that the studio answers what the library answers.
import type { LiveAuthContext, LiveAuthCredentials, LiveAuthProvider } from '@fluxstack/live'
import { AuthenticatedContext } from '@fluxstack/live'

const TOKEN_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'jti'])

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export class EdgeProvider implements LiveAuthProvider {
  readonly name = 'edge'

  async authenticate(credentials: LiveAuthCredentials): Promise<LiveAuthContext | null> {
    const claims = credentials.claims as Record<string, unknown> | undefined
    if (!claims || typeof claims.sub !== 'string') return null
    if (claims.sub === 'bot-1') throw new Error('bots are not welcome here')
    const custom: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(claims)) {
      if (!TOKEN_CLAIMS.has(key)) custom[key] = value
    }
    return new AuthenticatedContext(
      { ...custom, id: claims.sub, roles: stringList(claims.roles), permissions: stringList(claims.permissions) },
      credentials.token as string,
    )
  }

  async authorizeAction(context: LiveAuthContext, componentName: string, action: string): Promise<boolean> {
    if (action === 'providerDenied') return false
    if (action === 'providerThrows') throw new Error(`provider exploded on ${componentName}.${action}`)
    if (action === 'providerZero') return 0 as unknown as boolean
    if (action === 'providerTruthy') return 'yes' as unknown as boolean
    if (action === 'providerAdminOnly') return context.hasRole('admin')
    return true
  }

  async authorizeRoom(context: LiveAuthContext, roomId: string): Promise<boolean> {
    if (roomId.startsWith('boom-')) throw new Error(`room check crashed for ${roomId}`)
    if (roomId.startsWith('no-')) return false
    if (roomId.startsWith('undef-')) return undefined as unknown as boolean
    if (roomId.startsWith('one-')) return 1 as unknown as boolean
    if (roomId.startsWith('staff-')) return context.hasAnyRole(['admin', 'moderator'])
    return true
  }
}
