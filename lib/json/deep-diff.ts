/**
 * The state diff of FluxStack Live (utils/deepDiff.ts at fluxstack-live@d8538f75),
 * used for room state on the host (the sandbox has its own copy for component
 * state): plain objects are compared key by key down to `maxDepth`, arrays and
 * everything else by reference; `undefined` is skipped; inside nested objects a
 * removed key is sent as `null`, and `deepAssign` deletes such keys.
 */

type Json = Record<string, unknown>

export function isPlainObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
}

function setOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * The changed keys of `next` against `prev`, or null when nothing changed.
 * @example computeDeepDiff({ a: { x: 1, y: 2 } }, { a: { x: 1 } }) // { a: { y: null } }
 */
export function computeDeepDiff(prev: Json, next: Json, depth = 0, maxDepth = 3, seen: Set<object> = new Set()): Json | null {
  if (depth > maxDepth) return prev === next ? null : next
  if (seen.has(next)) return prev === next ? null : next
  seen.add(next)
  let result: Json | null = null
  for (const key of Object.keys(next)) {
    const oldVal = prev[key]
    const newVal = next[key]
    if (newVal === undefined || oldVal === newVal) continue
    if (isPlainObject(oldVal) && isPlainObject(newVal)) {
      const nested = computeDeepDiff(oldVal, newVal, depth + 1, maxDepth, seen)
      if (nested !== null) setOwn((result ??= {}), key, nested)
    } else setOwn((result ??= {}), key, newVal)
  }
  if (depth > 0) {
    for (const key of Object.keys(prev)) if (!(key in next)) setOwn((result ??= {}), key, null)
  }
  return result
}

/** Applies a diff: a nested `null` deletes, a top-level `null` is a value, plain objects are copied in. */
export function deepAssign(target: Json, source: Json, depth = 0): void {
  for (const key of Object.keys(source)) {
    const value = source[key]
    if (value === undefined) continue
    if (value === null) {
      if (depth === 0) setOwn(target, key, null)
      else delete target[key]
      continue
    }
    const current = target[key]
    if (isPlainObject(current) && isPlainObject(value)) deepAssign(current, value, depth + 1)
    else setOwn(target, key, isPlainObject(value) ? structuredClone(value) : value)
  }
}
