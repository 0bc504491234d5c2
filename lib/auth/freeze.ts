/**
 * Deep copy + freeze of session data, so a rule or action cannot change
 * `$auth.session.roles` (or anything nested) and escalate for later checks, and
 * so the caller's own objects are never frozen behind its back.
 */

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Copies arrays and plain objects recursively and freezes the copies. Other
 * objects (Date, Map, class instances) are kept by reference: they cannot be
 * frozen meaningfully. Cycles are preserved.
 */
export function deepFreezeCopy<T>(value: T, seen: WeakMap<object, unknown> = new WeakMap()): T {
  if (typeof value !== 'object' || value === null) return value
  const known = seen.get(value)
  if (known !== undefined) return known as T
  if (Array.isArray(value)) {
    const copy: unknown[] = []
    seen.set(value, copy)
    for (const item of value) copy.push(deepFreezeCopy(item, seen))
    return Object.freeze(copy) as T
  }
  if (!isPlainObject(value)) return value
  const copy: Record<string, unknown> = {}
  seen.set(value, copy)
  for (const key of Object.keys(value)) {
    // defineProperty, not assignment: a JSON '__proto__' key must stay a plain own field.
    Object.defineProperty(copy, key, {
      value: deepFreezeCopy((value as Record<string, unknown>)[key], seen),
      enumerable: true,
      writable: false,
      configurable: false,
    })
  }
  return Object.freeze(copy) as T
}
