/**
 * Guest-side extraction: walks every registered module's exports once, after
 * load, and returns plain metadata. Functions found on the way (authorize,
 * provider hooks, machine authorizers) get a numeric rule id the host calls
 * through `dispatch('rule' | 'authenticate' | 'machine', ...)`.
 */
export const DESCRIBE_SOURCE = String.raw`
function ruleId(fn, self) {
  rules.push({ fn, self })
  return rules.length - 1
}

// The function's own source text (a slice of its transpiled module), so the host can find where it is written.
function sourceOf(fn) {
  let text
  try { text = Function.prototype.toString.call(fn) } catch (_) { return undefined }
  if (typeof text !== 'string' || text === '' || /\[native code\]\s*\}$/.test(text)) return undefined
  return text.slice(0, 400)
}

function stringList(value, where, issues) {
  if (value === undefined) return undefined
  if (typeof value === 'string') return [value]
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    issues.push(where + ' must be an array of strings')
    return undefined
  }
  return [...value]
}

function authPart(value, where, issues) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object') {
    issues.push(where + ' must be an object')
    return undefined
  }
  const part = {}
  if ('required' in value) part.required = Boolean(value.required)
  const roles = stringList(value.roles, where + '.roles', issues)
  if (roles) part.roles = roles
  const permissions = stringList(value.permissions, where + '.permissions', issues)
  if (permissions) part.permissions = permissions
  if (value.authorize !== undefined) {
    if (typeof value.authorize === 'function') {
      part.authorize = ruleId(value.authorize, value)
      const text = sourceOf(value.authorize)
      if (text !== undefined) part.authorizeText = text
    }
    else issues.push(where + '.authorize must be a function')
  }
  return part
}

function ownMethods(C) {
  const names = []
  for (let proto = C.prototype; proto && proto !== LiveComponent.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key)
      if (key !== 'constructor' && d && typeof d.value === 'function' && !names.includes(key)) names.push(key)
    }
  }
  return names
}

function privateKeys(C) {
  const keys = new Set()
  let source = ''
  try { source = Function.prototype.toString.call(C) } catch (_) { return [] }
  const re = /\$private\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])/g
  for (let m = re.exec(source); m; m = re.exec(source)) keys.add(m[1] || m[2])
  return [...keys]
}

function jsonOrIssue(value, where, issues) {
  if (value === undefined) return undefined
  try { return JSON.parse(JSON.stringify(value)) } catch (_) { issues.push(where + ' is not JSON-serializable'); return undefined }
}

function describeComponent(C, file, exportName) {
  const issues = []
  // Own property only: a subclass must not inherit its parent's registered name.
  const own = Object.prototype.hasOwnProperty.call(C, 'componentName') ? C.componentName : undefined
  const name = typeof own === 'string' && own ? own : C.name
  const out = { kind: 'component', file, exportName, name, issues, methods: ownMethods(C), privateKeys: privateKeys(C) }
  if (C.publicActions !== undefined) {
    const list = stringList(C.publicActions, 'static publicActions', issues)
    out.publicActions = list || []
  }
  const auth = authPart(C.auth, 'static auth', issues)
  if (auth) out.auth = auth
  if (C.actionAuth !== undefined && C.actionAuth !== null) {
    if (typeof C.actionAuth !== 'object') issues.push('static actionAuth must be an object')
    else {
      out.actionAuth = {}
      for (const action of Object.keys(C.actionAuth)) {
        const part = authPart(C.actionAuth[action], 'static actionAuth.' + action, issues)
        if (part) out.actionAuth[action] = part
      }
    }
  }
  const defaults = jsonOrIssue(C.defaultState, 'static defaultState', issues)
  if (defaults !== undefined) out.defaultState = defaults
  const fields = stringList(C.updatableFields, 'static updatableFields', issues)
  if (fields) out.updatableFields = fields
  return out
}

function providerFrom(value, file, exportName, issues) {
  let p = value
  if (typeof value === 'function') {
    try { p = new value() } catch (e) { issues.push({ file, message: 'Provider ' + exportName + ' could not be constructed: ' + describeError(e).message }); return undefined }
  }
  if (typeof p.name !== 'string' || !p.name) {
    issues.push({ file, message: 'Provider ' + exportName + ' needs a readonly name' })
    return undefined
  }
  const out = { kind: 'provider', file, exportName, name: p.name, authenticate: ruleId(p.authenticate, p) }
  if (typeof p.authorizeAction === 'function') out.authorizeAction = ruleId(p.authorizeAction, p)
  if (typeof p.authorizeRoom === 'function') out.authorizeRoom = ruleId(p.authorizeRoom, p)
  return out
}

function isProviderLike(v) {
  if (typeof v === 'function') return !!v.prototype && typeof v.prototype.authenticate === 'function'
  return v !== null && typeof v === 'object' && typeof v.authenticate === 'function'
}

function describe() {
  const components = []
  const providers = []
  const machines = []
  const issues = []
  const seenProviders = new Set()
  const addProvider = (value, file, exportName) => {
    if (seenProviders.has(value)) return
    seenProviders.add(value)
    const p = providerFrom(value, file, exportName, issues)
    if (p) providers.push(p)
  }
  for (const { file, ns } of modules) {
    const machine = { file }
    for (const exportName of Object.keys(ns)) {
      let value
      try { value = ns[exportName] } catch (_) { continue }
      if (typeof value === 'function' && value.prototype instanceof LiveComponent) {
        const c = describeComponent(value, file, exportName)
        if (!componentClasses.has(c.name)) {
          componentClasses.set(c.name, value)
          componentMethods.set(value, c.methods)
        }
        components.push(c)
      } else if ((exportName === 'allowRead' || exportName === 'allowWrite') && typeof value === 'function') {
        machine[exportName] = ruleId(value, undefined)
      } else if (isProviderLike(value)) {
        addProvider(value, file, exportName)
      }
    }
    if ('allowRead' in machine || 'allowWrite' in machine) machines.push(machine)
  }
  for (const p of internal.registered) if (isProviderLike(p)) addProvider(p, '(liveAuthManager.register)', p.name || 'provider')
  return { components, providers, machines, issues }
}
`
