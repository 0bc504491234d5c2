/**
 * Coercion of `authorize()` results exactly as the library's coerceAuthResult
 * (LiveAuthManager.ts at fluxstack-live@d8538f75): only `true` and
 * `{ allowed: true }` allow; `{ allowed: false, reason }` passes its reason
 * through as is, so a missing one reaches the client as 'undefined' (flagged
 * as a library sharp edge); anything else denies with the default reason.
 * Provider hooks are tested for truthiness, as the library does.
 */
import { describeRaw, rawType } from './describe'
import { sharpEdge } from './sharp-edges'

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
    if (typeof raw.reason === 'string') return { allowed: false, reason: raw.reason }
    // `AUTH_DENIED: ${reason}` in the library: the value is stringified as a template literal would.
    return { allowed: false, reason: templateString(raw.reason), warning: sharpEdge('denied-without-reason') }
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

function templateString(value: unknown): string {
  try {
    return `${value as string}`
  } catch {
    return String(value)
  }
}

/**
 * Coerces a provider hook result (`authorizeAction` / `authorizeRoom`) as the
 * library does (`if (!allowed)`): any truthy value allows; a truthy value that
 * is not `true` is flagged.
 */
export function coerceProviderResult(raw: unknown, hook: string): { readonly allowed: boolean; readonly warning?: string } {
  if (raw === true) return { allowed: true }
  if (!raw) return { allowed: false }
  return { allowed: true, warning: `${sharpEdge('provider-truthy')} (${hook}() returned ${describeRaw(raw)}, ${rawType(raw)})` }
}
