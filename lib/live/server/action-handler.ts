/**
 * CALL_ACTION, as ComponentRegistry.handleMessage / executeAction and
 * ActionSecurityManager do at fluxstack-live@d8538f75: ownership, then the
 * action cascade with the CALLING connection's current context (lib/auth, in
 * the workspace's ordering profile), then the body in the sandbox. What the
 * client receives depends on which layer said no:
 * - actionAuth and the provider hook: `AUTH_DENIED: <reason>`, nothing else;
 * - a provider hook that threw: its raw message (the library does not catch it);
 * - blocklist, private names, publicActions, missing method, Object.prototype,
 *   or the body itself: an `ERROR {componentId, payload:{action, error}}` frame,
 *   then the bare reason.
 * A success is answered only when the client asked (`expectResponse`).
 */
import { decideActionNow } from '../../auth'
import type { MessageOf } from '../protocol-validate'
import { wireDenial } from '../wire-answer'
import { emitFrame } from './component-registry'
import type { LiveConnection, MountedComponent } from './connection'
import { guardFault, guardInstance } from './instance-guard'
import { recordDecision, type LiveContext } from './live-context'
import { chargeLoop, loopMark } from './loop-budget'
import type { ActionOutcome } from '../../sandbox'

export const rehydrationRequired = (componentId: string) => `COMPONENT_REHYDRATION_REQUIRED:${componentId}`

/** The ACTION_RESPONSE of a CALL_ACTION, alone in its own frame. */
function answer(conn: LiveConnection, message: MessageOf<'CALL_ACTION'>, success: boolean, result: unknown, error: string | undefined): void {
  conn.immediate({ type: 'ACTION_RESPONSE', componentId: message.componentId, success, result, error, requestId: message.requestId })
}

export async function handleAction(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'CALL_ACTION'>): Promise<void> {
  const { componentId, action, payload } = message
  const mounted = conn.components.has(componentId) ? ctx.registry.get(componentId) : undefined
  if (!mounted) return answer(conn, message, false, undefined, rehydrationRequired(componentId))
  const { hosted } = mounted
  const providers = hosted.loaded.providers
  const deciding = decideActionNow({
    component: mounted.spec, action, payload, auth: conn.auth, provider: providers[0], providerCount: providers.length,
    profile: hosted.settings.profile, clock: ctx.clock,
  })
  // A declarative cascade is decided without a promise (the hot path); a custom rule or provider hook is awaited.
  const decision = deciding instanceof Promise ? await deciding : deciding
  recordDecision(ctx, decision, { connection: conn, hosted, auth: conn.authSnapshot(), component: mounted.name, action, payload })
  if (decision.verdict === 'deny') {
    const denial = wireDenial(decision)
    if (denial.componentError) mounted.owner.queue(emitFrame(mounted, 'ERROR', { action, error: denial.error }))
    return answer(conn, message, false, undefined, denial.error)
  }
  // The component may have been unmounted while a rule was awaited.
  if (ctx.registry.get(componentId) !== mounted) return answer(conn, message, false, undefined, rehydrationRequired(componentId))
  await runBody(ctx, conn, mounted, message)
}

async function runBody(ctx: LiveContext, conn: LiveConnection, mounted: MountedComponent, message: MessageOf<'CALL_ACTION'>): Promise<void> {
  const { action, payload } = message
  const outcome = await mounted.instance.callAction(action, payload, conn.caller())
  // From here on the studio's thread works for this client (its frames): charged to its loop budget.
  const mark = loopMark(ctx, conn)
  try {
    afterBody(ctx, conn, mounted, message, outcome)
  } finally {
    chargeLoop(ctx, conn, mark)
  }
}

function afterBody(ctx: LiveContext, conn: LiveConnection, mounted: MountedComponent, message: MessageOf<'CALL_ACTION'>, outcome: ActionOutcome): void {
  const { action } = message
  if (!outcome.ok) {
    // The sandbox stopped the body (deadline, memory): answered as an action that threw.
    const error = guardFault(ctx, mounted, outcome)
    mounted.owner.queue(emitFrame(mounted, 'ERROR', { action, error }))
    return answer(conn, message, false, undefined, error)
  }
  const refusal = guardInstance(ctx, mounted)
  if (refusal !== undefined) {
    mounted.owner.queue(emitFrame(mounted, 'ERROR', { action, error: refusal }))
    return answer(conn, message, false, undefined, refusal)
  }
  ctx.registry.deliver(mounted, outcome.events)
  if (outcome.overflow) ctx.registry.resync(mounted.owner)
  if (outcome.failed) return answer(conn, message, false, undefined, outcome.error)
  if (message.expectResponse === true) answer(conn, message, true, outcome.result, undefined)
}
