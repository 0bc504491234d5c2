import { randomBytes } from 'node:crypto'
import { decideMount, decideRoomJoin, snapshotOf } from '../../auth'
import type { HostedVersion } from '../../server/workspace-host'
import {
  authDenied, messageResponse, mountSucceeded, rehydrationRequired, stateUpdate,
  type ComponentMountMessage, type ComponentUnmountMessage,
} from '../protocol'
import type { LiveConnection, MountedComponent } from './connection'
import { recordDecision, tooManyComponents, type LiveContext } from './live-context'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Component ids are unguessable, so an id seen in a log says nothing about another connection's components. */
function newComponentId(name: string): string {
  return `${name}-${randomBytes(9).toString('base64url')}`
}

/** Asks the default provider's authorizeRoom for a mount that names a room; undefined when allowed. */
async function roomDenial(ctx: LiveContext, conn: LiveConnection, hosted: HostedVersion, component: string, roomId: string): Promise<string | undefined> {
  const providers = hosted.loaded.providers
  const decision = await decideRoomJoin({
    roomId, auth: conn.auth, provider: providers[0], providerCount: providers.length,
    profile: hosted.settings.profile, clock: () => ctx.clock(),
  })
  recordDecision(ctx, decision, { connection: conn, hosted, auth: snapshotOf(conn.auth), component, action: `room:${roomId}` })
  return decision.verdict === 'deny' ? (decision.reason ?? 'Room access denied') : undefined
}

/**
 * COMPONENT_MOUNT: mount cascade with the connection's current context, then
 * the instance is created in the sandbox with that context fixed as `$auth`.
 * The answer is `{componentId, initialState}` followed by a STATE_UPDATE.
 */
export async function handleMount(ctx: LiveContext, conn: LiveConnection, message: ComponentMountMessage): Promise<void> {
  const { requestId } = message
  const fail = (error: string) => void conn.send(messageResponse({ success: false, error, requestId }))
  if (conn.components.size >= ctx.limits.maxComponents) return fail(tooManyComponents(ctx.limits.maxComponents))
  const hosted = await ctx.host.current()
  // Held from here, so a hot-load while a rule is awaited cannot dispose this version under us.
  const release = ctx.host.acquire(hosted)
  let kept = false
  try {
    const error = await mountOn(ctx, conn, message, hosted, release)
    kept = error === undefined
    if (error !== undefined) fail(error)
  } finally {
    if (!kept) release()
  }
}

/** Runs the cascade and creates the instance; returns the error text of a failed mount. */
async function mountOn(
  ctx: LiveContext, conn: LiveConnection, message: ComponentMountMessage, hosted: HostedVersion, release: () => void,
): Promise<string | undefined> {
  const { component: name, props, room } = message.payload
  const spec = hosted.loaded.components.find((c) => c.name === name)
  if (!spec) return `Component '${name}' not found`
  const auth = snapshotOf(conn.auth)
  const decision = await decideMount({ component: spec, auth: conn.auth, profile: hosted.settings.profile, clock: () => ctx.clock() })
  recordDecision(ctx, decision, { connection: conn, hosted, auth, component: name, ...(props !== undefined ? { payload: props } : {}) })
  if (decision.verdict === 'deny') return authDenied(decision.reason ?? 'Denied')
  if (room !== undefined) {
    const denied = await roomDenial(ctx, conn, hosted, name, room)
    if (denied !== undefined) return authDenied(denied)
  }
  if (conn.closed) return 'Connection closed'
  if (conn.components.size >= ctx.limits.maxComponents) return tooManyComponents(ctx.limits.maxComponents)
  const started = ctx.clock()
  const created = hosted.loaded.createInstance(name, { auth, ...(isRecord(props) ? { props } : {}) })
  conn.bucket.charge(ctx.clock() - started)
  if (!created.ok) return `Mount of '${name}' failed: ${created.error}`
  const id = newComponentId(name)
  const mounted: MountedComponent = { id, name, spec, instance: created.instance, hosted, auth, release, ...(room !== undefined ? { room } : {}) }
  conn.components.set(id, mounted)
  if (room !== undefined) ctx.rooms.join(room, { connection: conn, componentId: id })
  const state = isRecord(created.instance.state) ? created.instance.state : {}
  conn.send([mountSucceeded(id, state, message.requestId), stateUpdate(id, state)])
  return undefined
}

/** Disposes one mounted component and frees its rooms and workspace version. */
export function unmount(ctx: LiveContext, conn: LiveConnection, mounted: MountedComponent): void {
  conn.components.delete(mounted.id)
  ctx.rooms.leaveAll(conn, mounted.id)
  try {
    mounted.instance.dispose()
  } finally {
    mounted.release()
  }
}

/** COMPONENT_UNMOUNT: only the mounting connection can unmount; unknown ids are answered like foreign ones. */
export function handleUnmount(ctx: LiveContext, conn: LiveConnection, message: ComponentUnmountMessage): void {
  const mounted = conn.components.get(message.componentId)
  if (!mounted) {
    if (message.requestId !== undefined) {
      conn.send(messageResponse({ componentId: message.componentId, success: false, error: rehydrationRequired(message.componentId), requestId: message.requestId }))
    }
    return
  }
  unmount(ctx, conn, mounted)
  if (message.requestId !== undefined) conn.send(messageResponse({ componentId: mounted.id, success: true, requestId: message.requestId }))
}
