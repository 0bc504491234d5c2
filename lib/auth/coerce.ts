/**
 * Fail-closed coercion of `authorize()` results (live-protocol.md, and
 * coerceAuthResult in the library's LiveAuthManager.ts): only `true` and
 * `{ allowed: true }` allow. Where the studio's answer differs from what a
 * client of the real library would see, a warning says so.
 */
import { describeRaw, rawType } from './describe'

export type Coerced =
  | { readonly allowed: true; readonly warning?: string }
  | { readonly allowed: false; readonly reason: string; readonly warning?: string }

function hasAllowed(value: unknown): value is { allowed: unknown; reason?: unknown } {
  return typeof value === 'object' && value !== null && 'allowed' in value
}

/**
 * Coerces a raw authorize result. `defaultReason` is the layer's "denied by
 * custom authorize" wording.
 * @example coerceAuthorizeResult({ allowed: false, reason: 'Pro plan required' }, deniedByCustomAuthorize())
 */
export function coerceAuthorizeResult(raw: unknown, defaultReason: string): Coerced {
  if (raw === true) return { allowed: true }
  if (raw === false) return { allowed: false, reason: defaultReason }
  if (hasAllowed(raw) && raw.allowed === true) return { allowed: true }
  if (hasAllowed(raw) && raw.allowed === false) {
    if (typeof raw.reason === 'string' && raw.reason.length > 0) return { allowed: false, reason: raw.reason }
    return {
      allowed: false,
      reason: defaultReason,
      warning:
        `authorize() returned ${describeRaw(raw)} without a reason: the real library sends ` +
        `'AUTH_DENIED: ${raw.reason === undefined ? 'undefined' : String(raw.reason)}'; the studio uses '${defaultReason}'`,
    }
  }
  const truthy = Boolean(raw)
  return {
    allowed: false,
    reason: defaultReason,
    warning:
      `authorize() returned ${describeRaw(raw)} (${rawType(raw)}), which is neither true, false nor ` +
      `{ allowed: boolean }: denied (fail-closed)${truthy ? '; a truthiness check would have allowed it' : ''}`,
  }
}

/**
 * Coerces a provider hook result (`authorizeAction` / `authorizeRoom`). The
 * library tests truthiness (`if (!allowed)`); the studio only allows `true`.
 */
export function coerceProviderResult(raw: unknown, hook: string): { readonly allowed: boolean; readonly warning?: string } {
  if (raw === true) return { allowed: true }
  if (raw === false || raw === undefined || raw === null) return { allowed: false }
  if (!raw) return { allowed: false }
  return {
    allowed: false,
    warning: `provider ${hook}() returned ${describeRaw(raw)} (${rawType(raw)}), not true: denied (fail-closed); the real library would allow it (truthiness check)`,
  }
}
