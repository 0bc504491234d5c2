/**
 * What a FluxStack Live client receives for a denied decision
 * (fluxstack-live@d8538f75): the same decision reads differently on the wire
 * depending on where it was made. Pure and browser-safe, so the trace view,
 * the predicted-vs-observed comparison and the live server agree.
 */

/** Action layers whose denial is sent as `AUTH_DENIED: <reason>` (LiveAuthManager.authorizeAction). */
const ACTION_AUTH_LAYERS: ReadonlySet<string> = new Set(['actionAuth.roles', 'actionAuth.permissions', 'actionAuth.authorize', 'provider.authorizeAction'])

export interface DeniedDecision {
  readonly kind: string
  readonly reason?: string
  readonly decidedBy?: string
  readonly trace: readonly { readonly layer: string; readonly outcome: string }[]
}

export interface WireDenial {
  /** The `error` text of the answer. */
  readonly error: string
  /** An `ERROR {componentId, payload:{action, error}}` frame comes first (action-security layers). */
  readonly componentError: boolean
}

/**
 * The answer a client gets for a denial.
 * @example wireDenial({ kind: 'mount', reason: 'Authentication required', trace: [] }) // { error: 'AUTH_DENIED: Authentication required', componentError: false }
 */
export function wireDenial(decision: DeniedDecision): WireDenial {
  const reason = decision.reason ?? 'undefined'
  switch (decision.kind) {
    case 'mount':
      return { error: `AUTH_DENIED: ${reason}`, componentError: false }
    case 'action': {
      const layer = decision.decidedBy ?? ''
      // A provider hook that throws is not caught by the library: its own text is the answer.
      if (layer === 'provider.authorizeAction' && decision.trace.some((s) => s.layer === layer && s.outcome === 'error')) return { error: reason, componentError: false }
      if (ACTION_AUTH_LAYERS.has(layer)) return { error: `AUTH_DENIED: ${reason}`, componentError: false }
      return { error: reason, componentError: true }
    }
    case 'room':
      return { error: reason || 'Room access denied', componentError: false }
    case 'auth':
      return { error: 'Authentication failed', componentError: false }
    default:
      return { error: reason, componentError: false }
  }
}
