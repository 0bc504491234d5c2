/**
 * Guest-side source of 'flux:bridge': the only entry point the host calls
 * (`dispatch(op, json)`). Workspace code cannot import it. Requests and answers
 * are JSON strings; an answer is an envelope
 * `{ ok, v | u | error, reads, logs }` or a promise of one.
 */
import { BRIDGE_COMPONENT_SOURCE } from './bridge-component-source'
import { DESCRIBE_SOURCE } from './describe-source'
import { LOCKDOWN_SOURCE } from './lockdown-source'

const DISPATCH_SOURCE = String.raw`
const IGNORED_READS = new Set(['then', 'toJSON'])

function trackedSession(session, reads) {
  const note = (key) => { if (typeof key === 'string' && !IGNORED_READS.has(key)) reads.add(key) }
  return new Proxy(session, {
    get(t, k) { note(k); return Reflect.get(t, k) },
    has(t, k) { note(k); return Reflect.has(t, k) },
    getOwnPropertyDescriptor(t, k) { note(k); return Reflect.getOwnPropertyDescriptor(t, k) },
  })
}

/** A rule's first argument (an action payload) records its top-level fields read, like the session. */
function trackedPayload(value, preads) {
  if (!preads || value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const note = (key) => { if (typeof key === 'string' && !IGNORED_READS.has(key)) preads.add(key) }
  return new Proxy(value, {
    get(t, k) { note(k); return Reflect.get(t, k) },
    has(t, k) { note(k); return Reflect.has(t, k) },
    getOwnPropertyDescriptor(t, k) { note(k); return Reflect.getOwnPropertyDescriptor(t, k) },
  })
}

/** A fresh, frozen context per call, rebuilt from the host's snapshot. */
function contextFor(snapshot, reads) {
  if (!snapshot || snapshot.authenticated !== true || !snapshot.session || typeof snapshot.session !== 'object') {
    return ANONYMOUS_CONTEXT
  }
  const session = freezeDeep(snapshot.session)
  const ctx = Object.create(AuthenticatedContext.prototype)
  Object.defineProperty(ctx, 'authenticated', { value: true, enumerable: true })
  Object.defineProperty(ctx, 'session', { value: reads ? trackedSession(session, reads) : session, enumerable: true })
  Object.defineProperty(ctx, 'token', { value: undefined })
  Object.defineProperty(ctx, 'authenticatedAt', { value: snapshot.authenticatedAt, enumerable: true })
  return Object.freeze(ctx)
}

function decodeArgs(args) {
  return (args || []).map((a) => (a && 'v' in a ? a.v : undefined))
}

function instanceOf(req) {
  const inst = instances.get(req.instance)
  if (!inst) throw new RangeError('Unknown instance ' + req.instance)
  return inst
}

/** JSON text already serialized by the guest: the envelope embeds it as is (QuickJS's JSON is slow; serialize once). */
class RawJson {
  constructor(text) { this.text = text }
}

/** Public state as JSON text (the component's own state, whatever \`this.state\` was reassigned to); a state JSON cannot represent fails the call. */
function stateText(inst) {
  const raw = internal.state.get(inst)
  const text = JSON.stringify(raw === undefined ? (inst.state === undefined ? null : inst.state) : raw)
  if (typeof text !== 'string') throw new TypeError('state is not JSON-serializable')
  return text
}

/** Last state text sent to the host per instance: an unchanged state is not sent again. */
const sentState = new WeakMap()

/**
 * A changed state travels after the envelope, behind a U+0001 (JSON text never
 * contains a raw control character; not NUL, which ends a C string on the way
 * out of the engine): the host keeps it as text and parses it only when it
 * needs the value (signing, a restart), not on every action.
 */
let trailer = ''

function stateAnswer(inst) {
  const text = stateText(inst)
  const same = sentState.get(inst) === text
  sentState.set(inst, text)
  const priv = privateAnswer(inst)
  if (!same) trailer = text
  return (same ? '"same":1' : '"st":1') + priv.field + ',"n":' + (text.length + priv.size)
}

/** The envelope's text with the pending state trailer, if any. */
function withTrailer(text) {
  if (trailer === '') return text
  const out = text + '\u0001' + trailer
  trailer = ''
  return out
}

/**
 * Last \$private text sent to the host per instance. The host keeps it (never
 * sends it to a client) so an instance rebuilt after an engine restart gets its
 * \$private back: a crash never logs anyone out. Only what JSON can carry survives.
 */
const sentPrivate = new WeakMap()

function privateAnswer(inst) {
  let text
  try { text = JSON.stringify(internal.privates.get(inst)) } catch (e) {
    if (isFault(e)) throw e
    text = undefined
  }
  if (typeof text !== 'string') return { field: ',"pu":1', size: 0 }
  if (sentPrivate.get(inst) === text) return { field: '', size: text.length }
  sentPrivate.set(inst, text)
  return { field: ',"p":' + text, size: text.length }
}

function toSnapshot(result) {
  if (result === null || typeof result !== 'object' || result.authenticated !== true) return null
  const session = result.session || result.user
  if (!session || typeof session !== 'object') return null
  const snap = { authenticated: true, session: JSON.parse(JSON.stringify(session)) }
  if (typeof result.authenticatedAt === 'number') snap.authenticatedAt = result.authenticatedAt
  return snap
}
`

