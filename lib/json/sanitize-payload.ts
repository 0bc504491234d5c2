/**
 * The FluxStack Live payload sanitizer (security/sanitize.ts at
 * fluxstack-live@d8538f75): removes `__proto__`, `constructor` and `prototype`
 * keys and function values, down to MAX_JSON_DEPTH levels. Objects and arrays
 * that need no change are returned as they are (no copy); a changed object is
 * a fresh plain object whose keys keep their order.
 */
import { MAX_JSON_DEPTH } from './text-depth'

const DANGEROUS_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a key is data here, never a prototype setter.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function sanitizeArray(value: readonly unknown[], depth: number): readonly unknown[] {
  let result: unknown[] | undefined
  for (let i = 0; i < value.length; i++) {
    const clean = sanitizePayload(value[i], depth + 1)
    if (clean !== value[i]) {
      result ??= value.slice()
      result[i] = clean
    }
  }
  return result ?? value
}

function sanitizeObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const keys = Object.keys(value)
  let clean: Record<string, unknown> | undefined
  const copyBefore = (stop: string, sanitize: boolean) => {
    clean = {}
    for (const k of keys) {
      if (k === stop) break
      setOwn(clean, k, sanitize ? sanitizePayload(value[k], depth + 1) : value[k])
    }
  }
  for (const key of keys) {
    const v = value[key]
    if (DANGEROUS_KEYS.has(key) || typeof v === 'function') {
      if (clean === undefined) copyBefore(key, true)
      continue
    }
    const s = sanitizePayload(v, depth + 1)
    if (clean !== undefined) setOwn(clean, key, s)
    else if (s !== v) {
      copyBefore(key, false)
      setOwn(clean as unknown as Record<string, unknown>, key, s)
    }
  }
  return clean ?? value
}

/**
 * Strips prototype-pollution keys from a parsed payload.
 * @example sanitizePayload(JSON.parse('{"__proto__":{"x":1},"a":1}')) // { a: 1 }
 */
export function sanitizePayload<T>(value: T, depth = 0): T {
  if (depth > MAX_JSON_DEPTH) return value
  if (Array.isArray(value)) return sanitizeArray(value, depth) as T
  if (typeof value === 'function') return undefined as T
  if (value !== null && typeof value === 'object') return sanitizeObject(value as Record<string, unknown>, depth) as T
  return value
}
