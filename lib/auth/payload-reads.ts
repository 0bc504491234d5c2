/**
 * Which top-level fields of an action payload a custom `authorize` reads. The
 * rule gets a recording twin of the payload; a sandbox adapter sends the raw
 * payload to the guest (rawPayloadOf) and reports the guest's reads back
 * (recordPayloadRead), as it does for session reads.
 */

interface Tracked {
  readonly raw: object
  readonly reads: Set<string>
}

/** Shared by every copy of this module in the process (see the registry in context.ts). */
const REGISTRY = Symbol.for('live-auth-studio/payload-reads')
const shared = globalThis as unknown as Record<symbol, WeakMap<object, Tracked> | undefined>
const tracked: WeakMap<object, Tracked> = (shared[REGISTRY] ??= new WeakMap<object, Tracked>())

/** Keys looked up by the runtime itself (promise resolution, JSON), not by a rule. */
const IGNORED: ReadonlySet<string> = new Set(['then', 'toJSON'])

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A twin of `payload` that records the top-level fields read (`get`, `in`,
 * descriptor lookups). Anything but a plain object is returned as is and
 * records nothing (an undefined payload has no fields to read).
 * @example const t = trackPayloadReads({ userId: 'u1' }); rule(t.value); t.fieldsRead() // ['userId']
 */
export function trackPayloadReads(payload: unknown): { value: unknown; fieldsRead(): string[] } {
  if (!isPlainRecord(payload)) return { value: payload, fieldsRead: () => [] }
  const reads = new Set<string>()
  const note = (key: string | symbol): void => {
    if (typeof key === 'string' && !IGNORED.has(key)) reads.add(key)
  }
  const proxy = new Proxy(payload, {
    get(target, key) { note(key); return Reflect.get(target, key) },
    has(target, key) { note(key); return Reflect.has(target, key) },
    getOwnPropertyDescriptor(target, key) { note(key); return Reflect.getOwnPropertyDescriptor(target, key) },
  })
  tracked.set(proxy, { raw: payload, reads })
  return { value: proxy, fieldsRead: () => [...reads] }
}

/** The payload behind a recording twin (reading it records nothing); any other value as is. */
export function rawPayloadOf(value: unknown): unknown {
  return isPlainRecord(value) ? (tracked.get(value)?.raw ?? value) : value
}

/** Lets a sandbox adapter report a field read inside the guest; a no-op for untracked values. */
export function recordPayloadRead(value: unknown, field: string): void {
  if (isPlainRecord(value) && !IGNORED.has(field)) tracked.get(value)?.reads.add(field)
}
