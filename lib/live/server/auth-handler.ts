import { snapshotOf, taggedContext } from '../../auth'
import { personasBySub } from '../../store/model/persona'
import type { MessageOf } from '../protocol-validate'
import { runAuth } from './auth-flow'
import type { LiveConnection } from './connection'
import { workspaceKeys } from './jwt-provider'
import { recordDecision, type LiveContext } from './live-context'

/** The persona whose claims name this session (for the decision log only; a failed read names none). */
async function personaOf(ctx: LiveContext, sessionId: string | undefined): Promise<string | undefined> {
  if (sessionId === undefined) return undefined
  const personas = await ctx.store.personas.list(ctx.host.workspaceId).catch(() => [])
  return personasBySub(personas).get(sessionId)
}

/**
 * AUTH: replaces the connection's context (a failed or empty AUTH logs out).
 * Components already mounted keep the `$auth` they were mounted with.
 * The answer is the library's (LiveServer.ts:483-498).
 */
export async function handleAuth(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'AUTH'>): Promise<void> {
  const hosted = await ctx.host.current()
  const { ctx: auth, decision } = await runAuth({
    credentials: message.payload,
    hosted,
    keys: await workspaceKeys(ctx.store, hosted.workspaceId),
    nowMs: ctx.nowMs(),
    clock: () => ctx.clock(),
    ...(conn.lane ? { lane: conn.lane } : {}),
  })
  // Tagged with the connection's lane: rules run with this context charge their sandbox time to it.
  conn.auth = conn.lane ? taggedContext(auth, conn.lane) : auth
  const snapshot = snapshotOf(auth)
  conn.persona = await personaOf(ctx, snapshot.session?.id)
  recordDecision(ctx, decision, { connection: conn, hosted, auth: snapshot })
  const authenticated = snapshot.authenticated && snapshot.session !== undefined
  conn.immediate({
    type: 'AUTH_RESPONSE',
    success: authenticated,
    payload: authenticated ? { authenticated: true, session: snapshot.session } : { authenticated: false, error: 'Authentication failed' },
    requestId: message.requestId,
  })
}
