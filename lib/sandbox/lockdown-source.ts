/**
 * Guest-side lockdown, run once per engine BEFORE any workspace module:
 * installs a recording `console`, then freezes every intrinsic reachable from
 * globalThis (plus the hidden ones: iterator, generator, async prototypes),
 * globalThis itself and the compatible API. A rule that writes
 * `Object.prototype.isAdmin = true` then fails with a TypeError instead of
 * leaking into later calls. Common "override mistake" properties
 * (`this.name = ...` in an Error subclass) are turned into accessors so that
 * assigning them on an instance still works.
 */
export const LOCKDOWN_SOURCE = String.raw`
/** Freezes an object graph INCLUDING prototypes (for intrinsics, once per engine). */
function freezeGraph(root, seen = new Set()) {
  const stack = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue
    seen.add(value)
    Object.freeze(value)
    stack.push(Object.getPrototypeOf(value))
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key)
      if (!d) continue
      if ('value' in d) stack.push(d.value)
      else stack.push(d.get, d.set)
    }
  }
  return root
}

/** Freezes plain data (own properties only, prototypes are already frozen): per call, so it must stay cheap. */
function freezeDeep(root) {
  const stack = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (value === null || typeof value !== 'object' || Object.isFrozen(value)) continue
    Object.freeze(value)
    for (const key of Object.keys(value)) stack.push(value[key])
  }
  return root
}

function tameOverride(proto, key) {
  const d = Object.getOwnPropertyDescriptor(proto, key)
  if (!d || !('value' in d) || !d.configurable) return
  const original = d.value
  Object.defineProperty(proto, key, {
    configurable: false,
    enumerable: d.enumerable,
    get() { return original },
    set(v) {
      if (this === proto) throw new TypeError('Cannot assign to frozen intrinsic property ' + String(key))
      Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true })
    },
  })
}

const OVERRIDABLE = ['constructor', 'toString', 'valueOf', 'name', 'message', 'hasOwnProperty', 'toLocaleString', 'toJSON']

function installConsole() {
  const write = (level) => (...args) => {
    if (internal.logs.length >= 100) return
    const text = args.map((a) => {
      if (typeof a === 'string') return a
      try { return JSON.stringify(a) } catch (_) { return String(a) }
    }).join(' ')
    internal.logs.push((level === 'log' ? '' : level + ': ') + text.slice(0, 500))
  }
  globalThis.console = { log: write('log'), info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') }
}

function lockdown() {
  installConsole()
  const hidden = [
    function* () {}, async function () {}, async function* () {}, (function* () {})(),
    [][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator](),
    /x/[Symbol.matchAll]('x'), Int8Array,
  ].map((v) => Object.getPrototypeOf(v))
  const protos = [Object.prototype, Function.prototype, Array.prototype, Promise.prototype, Error.prototype,
    TypeError.prototype, RangeError.prototype, SyntaxError.prototype, ReferenceError.prototype]
  for (const proto of protos) for (const key of OVERRIDABLE) tameOverride(proto, key)
  const seen = new Set()
  freezeGraph(globalThis, seen)
  for (const value of hidden) freezeGraph(value, seen)
  for (const key of Object.keys(api)) freezeGraph(api[key], seen)
  return true
}
`
