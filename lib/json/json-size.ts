/**
 * The library's cheap JSON size estimate (rooms/LiveRoomManager.ts
 * estimateJsonSize at fluxstack-live@d8538f75): numbers count 8, strings
 * their length plus quotes; depth capped at 8. Used between the exact recounts
 * of a room's state size, exactly as the library does.
 */
export function estimateJsonSize(v: unknown, depth = 0): number {
  if (depth > 8) return 2
  if (v === null || v === undefined) return 4
  if (typeof v === 'boolean') return v ? 4 : 5
  if (typeof v === 'number') return 8
  if (typeof v === 'string') return v.length + 2
  if (Array.isArray(v)) {
    let sum = 2
    v.forEach((item, i) => {
      sum += (i > 0 ? 1 : 0) + estimateJsonSize(item, depth + 1)
    })
    return sum
  }
  if (typeof v === 'object') {
    let sum = 2
    Object.keys(v).forEach((k, i) => {
      sum += (i > 0 ? 1 : 0) + k.length + 3 + estimateJsonSize((v as Record<string, unknown>)[k], depth + 1)
    })
    return sum
  }
  return 8
}
