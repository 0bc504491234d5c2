/**
 * Component state merging for STATE_DELTA. Builds new objects and never
 * assigns a `__proto__`, `constructor` or `prototype` key, so a hostile
 * server cannot pollute prototypes through a delta.
 */

/** A component's state as the client holds it. */
export type ComponentState = Readonly<Record<string, unknown>>

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** True for keys the merge refuses to write. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key)
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// `Object.fromEntries` defines own data properties (no setter is ever hit).
function copyWithout(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !isForbiddenKey(key)))
}

function mergeLevel(
  base: Record<string, unknown>,
  delta: Record<string, unknown>,
  nullDeletes: boolean,
): Record<string, unknown> {
  const out = copyWithout(base)
  for (const [key, value] of Object.entries(delta)) {
    if (isForbiddenKey(key)) continue
    if (value === null && nullDeletes) {
      delete out[key]
      continue
    }
    const current = Object.hasOwn(out, key) ? out[key] : undefined
    out[key] =
      isPlainRecord(value) && isPlainRecord(current)
        ? mergeLevel(current, value, true)
        : isPlainRecord(value)
          ? mergeLevel({}, value, true)
          : value
  }
  return out
}

/**
 * Apply a STATE_DELTA: objects merge recursively, arrays and scalars replace.
 * A `null` inside a nested object deletes that key (live-protocol.md); a
 * top-level `null` is kept as a value, since fields like `error: null` are
 * ordinary state.
 * @example
 * applyDelta({ a: 1, user: { name: 'x', tmp: 1 } }, { user: { tmp: null } })
 * // { a: 1, user: { name: 'x' } }
 */
export function applyDelta(state: ComponentState, delta: Readonly<Record<string, unknown>>): ComponentState {
  return mergeLevel(state, delta, false)
}

/** A STATE_UPDATE replaces the state; forbidden keys are still dropped. */
export function replaceState(state: Readonly<Record<string, unknown>>): ComponentState {
  return mergeLevel({}, state, false)
}
