/** Parsing of the tester's JSON editors (props, payloads, room state). */

export type JsonInput = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }

export interface JsonInputOptions {
  /** Empty text means "no value" (undefined). Default true. */
  readonly allowEmpty?: boolean
  /** Only a JSON object is accepted. Default false. */
  readonly objectOnly?: boolean
}

/**
 * @example parseJsonInput('{"userId":"u-free"}', { objectOnly: true }) // { ok: true, value: { userId: 'u-free' } }
 */
export function parseJsonInput(text: string, options: JsonInputOptions = {}): JsonInput {
  const { allowEmpty = true, objectOnly = false } = options
  if (text.trim() === '') return allowEmpty ? { ok: true, value: undefined } : { ok: false, error: 'Enter a JSON value.' }
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (objectOnly && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return { ok: false, error: 'Enter a JSON object, e.g. {"key": "value"}.' }
  }
  return { ok: true, value }
}
