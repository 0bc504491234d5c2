/**
 * Memoized declarative checks: a role or permission check depends only on the
 * context (frozen, see isStableContext), the rule and the action name, so the
 * live server's hot path computes it once per connection context and rule
 * instead of on every call. Results are frozen, as traces share them.
 */
import type { LayerResult } from './cascade'
import { isStableContext } from './context'
import type { LiveAuthContext } from './types'

function freezeResult(result: LayerResult): LayerResult {
  for (const value of Object.values(result.inputs)) if (Array.isArray(value)) Object.freeze(value)
  Object.freeze(result.inputs)
  return Object.freeze(result)
}

/** One table per layer (roles, permissions). */
export class ClaimMemo {
  private readonly memo = new WeakMap<LiveAuthContext, WeakMap<object, Map<string, LayerResult>>>()

  /** The remembered result for (context, rule object, action); undefined when not known or the context is not stable. */
  get(auth: LiveAuthContext, rule: object, action: string): LayerResult | undefined {
    return this.memo.get(auth)?.get(rule)?.get(action)
  }

  /**
   * Remembers `result` when the context is stable, and returns it (frozen when remembered).
   * @example memo.get(auth, entry, action) ?? memo.remember(auth, entry, action, checkRoles(auth, entry.roles, wording))
   */
  remember(auth: LiveAuthContext, rule: object, action: string, result: LayerResult): LayerResult {
    if (!isStableContext(auth)) return result
    let perRule = this.memo.get(auth)
    if (perRule === undefined) this.memo.set(auth, (perRule = new WeakMap()))
    let perAction = perRule.get(rule)
    if (perAction === undefined) perRule.set(rule, (perAction = new Map()))
    const frozen = freezeResult(result)
    perAction.set(action, frozen)
    return frozen
  }
}
