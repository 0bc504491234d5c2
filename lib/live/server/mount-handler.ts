/**
 * COMPONENT_MOUNT and COMPONENT_UNMOUNT, as ComponentRegistry.mountComponent /
 * unmountComponent do at fluxstack-live@d8538f75: name lookup with the
 * library's variations, the mount cascade with the connection's current
 * context, the instance in the sandbox with that context fixed as `$auth`, a
 * signed STATE_UPDATE, then the answer. A mount with `payload.room` joins the
 * room without asking authorizeRoom (the library's sharp edge, flagged).
 */
import { randomBytes } from 'node:crypto'
import { decideMount, sharpEdge, snapshotOf, type Decision } from '../../auth'
import type { SandboxComponent } from '../../sandbox'
import type { HostedVersion } from './live-host'
import type { MessageOf } from '../protocol-validate'
import { emitFrame } from './component-registry'
import type { LiveConnection, MountedComponent } from './connection'
import { recordDecision, tooManyComponents, type LiveContext } from './live-context'
import { keepNewInstance } from './instance-keep'
import { chargeLoop, loopMark } from './loop-budget'

/** Component ids are unguessable, so an id seen in a log says nothing about another connection's components. */
function newComponentId(name: string): string {
  return `${name}-${randomBytes(9).toString('base64url')}`
}

const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1)

/** The class a client's name means: the name itself, then `NameComponent`, `CapComponent`, `Cap` (ComponentRegistry.ts:301-305). */
export function resolveComponent(hosted: HostedVersion, requested: string): SandboxComponent | undefined {
  const find = (name: string) => hosted.loaded.components.find((c) => c.name === name)
  for (const name of [requested, `${requested}Component`, `${capitalized(requested)}Component`, capitalized(requested)]) {
    const found = find(name)
    if (found) return found
  }
  return undefined
}

function withRoomEdge(decision: Decision, room: string | undefined, hosted: HostedVersion): Decision {
  if (room === undefined || decision.verdict === 'deny' || hosted.loaded.providers.length === 0) return decision
  return { ...decision, warnings: [...decision.warnings, sharpEdge('mount-room-unchecked')] }
}

/** Mounts and answers; the error of a failed mount is the library's text. */
export async function handleMount(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'COMPONENT_MOUNT'>): Promise<void> {
  const answer = (fields: { success: boolean; result?: unknown; error?: string }) =>
    conn.immediate({ type: 'MESSAGE_RESPONSE', componentId: message.componentId, success: fields.success, result: fields.result, error: fields.error, requestId: message.requestId })
  if (conn.components.size >= ctx.limits.maxComponents) return answer({ success: false, error: tooManyComponents(ctx.limits.maxComponents) })
  const hosted = await ctx.host.current()
  // Held from here, so a hot-load while a rule is awaited cannot dispose this version under us.
  const release = ctx.host.acquire(hosted)
  let kept = false
  try {
    const outcome = await mountOn(ctx, conn, message, hosted, release)
    if (outcome === undefined) return
    kept = outcome.success
    answer(outcome)
  } finally {
    if (!kept) release()
  }
}

async function mountOn(
  ctx: LiveContext, conn: LiveConnection, message: MessageOf<'COMPONENT_MOUNT'>, hosted: HostedVersion, release: () => void,
): Promise<{ success: boolean; result?: unknown; error?: string } | undefined> {
  const { component: requested, props, room } = message.payload
  const spec = resolveComponent(hosted, requested)
  if (!spec) return { success: false, error: `Component '${requested}' not found` }
  const auth = snapshotOf(conn.auth)
  const decision = withRoomEdge(await decideMount({ component: spec, auth: conn.auth, profile: hosted.settings.profile, clock: () => ctx.clock() }), room, hosted)
  recordDecision(ctx, decision, { connection: conn, hosted, auth, component: spec.name, ...(props !== undefined ? { payload: props } : {}) })
  if (decision.verdict === 'deny') return { success: false, error: `AUTH_DENIED: ${decision.reason ?? 'undefined'}` }
  if (conn.closed) return undefined
  if (conn.components.size >= ctx.limits.maxComponents) return { success: false, error: tooManyComponents(ctx.limits.maxComponents) }
  const id = newComponentId(spec.name)
  // Rooms spanning instances are read before the join (nothing to wait for on a single instance).
  const roomReady = room !== undefined ? ctx.rooms.prepare(room) : undefined
  if (roomReady) await roomReady
  const userId = auth.authenticated ? auth.session?.id : undefined
  const created = await hosted.loaded.createInstance(spec.name, {
    id, auth, ...(props !== undefined ? { props } : {}), ...(room !== undefined ? { room } : {}), ...(userId !== undefined ? { userId } : {}), mode: 'mount',
    ...(conn.lane ? { lane: conn.lane } : {}),
  })
  if (!created.ok) return { success: false, error: created.error }
  // From here on the studio's thread works for this client (tracking, the initial state's frames): charged to its loop budget.
  const mark = loopMark(ctx, conn)
  try {
    // The connection went away while the instance was being built: it is not kept.
    if (conn.closed) {
      void created.instance.dispose({ disconnect: true })
      return undefined
    }
    const mounted: MountedComponent = {
      id, name: spec.name, requestedName: requested, spec, instance: created.instance, hosted, auth, owner: conn, release,
      ...(room !== undefined ? { room } : {}), ...(userId !== undefined ? { userId } : {}),
    }
    const refusal = keepNewInstance(ctx, mounted)
    if (refusal !== undefined) return { success: false, error: refusal }
    const signedState = ctx.registry.sign(id, requested, created.signState, 1)
    ctx.registry.deliver(mounted, created.events, (event) => emitFrame(mounted, 'STATE_UPDATE', { state: event.state, signedState }))
    return { success: true, result: { componentId: id, initialState: created.state, signedState } }
  } finally {
    chargeLoop(ctx, conn, mark)
  }
}