/** The op table and dispatch; after the component ops, which it spreads in. */
const OPS_SOURCE = String.raw`
const ops = {
  ...componentOps,
  rule: {
    run(req, reads, preads) {
      const rule = rules[req.id]
      const args = decodeArgs(req.args)
      if (args.length > 0) args[0] = trackedPayload(args[0], preads)
      return rule.fn.apply(rule.self, [contextFor(req.auth, reads), ...args])
    },
    done: (value) => value,
  },
  authenticate: {
    run(req) {
      const rule = rules[req.id]
      return rule.fn.call(rule.self, req.credentials)
    },
    done: toSnapshot,
  },
  machine: {
    run(req) { return rules[req.id].fn.call(undefined, freezeDeep(req.request)) },
    done: (value) => value,
  },
  private: {
    run(req) { return instanceOf(req).$private },
    done: (value) => value,
  },
  lockdown: { run: () => lockdown(), done: () => true },
  describe: { run: () => describe(), done: (value) => value },
}

function replacer(_key, value) {
  if (typeof value === 'function') return '[function ' + (value.name || 'anonymous') + ']'
  if (typeof value === 'bigint') return value.toString() + 'n'
  if (typeof value === 'symbol') return value.toString()
  return value
}

function drainLogs() {
  return internal.logs.splice(0)
}

function unserializable(e) {
  const error = new Error('result is not serializable: ' + describeError(e).message)
  error.name = 'UnserializableError'
  return error
}

/** A guest value as JSON text (functions, bigints and symbols become strings); undefined stays undefined. */
function serialize(value) {
  try {
    return JSON.stringify(value, replacer)
  } catch (e) {
    throw unserializable(e)
  }
}

/** The envelope, assembled from pre-serialized parts: one pass of QuickJS's JSON over the value. */
/** ',"preads":[...]' when a rule read payload fields, else nothing. */
function payloadReadsPart(preads) {
  return preads && preads.size > 0 ? ',"preads":' + JSON.stringify([...preads]) : ''
}

function ok(value, reads, preads) {
  try {
    const head = '{"ok":true,"reads":' + JSON.stringify(reads ? [...reads] : []) + payloadReadsPart(preads) + ',"logs":' + JSON.stringify(drainLogs())
    if (value === undefined) return head + ',"u":1}'
    const text = value instanceof RawJson ? value.text : serialize(value)
    return text === undefined ? head + ',"u":1}' : withTrailer(head + ',"v":' + text + '}')
  } catch (e) {
    return fail(e && e.name === 'UnserializableError' ? e : unserializable(e), reads, preads)
  }
}

function describeError(e) {
  try {
    if (e !== null && typeof e === 'object' && typeof e.message === 'string') {
      // errorText: the engine's own TypeError wording as Node words it (the library runs on Node).
      return { name: typeof e.name === 'string' ? e.name : 'Error', message: errorText(e) }
    }
    return { name: 'Thrown', message: String(e) }
  } catch (_) {
    return { name: 'Thrown', message: 'a value that cannot be described' }
  }
}

function fail(e, reads, preads) {
  trailer = ''
  const answer = { ok: false, error: describeError(e), reads: reads ? [...reads] : [], logs: drainLogs() }
  if (preads && preads.size > 0) answer.preads = [...preads]
  return JSON.stringify(answer)
}

function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function'
}

export function dispatch(opName, json) {
  const op = ops[opName]
  const req = JSON.parse(json)
  const reads = opName === 'rule' ? new Set() : null
  const preads = opName === 'rule' ? new Set() : null
  const finish = (value) => {
    try { return ok(op.done(value, req), reads, preads) } catch (e) { return fail(e, reads, preads) }
  }
  let raw
  try {
    raw = op.run(req, reads, preads)
    if (!isThenable(raw)) return finish(raw)
  } catch (e) {
    return fail(e, reads, preads)
  }
  return Promise.resolve(raw).then(finish, (e) => fail(e, reads, preads))
}

`

/** Full source of the 'flux:bridge' module. */
export const BRIDGE_SOURCE = [
  "import { AuthenticatedContext, ANONYMOUS_CONTEXT, LiveComponent } from 'flux:live'",
  "import * as api from 'flux:live'",
  "import { internal } from 'flux:internal'",
  'const modules = []',
  'const rules = []',
  'const componentClasses = new Map()',
  'const componentMethods = new Map()',
  'const instances = new Map()',
  'let nextInstance = 1',
  'export function register(file, ns) { modules.push({ file, ns }) }',
  LOCKDOWN_SOURCE,
  DESCRIBE_SOURCE,
  DISPATCH_SOURCE,
  BRIDGE_COMPONENT_SOURCE,
  OPS_SOURCE,
].join('\n')
