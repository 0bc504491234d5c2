/** Puts where a rule is written (a custom `authorize`) on its layer's result, so the trace step can link to it. */
import type { LayerResult } from './cascade'
import type { SourceLocation } from './types'

function isThenable(value: unknown): value is PromiseLike<LayerResult> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

/** `result` with `source` on it; unchanged when the location is unknown. */
export function withSource(result: LayerResult | Promise<LayerResult>, source: SourceLocation | undefined): LayerResult | Promise<LayerResult> {
  if (source === undefined) return result
  return isThenable(result) ? Promise.resolve(result).then((r) => ({ ...r, source })) : { ...result, source }
}