/**
 * The trace of a COMPONENT_UNMOUNT that meets a sharp edge, or undefined when
 * none applies: from a connection that did not mount the component (no
 * ownership check), or of a component still in rooms it joined with ROOM_JOIN
 * (the library keeps it a member). Allowed, as in the library, and flagged.
 */
function unmountEdges(mounted: MountedComponent, conn: LiveConnection, joinedRooms: readonly string[]): Decision | undefined {
  const foreign = mounted.owner !== conn
  if (!foreign && joinedRooms.length === 0) return undefined
  const trace: Decision['trace'][number][] = []
  const warnings: string[] = []
  if (foreign) {
    trace.push({ layer: 'ownership', outcome: 'skip', reason: `not checked: ${mounted.id} was mounted by another connection`, inputs: { owner: mounted.owner.id }, durationUs: 0 })
    warnings.push(sharpEdge('unmount-not-owned'))
  }
  if (joinedRooms.length > 0) {
    const names = joinedRooms.map((r) => `'${r}'`).join(', ')
    trace.push({ layer: 'room.membership', outcome: 'skip', reason: `not left: ${mounted.id} stays a member of ${names} (joined with ROOM_JOIN)`, inputs: { rooms: [...joinedRooms] }, durationUs: 0 })
    warnings.push(sharpEdge('room-ghost-member'))
  }
  return { kind: 'mount', verdict: 'allow', profile: mounted.hosted.settings.profile, trace, durationUs: 0, sessionFieldsRead: [], warnings }
}

/**
 * Destroys a component (its onDestroy emits go out), leaves its mount room and
 * frees its workspace version. The server forgets it at once; the guest's
 * destroy hooks run after, and what they emit is delivered when they are done.
 */
export async function unmount(ctx: LiveContext, mounted: MountedComponent, disconnect = false): Promise<void> {
  if (ctx.registry.get(mounted.id) !== mounted) return
  if (mounted.room !== undefined) ctx.rooms.leave(mounted.id, mounted.room)
  ctx.registry.remove(mounted.id)
  ctx.memory.forget(mounted)
  try {
    const disposed = await mounted.instance.dispose({ disconnect })
    if (disposed.ok) ctx.registry.deliver(mounted, disposed.events)
  } finally {
    mounted.release()
  }
}

/**
 * COMPONENT_UNMOUNT: always `success: true`, and no ownership check, as in the
 * library; rooms joined with ROOM_JOIN keep the id as a member.
 */
export async function handleUnmount(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'COMPONENT_UNMOUNT'>): Promise<void> {
  const mounted = ctx.registry.get(message.componentId)
  conn.components.delete(message.componentId)
  const edges = mounted && unmountEdges(mounted, conn, ctx.rooms.roomsOf(mounted.id).filter((r) => r !== mounted.room))
  if (mounted && edges) recordDecision(ctx, edges, { connection: conn, hosted: mounted.hosted, auth: conn.authSnapshot(), component: mounted.name, action: 'unmount' })
  if (mounted) await unmount(ctx, mounted)
  conn.immediate({ type: 'MESSAGE_RESPONSE', componentId: message.componentId, success: true, requestId: message.requestId })
}
