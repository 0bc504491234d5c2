/**
 * PROPERTY_UPDATE, as ComponentRegistry.updateProperty does at
 * fluxstack-live@d8538f75: ownership, then reserved keys, `$` keys and the
 * allowlist (no auth check: why auth flags must never live in `state`), then
 * `setState({ [property]: value })` in the sandbox. Always answered.
 */
import { decideProperty } from '../../auth'
import type { MessageOf } from '../protocol-validate'
import { rehydrationRequired } from './action-handler'
import type { LiveConnection } from './connection'
import { guardFault, guardInstance } from './instance-guard'
import { recordDecision, type LiveContext } from './live-context'

export async function handleProperty(ctx: LiveContext, conn: LiveConnection, message: MessageOf<'PROPERTY_UPDATE'>): Promise<void> {
  const { componentId, property, requestId } = message
  const value = message.payload.value
  const answer = (error?: string) => conn.immediate({ type: 'MESSAGE_RESPONSE', componentId, success: error === undefined, error, requestId })
  if (!conn.components.has(componentId)) return answer(rehydrationRequired(componentId))
  // Owned but gone (another connection unmounted it): updateProperty's own lookup (ComponentRegistry.ts:759).
  const mounted = ctx.registry.get(componentId)
  if (!mounted) return answer(`Component '${componentId}' not found`)
  const decision = await decideProperty({ component: mounted.spec, property, value, profile: mounted.hosted.settings.profile, clock: () => ctx.clock() })
  recordDecision(ctx, decision, { connection: conn, hosted: mounted.hosted, auth: conn.authSnapshot(), component: mounted.name, action: `property:${property}`, payload: { value } })
  if (decision.verdict === 'deny') return answer(decision.reason ?? 'undefined')
  const outcome = await mounted.instance.updateProperty(property, value)
  if (!outcome.ok) return answer(guardFault(ctx, mounted, outcome))
  const refusal = guardInstance(ctx, mounted)
  if (refusal !== undefined) return answer(refusal)
  ctx.registry.deliver(mounted, outcome.events)
  answer()
}
