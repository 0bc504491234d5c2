/**
 * How deeply JSON-shaped values may nest before anything hands them to the
 * QuickJS sandbox: its JSON parser recurses in C, and a few thousand levels
 * exhaust the native stack and crash the engine every component of the
 * workspace shares. Pure: used by the live protocol and the HTTP API.
 */

/** Deepest object/array nesting accepted from a client (the root is level 1). */
export const MAX_NESTING = 64

/** True when objects/arrays nest deeper than `max` levels (the root is level 1); iterative, stops early. */
export function nestedDeeperThan(root: unknown, max: number): boolean {
  const stack: Array<readonly [unknown, number]> = [[root, 1]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as readonly [unknown, number]
    if (typeof value !== 'object' || value === null) continue
    if (depth > max) return true
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}
