import { decideAction, decideProperty, snapshotOf } from '../../auth'
import type { ComponentEvent } from '../../sandbox'
import {
  actionResponse, authDenied, broadcast, componentError, messageResponse, rehydrationRequired, roomEvent, stateDelta, stateUpdate,
  type CallActionMessage, type PropertyUpdateMessage, type ServerMessage,
} from '../protocol'
import type { LiveConnection, MountedComponent } from './connection'
import { recordDecision, type LiveContext } from './live-context'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Room events and broadcasts a component recorded go to the other members of its room. */
function fanOut(ctx: LiveContext, conn: LiveConnection, mounted: MountedComponent, events: readonly ComponentEvent[]): void {
  for (const event of events) {
    if (event.type === 'STATE_DELTA') continue
    const room = event.type === 'BROADCAST' ? (event.room ?? mounted.room) : mounted.room
    if (room === undefined || !ctx.rooms.isMember(room, conn.id, mounted.id)) continue
    const name = event.event ?? 'event'
    for (const member of ctx.rooms.others(room, conn.id, mounted.id)) {
      member.connection.send(event.type === 'EMIT'
        ? roomEvent(member.componentId, room, name, event.data ?? null)
        : broadcast(member.componentId, name, event.data ?? null, room))
    }
  }
}

/** The state frames after an action: one STATE_DELTA per setState, or a full STATE_UPDATE when state changed otherwise. */
function stateFrames(mounted: MountedComponent, changed: boolean, events: readonly ComponentEvent[], state: unknown): ServerMessage[] {
  const deltas = events.filter((e) => e.type === 'STATE_DELTA' && isRecord(e.data))
  if (deltas.length > 0) return deltas.map((e) => stateDelta(mounted.id, e.data as Record<string, unknown>))
  if (isRecord(state) && changed) return [stateUpdate(mounted.id, state)]
  return []
}

/**
 * CALL_ACTION: the action cascade with the CALLING connection's current
 * context (not the `$auth` fixed at mount), then the body in the sandbox.
 */
export async function handleAction(ctx: LiveContext, conn: LiveConnection, message: CallActionMessage): Promise<void> {
  const { componentId, action, payload, requestId } = message
  const mounted = conn.components.get(componentId)
  if (!mounted) return void conn.send(actionResponse({ componentId, success: false, error: rehydrationRequired(componentId), requestId }))
  const { hosted } = mounted
  const providers = hosted.loaded.providers
  const decision = await decideAction({
    component: mounted.spec, action, payload, auth: conn.auth, provider: providers[0], providerCount: providers.length,
    profile: hosted.settings.profile, clock: () => ctx.clock(),
  })
  recordDecision(ctx, decision, { connection: conn, hosted, auth: snapshotOf(conn.auth), component: mounted.name, action, payload })
  if (decision.verdict === 'deny') {
    return void conn.send(actionResponse({ componentId, success: false, error: authDenied(decision.reason ?? 'Denied'), requestId }))
  }
  // The component may have been unmounted while a rule was awaited.
  if (conn.components.get(componentId) !== mounted) {
    return void conn.send(actionResponse({ componentId, success: false, error: rehydrationRequired(componentId), requestId }))
  }
  const before = mounted.instance.stateVersion
  const started = ctx.clock()
  const outcome = mounted.instance.callAction(action, payload)
  conn.bucket.charge(ctx.clock() - started)
  if (!outcome.ok) {
    return void conn.send([componentError(componentId, action, outcome.error), actionResponse({ componentId, success: false, error: outcome.error, requestId })])
  }
  conn.send([...stateFrames(mounted, mounted.instance.stateVersion !== before, outcome.events, outcome.state), actionResponse({ componentId, success: true, result: outcome.result ?? null, requestId })])
  fanOut(ctx, conn, mounted, outcome.events)
}

/** PROPERTY_UPDATE: ownership, then the allowlist (no auth check, by design of the library). */
export async function handleProperty(ctx: LiveContext, conn: LiveConnection, message: PropertyUpdateMessage): Promise<void> {
  const { componentId, property, requestId } = message
  const value = message.payload.value
  const mounted = conn.components.get(componentId)
  if (!mounted) return void conn.send(messageResponse({ componentId, success: false, error: rehydrationRequired(componentId), requestId }))
  const decision = await decideProperty({ component: mounted.spec, property, value, profile: mounted.hosted.settings.profile, clock: () => ctx.clock() })
  recordDecision(ctx, decision, { connection: conn, hosted: mounted.hosted, auth: snapshotOf(conn.auth), component: mounted.name, action: `property:${property}`, payload: { value } })
  if (decision.verdict === 'deny') return void conn.send(messageResponse({ componentId, success: false, error: decision.reason ?? 'Denied', requestId }))
  const outcome = mounted.instance.updateProperty(property, value)
  if (!outcome.ok) return void conn.send(messageResponse({ componentId, success: false, error: outcome.error, requestId }))
  const state = isRecord(outcome.state) ? outcome.state : {}
  conn.send([stateDelta(componentId, { [property]: state[property] ?? null }), messageResponse({ componentId, success: true, requestId })])
}
