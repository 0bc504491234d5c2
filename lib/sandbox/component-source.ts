/**
 * Guest-side LiveComponent, part of the 'flux:live' module: the state
 * semantics of FluxStack Live 0.11 (component/LiveComponent.ts,
 * managers/ComponentStateManager.ts and utils/deepDiff.ts at
 * fluxstack-live@d8538f75), so a component body changes state and emits
 * exactly what it would in a real app:
 * - setState deep-diffs (3 levels), skips undefined, deletes on a nested null
 *   and emits one STATE_DELTA with the diff;
 * - `this.state.x = v` and `this.x = v` (direct accessors) emit too;
 * - emit(type, payload) goes to the component's own client;
 * - broadcast(type, payload) goes to the components mounted in its room.
 * Emits are recorded with the microtask batch they were made in, so the host
 * frames them as the library's send batcher would. Plain ES2022, no template
 * literals (this is one).
 */
export const COMPONENT_SOURCE = String.raw`
function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
}

function computeDeepDiff(prev, next, depth, maxDepth, seen) {
  if (depth > maxDepth) return prev === next ? null : next
  if (!seen) seen = new Set()
  if (seen.has(next)) return prev === next ? null : next
  seen.add(next)
  let result = null
  for (const key of Object.keys(next)) {
    const oldVal = prev[key]
    const newVal = next[key]
    if (newVal === undefined) continue
    if (oldVal === newVal) continue
    if (isPlainObject(oldVal) && isPlainObject(newVal)) {
      const nested = computeDeepDiff(oldVal, newVal, depth + 1, maxDepth, seen)
      if (nested !== null) { if (result === null) result = {}; result[key] = nested }
    } else {
      if (result === null) result = {}
      result[key] = newVal
    }
  }
  if (depth > 0) {
    for (const key of Object.keys(prev)) {
      if (!(key in next)) { if (result === null) result = {}; result[key] = null }
    }
  }
  return result
}

function cloneJson(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}

function deepAssign(target, source, depth) {
  if (source == null || typeof source !== 'object') return
  for (const key of Object.keys(source)) {
    const value = source[key]
    if (value === undefined) continue
    if (value === null) {
      if (depth === 0) target[key] = null
      else delete target[key]
      continue
    }
    if (isPlainObject(target[key]) && isPlainObject(value)) deepAssign(target[key], value, depth + 1)
    else if (isPlainObject(value)) target[key] = cloneJson(value)
    else target[key] = value
  }
}

/** Event data as JSON text at the time of the emit; undefined stays absent. */
function eventJson(value) {
  if (value === undefined) return { ok: true }
  try {
    const text = JSON.stringify(value)
    return text === undefined ? { ok: true } : { ok: true, text }
  } catch (_) {
    return { ok: false }
  }
}

function optionsOf(component) {
  const o = component.constructor.$options
  return o !== null && typeof o === 'object' ? o : {}
}

function guardStateChange(component, changes) {
  if (internal.inStateChange.has(component)) return
  internal.inStateChange.add(component)
  try { component.onStateChange(changes) } catch (e) { internal.logs.push('error: onStateChange: ' + describeThrown(e)) }
  finally { internal.inStateChange.delete(component) }
}

function emitDelta(component, delta) {
  component.emit('STATE_DELTA', { delta: delta })
}

function stateProxy(component, raw) {
  return new Proxy(raw, {
    set(target, prop, value) {
      const oldValue = target[prop]
      if (oldValue === value) return true
      target[prop] = value
      const changes = {}
      changes[prop] = value
      const opts = optionsOf(component)
      if (opts.deepDiff !== false && typeof prop === 'string' && isPlainObject(oldValue) && isPlainObject(value)) {
        const before = {}; before[prop] = oldValue
        const diff = computeDeepDiff(before, changes, 0, typeof opts.deepDiffDepth === 'number' ? opts.deepDiffDepth : 3)
        if (diff === null) return true
        emitDelta(component, diff)
      } else emitDelta(component, changes)
      guardStateChange(component, changes)
      return true
    },
  })
}

const FORBIDDEN_ACCESSORS = ['state', '_state', 'ws', 'id', 'room', 'userId', 'broadcastToRoom', '$private', '_privateState',
  '$room', '$rooms', 'roomType', 'roomHandles', 'joinedRooms', 'roomEventUnsubscribers',
  '_stateManager', '_roomProxyManager', '_actionSecurity', '_messaging']

function applyDirectAccessors(component, raw) {
  const forbidden = new Set([...Object.keys(component), ...Object.getOwnPropertyNames(Object.getPrototypeOf(component)), ...FORBIDDEN_ACCESSORS])
  for (const key of Object.keys(raw)) {
    if (forbidden.has(key)) continue
    Object.defineProperty(component, key, {
      get() { return internal.state.get(component)[key] },
      set(value) { component.state[key] = value },
      enumerable: true,
      configurable: true,
    })
  }
}

function describeThrown(e) {
  if (e !== null && typeof e === 'object' && typeof e.message === 'string') return e.message
  return String(e)
}

/** Base class of every live component. */
export class LiveComponent {
  constructor(initialState, _ws, options) {
    const boot = internal.boot || {}
    this.id = typeof boot.id === 'string' ? boot.id : ''
    this.room = options && typeof options.room === 'string' ? options.room : undefined
    this.userId = options && typeof options.userId === 'string' ? options.userId : undefined
    const opts = optionsOf(this)
    const merged = Object.assign({}, this.constructor.defaultState, initialState || {})
    const raw = opts.deepDiff === false ? merged : (cloneJson(merged) || {})
    internal.state.set(this, raw)
    internal.privates.set(this, {})
    internal.events.set(this, [])
    this.state = stateProxy(this, raw)
    applyDirectAccessors(this, raw)
  }
  /** Server-only data; the client never sees it. */
  get $private() { return internal.privates.get(this) }
  /** Set by the framework at mount; read-only. */
  get $auth() { return internal.auth.get(this) || ANONYMOUS_CONTEXT }
  get $rooms() { return [] }
  get $persistent() { return {} }
  onConnect() {}
  onMount() {}
  onDisconnect() {}
  onDestroy() {}
  onStateChange(_changes) {}
  onRoomJoin(_roomId) {}
  onRoomLeave(_roomId) {}
  onRehydrate(_state) {}
  onAction(_action, _payload) {}
  onClientJoin(_connectionId, _count) {}
  onClientLeave(_connectionId, _count) {}
  setState(updates) {
    const raw = internal.state.get(this)
    const next = typeof updates === 'function' ? updates(raw) : updates
    const opts = optionsOf(this)
    let changes
    if (opts.deepDiff !== false) {
      changes = computeDeepDiff(raw, next, 0, typeof opts.deepDiffDepth === 'number' ? opts.deepDiffDepth : 3)
      if (changes === null) return
      deepAssign(raw, changes, 0)
    } else {
      changes = {}
      let any = false
      for (const key of Object.keys(next)) if (raw[key] !== next[key]) { changes[key] = next[key]; any = true }
      if (!any) return
      Object.assign(raw, changes)
    }
    emitDelta(this, changes)
    guardStateChange(this, changes)
  }
  setValue(payload) {
    const update = {}
    update[payload.key] = payload.value
    this.setState(update)
    return { success: true, key: payload.key, value: payload.value }
  }
  getSerializableState() { return this.state }
  /** To the component's own client: { type, componentId, payload, userId, room }. */
  emit(type, payload) {
    const j = eventJson(payload)
    internal.record(this, j.ok ? { k: 'e', t: String(type), j: j.text } : { k: 'e', t: String(type), drop: 1 })
  }
  /** BROADCAST to every component mounted in this component's room (the sender too). */
  broadcast(type, payload, excludeCurrentUser) {
    if (typeof this.room !== 'string') {
      internal.logs.push('warn: [' + this.id + '] Cannot broadcast ' + String(type) + ' - no room set')
      return
    }
    const j = eventJson(payload)
    const entry = { k: 'b', t: String(type), r: this.room }
    if (j.ok && j.text !== undefined) entry.j = j.text
    if (!j.ok) entry.drop = 1
    if (excludeCurrentUser === true && typeof this.userId === 'string') entry.x = this.userId
    internal.record(this, entry)
  }
  destroy() {
    try { this.onDestroy() } catch (e) { internal.logs.push('error: onDestroy: ' + describeThrown(e)) }
  }
}
`
