/**
 * COMPONENT_REHYDRATE, as ComponentRegistry.rehydrateComponent does at
 * fluxstack-live@d8538f75: the client's signed state is checked (30 minutes,
 * the server's HMAC), the class looked up, the mount rules asked again with
 * the connection's current context, and a new instance with a new id is built
 * from the signed state (`$private` starts empty). The client gets
 * STATE_REHYDRATED (queued) and then COMPONENT_REHYDRATED with the new id.
 */
import { randomBytes } from 'node:crypto'
import { decideMount, snapshotOf, type JsonValue } from '../../auth'
import type { MessageOf } from '../protocol-validate'
import { emitFrame } from './component-registry'
import type { LiveConnection, MountedComponent } from './connection'
import { errorMessage } from './error-message'
import { recordDecision, tooManyComponents, type LiveContext } from './live-context'
import { keepNewInstance } from './instance-keep'
import { resolveComponent } from './mount-handler'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

type Outcome = { success: true; newComponentId: string } | { success: false; error: string }

export async function handleRehydrate(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'COMPONENT_REHYDRATE'>): Promise<void> {
  const hosted = await ctx.host.current()
  const release = ctx.host.acquire(hosted)
  let outcome: Outcome
  try {
    outcome = await rehydrate(ctx, conn, message, hosted, release)
  } catch (error) {
    outcome = { success: false, error: errorMessage(error) || 'Invalid state signature' }
  }
  if (!outcome.success) release()
  conn.immediate({
    type: 'COMPONENT_REHYDRATED',
    componentId: message.componentId,
    success: outcome.success,
    result: outcome.success ? { newComponentId: outcome.newComponentId } : undefined,
    error: outcome.success ? undefined : outcome.error,
    requestId: message.requestId,
  })
}

async function rehydrate(
  ctx: LiveContext, conn: LiveConnection, message: MessageOf<'COMPONENT_REHYDRATE'>, hosted: MountedComponent['hosted'], release: () => void,
): Promise<Outcome> {
  const { component: requested, signedState, room } = message.payload
  const valid = ctx.signer.validate(signedState)
  if (!valid.ok) return { success: false, error: valid.error || 'Invalid state signature' }
  const spec = resolveComponent(hosted, requested)
  if (!spec) return { success: false, error: `Component '${requested}' not found` }
  const auth = snapshotOf(conn.auth)
  const decision = await decideMount({ component: spec, auth: conn.auth, profile: hosted.settings.profile, clock: () => ctx.clock() })
  recordDecision(ctx, decision, { connection: conn, hosted, auth, component: spec.name, action: 'rehydrate' })
  if (decision.verdict === 'deny') return { success: false, error: `AUTH_DENIED: ${decision.reason ?? 'undefined'}` }
  const clientState = ctx.signer.extract(signedState)
  if (!isRecord(clientState) || clientState.__componentName !== requested) return { success: false, error: 'Component class mismatch - state tampering detected' }
  if (conn.components.size >= ctx.limits.maxComponents) return { success: false, error: tooManyComponents(ctx.limits.maxComponents) }
  const { __componentName: _, ...cleanState } = clientState
  const id = `${spec.name}-${randomBytes(9).toString('base64url')}`
  // Rooms spanning instances are read before the join (nothing to wait for on a single instance).
  const roomReady = room !== undefined ? ctx.rooms.prepare(room) : undefined
  if (roomReady) await roomReady
  const userId = auth.authenticated ? auth.session?.id : undefined
  const created = await hosted.loaded.createInstance(spec.name, {
    id, auth, props: cleanState, ...(room !== undefined ? { room } : {}), ...(userId !== undefined ? { userId } : {}),
    mode: 'rehydrate', clientState: clientState as JsonValue, ...(conn.lane ? { lane: conn.lane } : {}),
  })
  if (!created.ok) return { success: false, error: created.error }
  if (conn.closed) {
    void created.instance.dispose({ disconnect: true })
    return { success: false, error: 'Connection closed' }
  }
  const mounted: MountedComponent = {
    id, name: spec.name, requestedName: requested, spec, instance: created.instance, hosted, auth, owner: conn, release, rehydrated: true,
    ...(room !== undefined ? { room } : {}), ...(userId !== undefined ? { userId } : {}),
  }
  const refusal = keepNewInstance(ctx, mounted)
  if (refusal !== undefined) return { success: false, error: refusal }
  const newSigned = ctx.registry.sign(id, requested, created.signState, signedState.version + 1)
  ctx.registry.deliver(mounted, created.events, (event) =>
    emitFrame(mounted, 'STATE_REHYDRATED', { state: event.state, signedState: newSigned, oldComponentId: message.componentId, newComponentId: id }))
  return { success: true, newComponentId: id }
}
