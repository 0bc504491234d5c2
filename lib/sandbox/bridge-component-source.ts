/**
 * Guest-side operations on mounted components, part of 'flux:bridge': create
 * (mount and re-hydrate), act (an action, as ActionSecurityManager runs it
 * after the auth layers: action rate limit, payload schema, onAction hook,
 * then the method with `(payload, caller)`), update (PROPERTY_UPDATE) and
 * dispose. Every answer carries the events the component recorded, each with
 * its microtask batch, and the public state when it changed. Plain ES2022, no
 * template literals (this is one).
 */
export const BRIDGE_COMPONENT_SOURCE = String.raw`
const V8_WORDING = [
  [/^cannot read property '([^']*)' of (undefined|null)$/, (m) => 'Cannot read properties of ' + m[2] + " (reading '" + m[1] + "')"],
  [/^cannot set property '([^']*)' of (undefined|null)$/, (m) => 'Cannot set properties of ' + m[2] + " (setting '" + m[1] + "')"],
  [/^'([^']*)' is not defined$/, (m) => m[1] + ' is not defined'],
  [/^cannot convert to object$/, () => 'Cannot convert undefined or null to object'],
  [/^stack overflow$/, () => 'Maximum call stack size exceeded'],
]

/** errorMessage() of the library; the engine's own TypeError texts in Node's wording. */
function errorText(e) {
  let message
  if (e instanceof Error) message = e.message
  else if (e !== null && typeof e === 'object' && typeof e.message === 'string') message = e.message
  else return String(e)
  if (e instanceof Error && (e.name === 'TypeError' || e.name === 'ReferenceError' || e.name === 'InternalError')) {
    for (const [re, word] of V8_WORDING) {
      const m = re.exec(message)
      if (m) return word(m)
    }
  }
  return message
}

/** The sandbox stopping the guest (memory, deadline): never the component's own failure, never reported as one. */
function isFault(e) {
  return e instanceof Error && e.name === 'InternalError' && (e.message === 'out of memory' || e.message === 'interrupted')
}

/** A STATE_UPDATE (or STATE_REHYDRATED) placeholder: its state is read when its batch is flushed. */
const openMarkers = []
function closeMarkers() {
  for (const m of openMarkers.splice(0)) if (m.s === undefined) m.s = stateText(m.inst)
}

function eventText(e) {
  let text = '{"k":"' + e.k + '","b":' + e.b
  if (e.t !== undefined) text += ',"t":' + JSON.stringify(e.t)
  if (e.r !== undefined) text += ',"r":' + JSON.stringify(e.r)
  if (e.x !== undefined) text += ',"x":' + JSON.stringify(e.x)
  if (e.drop) text += ',"d":1'
  if (e.j !== undefined) text += ',"j":' + e.j
  if (e.k === 'm' || e.k === 'r') text += ',"s":' + (e.s !== undefined ? e.s : stateText(e.inst))
  return text + '}'
}

/** Events recorded since the last answer, as JSON text; reports a dropped overflow once. */
function takeEvents(inst) {
  const recorded = internal.events.get(inst)
  const list = recorded && recorded.length > 0 ? recorded.splice(0) : []
  const overflow = internal.overflow
  internal.overflow = false
  return '"events":[' + list.map(eventText).join(',') + ']' + (overflow ? ',"overflow":1' : '')
}

/** The value of a component operation's answer: extra fields, state (or "same") and events. */
function componentValue(inst, extra) {
  closeMarkers()
  return '{' + extra + stateAnswer(inst) + ',' + takeEvents(inst) + '}'
}

function hooked(inst, name, args) {
  try { inst[name].apply(inst, args) } catch (e) {
    if (isFault(e)) throw e
    internal.logs.push('error: ' + name + ': ' + errorText(e))
  }
}

/** ComponentRegistry.mountComponent / rehydrateComponent after the constructor. */
async function mountTail(inst, mode, clientState) {
  hooked(inst, 'onConnect', [])
  if (mode === 'rehydrate') hooked(inst, 'onRehydrate', [clientState])
  try {
    await inst.onMount()
  } catch (err) {
    if (isFault(err)) throw err
    if (mode === 'mount') inst.emit('ERROR', { action: 'onMount', error: 'Mount initialization failed: ' + errorText(err) })
    else internal.logs.push('error: onMount: ' + errorText(err))
  }
}

function createComponent(req) {
  const C = componentClasses.get(req.component)
  if (!C) throw new RangeError('Unknown component ' + req.component)
  internal.boot = { id: req.id }
  let inst
  try {
    inst = new C(req.props || {}, undefined, { room: req.room, userId: req.userId })
  } finally {
    internal.boot = null
  }
  const ctx = contextFor(req.auth, null)
  internal.auth.set(inst, ctx)
  if (ctx.authenticated && ctx.session && ctx.session.id && !inst.userId) inst.userId = ctx.session.id
  const id = nextInstance++
  instances.set(id, inst)
  const sign = stateText(inst)
  sentState.set(inst, sign)
  const head = '"id":' + id + ',"sign":' + sign + ','
  // After an engine rebuild: the same component again, from its last public state and \$private, without hooks.
  if (req.mode === 'restore') {
    if (req.private !== null && typeof req.private === 'object') Object.assign(internal.privates.get(inst), req.private)
    sentPrivate.set(inst, JSON.stringify(internal.privates.get(inst)))
    return new RawJson(componentValue(inst, head))
  }
  const marker = { k: req.mode === 'rehydrate' ? 'r' : 'm', inst }
  internal.record(inst, marker)
  openMarkers.push(marker)
  return mountTail(inst, req.mode, req.clientState).then(() => new RawJson(componentValue(inst, head)))
}

const BASE_ON_ACTION = LiveComponent.prototype.onAction

/** Per instance, like the library's ActionSecurityManager (one per component). */
const actionCallsOf = new WeakMap()
function actionCalls(inst) {
  let calls = actionCallsOf.get(inst)
  if (!calls) { calls = new Map(); actionCallsOf.set(inst, calls) }
  return calls
}

/** ActionSecurityManager.validateAndExecute from the action rate limit on (the host ran the layers before it). */
async function runAction(inst, action, payload, caller) {
  try {
    const C = inst.constructor
    const method = inst[action]
    if (typeof method !== 'function') throw new Error("Action '" + action + "' not found on component")
    const rateLimit = C.actionRateLimit
    if (rateLimit) {
      const now = Date.now()
      const base = rateLimit.perAction ? action : '*'
      const key = caller && caller.connectionId ? caller.connectionId + ':' + base : base
      const calls = actionCalls(inst)
      let entry = calls.get(key)
      if (!entry || now - entry.windowStart >= rateLimit.windowMs) {
        entry = { count: 0, windowStart: now }
        calls.set(key, entry)
      }
      entry.count++
      if (entry.count > rateLimit.maxCalls) {
        throw new Error('Action rate limit exceeded (max ' + rateLimit.maxCalls + ' calls per ' + rateLimit.windowMs + 'ms)')
      }
    }
    const schemas = C.actionSchemas
    if (schemas && schemas[action]) {
      const result = schemas[action].safeParse(payload)
      if (!result.success) {
        const issues = result.error && result.error.issues
        const msg = (result.error && result.error.message) || (issues && issues.map((i) => i.message).join(', ')) || 'Invalid payload'
        throw new Error("Action '" + action + "' payload validation failed: " + msg)
      }
      payload = result.data !== undefined && result.data !== null ? result.data : payload
    }
    let hookResult
    try {
      const onAction = inst.onAction
      // The base class's hook does nothing: its await is skipped (nothing else is queued in the engine meanwhile).
      hookResult = onAction === BASE_ON_ACTION ? undefined : typeof onAction === 'function' ? await onAction.call(inst, action, payload) : undefined
    } catch (hookError) {
      inst.emit('ERROR', { action, error: "Action '" + action + "' failed pre-validation" })
      throw hookError
    }
    if (hookResult === false) throw new Error("Action '" + action + "' was cancelled")
    return caller ? await method.call(inst, payload, caller) : await method.call(inst, payload)
  } catch (error) {
    if (isFault(error)) throw error
    const message = errorText(error)
    if (!message.includes('was cancelled') && !message.includes('pre-validation')) inst.emit('ERROR', { action, error: message })
    throw error
  }
}

function actionAnswer(inst, value, thrown) {
  try {
    const extra = thrown !== undefined
      ? '"failed":true,"error":' + JSON.stringify(errorText(thrown.e)) + ','
      : '"result":' + (value === undefined ? 'null' : serialize(value)) + ',"hasResult":' + (value !== undefined) + ','
    const v = componentValue(inst, extra)
    const logs = internal.logs.length === 0 ? '[]' : JSON.stringify(drainLogs())
    return withTrailer('{"ok":true,"reads":[],"logs":' + logs + ',"v":' + v + '}')
  } catch (e) {
    return fail(e, null)
  }
}

/**
 * The caller's context, by its JSON text: a connection calls with the same text
 * until its auth changes, and building a frozen context is the costliest part
 * of a small action. The context is frozen, so sharing it is safe; the caller
 * object itself is new on every call, as in the library.
 */
const callerContexts = new Map()
function callerOf(text) {
  let entry = callerContexts.get(text)
  if (entry === undefined) {
    const c = JSON.parse(text)
    entry = { connectionId: c.connectionId, auth: contextFor(c.auth, null) }
    if (callerContexts.size >= 8192) callerContexts.clear()
    callerContexts.set(text, entry)
  }
  return { connectionId: entry.connectionId, auth: entry.auth }
}

/**
 * The action path, apart from dispatch because it is the hot one: instance id,
 * action name, the payload's JSON text and the caller's JSON text cross as four
 * values, so QuickJS's slow JSON parses only the payload.
 */
export function act(id, action, payloadText, callerText) {
  let inst
  let running
  try {
    inst = instances.get(id)
    if (!inst) throw new RangeError('Unknown instance ' + id)
    const payload = payloadText === undefined ? undefined : JSON.parse(payloadText)
    const caller = callerText === undefined ? undefined : callerOf(callerText)
    running = runAction(inst, action, payload, caller)
  } catch (e) {
    return fail(e, null)
  }
  return running.then((value) => actionAnswer(inst, value, undefined), (e) => (isFault(e) ? fail(e, null) : actionAnswer(inst, undefined, { e })))
}

const componentOps = {
  create: { run: createComponent, done: (value) => value },
  update: {
    run(req) {
      const inst = instanceOf(req)
      const update = {}
      Object.defineProperty(update, req.key, { value: req.value, enumerable: true, writable: true, configurable: true })
      inst.setState(update)
      return new RawJson(componentValue(inst, ''))
    },
    done: (value) => value,
  },
  dispose: {
    run(req) {
      const inst = instances.get(req.instance)
      if (!inst) return new RawJson('{"events":[]}')
      if (req.disconnect) hooked(inst, 'onDisconnect', [])
      try { inst.destroy() } catch (e) { internal.logs.push('error: destroy: ' + errorText(e)) }
      instances.delete(req.instance)
      return new RawJson(componentValue(inst, ''))
    },
    done: (value) => value,
  },
}
`
