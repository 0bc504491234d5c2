/**
 * Corrections applied to a temporary copy of the reference runtime before it
 * runs. The reference README says that where its transcription (core.ts) and
 * the upstream source at d8538f75 disagree, upstream wins; each patch below
 * names the upstream lines it follows. Nothing here touches ../shared/: the
 * copy lives in a temp dir and is thrown away. A patch whose anchor text is
 * not found fails loudly, so a changed reference is noticed at once.
 */
import fs from 'node:fs'
import path from 'node:path'
import { REHYDRATE_UPLOAD_PATCHES, SECTION, type Patch } from './reference-patches-rehydrate-upload'

const DEEP_DIFF = `// ===== utils/deepDiff.ts (computeDeepDiff / deepAssign), as upstream =====
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
function computeDeepDiff(prev: Record<string, unknown>, next: Record<string, unknown>, depth: number, max: number): Record<string, unknown> | null {
  if (depth > max) return prev === next ? null : next
  let result: Record<string, unknown> | null = null
  for (const k of Object.keys(next)) {
    const a = prev[k], b = next[k]
    if (b === undefined) continue
    if (a === b) continue
    if (isPlain(a) && isPlain(b)) {
      const nested = computeDeepDiff(a, b, depth + 1, max)
      if (nested !== null) { result ??= {}; result[k] = nested }
    } else { result ??= {}; result[k] = b }
  }
  if (depth > 0) for (const k of Object.keys(prev)) if (!(k in next)) { result ??= {}; result[k] = null }
  return result
}
function deepAssignAt(t: Record<string, unknown>, s: Record<string, unknown>, depth: number) {
  for (const k of Object.keys(s)) {
    const v = s[k]
    if (v === undefined) continue
    if (v === null) { if (depth === 0) t[k] = null; else delete t[k]; continue }
    if (isPlain(t[k]) && isPlain(v)) deepAssignAt(t[k] as Record<string, unknown>, v, depth + 1)
    else if (isPlain(v)) t[k] = structuredClone(v)
    else t[k] = v
  }
}
function deepAssign(t: Record<string, unknown>, s: Record<string, unknown>) { deepAssignAt(t, s, 0) }

`

const FLUSH_ONE = `function isMergeableDelta(m: unknown): m is { type: string; componentId: string; payload: { delta: Record<string, unknown> }; timestamp?: unknown } {
  const x = m as { type?: unknown; componentId?: unknown; payload?: { delta?: unknown } }
  return x?.type === 'STATE_DELTA' && !!x.componentId && isPlain(x.payload) && isPlain(x.payload?.delta)
}
function mergeDeltas(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a }
  for (const k of Object.keys(b)) out[k] = isPlain(out[k]) && isPlain(b[k]) ? mergeDeltas(out[k] as Record<string, unknown>, b[k] as Record<string, unknown>) : b[k]
  return out
}
function deduplicateDeltas(q: object[]): object[] {
  const first = new Map<string, number>()
  const out: (object | null)[] = []
  for (const m of q) {
    if (!isMergeableDelta(m)) { out.push(m); continue }
    const at = first.get(m.componentId)
    if (at === undefined) { first.set(m.componentId, out.length); out.push(m); continue }
    const target = out[at] as { payload: { delta: Record<string, unknown> } }
    out[at] = { ...target, payload: { delta: mergeDeltas(target.payload.delta, m.payload.delta) }, timestamp: m.timestamp }
  }
  return out.filter((m): m is object => m !== null)
}
function flushOne(ws: GenericWebSocket) {
  scheduled.delete(ws)
  const q = wsQueues.get(ws)
  if (!q || q.length === 0) return
  wsQueues.set(ws, [])
  if (ws.readyState !== 1) return
  if (q.length === 1) return ws.send(typeof q[0] === 'string' ? q[0] : JSON.stringify(q[0]))
  const objects = q.filter((i): i is object => typeof i !== 'string')
  const strings = q.filter((i): i is string => typeof i === 'string')
  if (objects.length === 0) return ws.send('[' + strings.join(',') + ']')
  if (strings.length === 0) return ws.send(JSON.stringify(deduplicateDeltas(objects)))
  ws.send('[' + [...deduplicateDeltas(objects).map((o) => JSON.stringify(o)), ...strings].join(',') + ']')
}`

const GATES = `
// REF_ORDER=documented: the seed's order (blocklist, private, publicActions, then actionAuth)
const __BLOCKED = ${'`'}__BLOCKED_PLACEHOLDER__${'`'}
function __gatesDeny(cls: { publicActions?: readonly string[] }, action: string): boolean {
  if (__BLOCKED.split(',').includes(action)) return true
  if (action.startsWith('_') || action.startsWith('#')) return true
  return !cls.publicActions || !cls.publicActions.includes(action)
}
`

function patches(documentedOrder: boolean, blocked: string): Patch[] {
  const list: Patch[] = [
    {
      file: 'upstream/sanitize.ts',
      find: 'const MAX_DEPTH = 10',
      replace: 'const MAX_DEPTH = 32',
      upstream: 'security/sanitize.ts: MAX_DEPTH = MAX_JSON_DEPTH (32); the local copy is the 9eb925c3 version',
    },
    {
      file: 'core.ts',
      find: SECTION('// ===== utils/deepDiff.ts', '// ===== component/LiveComponent.ts'),
      replace: DEEP_DIFF,
      upstream: 'utils/deepDiff.ts:36-91 (undefined skipped) and :129-177 (nested null deletes, plain objects cloned)',
    },
    {
      file: 'core.ts',
      find: SECTION('function flushOne(ws: GenericWebSocket) {', 'export function sendImmediate'),
      replace: FLUSH_ONE + '\n',
      upstream: 'transport/WsSendBatcher.ts:205-278 (mixed batches: objects first) and :293-364 (STATE_DELTA merge)',
    },
    {
      file: 'core.ts',
      find: 'if (options?.room) this.subscribeToRoom(component.id, options.room)',
      replace: 'if (options?.room) { (this as any).roomManager?.joinRoom(component.id, options.room, ws).catch(() => {}); this.subscribeToRoom(component.id, options.room) }',
      upstream: 'component/managers/ComponentRoomProxy.ts:133-137 (a mount with payload.room joins the room, no authorizeRoom, errors swallowed)',
    },
    {
      file: 'core.ts',
      find: '    component.destroy()\n',
      replace: '    component.destroy()\n    if (component.room) void (this as any).roomManager?.leaveRoom(componentId, component.room)\n',
      upstream: 'LiveComponent.destroy -> ComponentRoomProxy.destroy (leaves the mount room; on close this is a second $sub:leave)',
    },
    {
      file: 'core.ts',
      find: '  readonly registry = new ComponentRegistry(this.authManager)\n',
      replace: '  readonly registry = Object.assign(new ComponentRegistry(this.authManager), { roomManager: this.roomManager })\n',
      upstream: 'component/context.ts (components reach the room manager through the live context)',
    },
    // Signed state, COMPONENT_REHYDRATE and FILE_UPLOAD_* (left out of core.ts): reference-patches-rehydrate-upload.ts.
    ...REHYDRATE_UPLOAD_PATCHES,
  ]
  if (documentedOrder) {
    list.push({
      file: 'core.ts',
      find: '    const actionAuth = componentClass.actionAuth?.[action]\n',
      replace: '    if (__gatesDeny(componentClass, action)) return await component.executeAction?.(action, payload, caller)\n    const actionAuth = componentClass.actionAuth?.[action]\n',
      upstream: 'none: the documented order of the seed ("Security Layers"), used for the documented profile only',
    }, {
      file: 'core.ts',
      find: '// ===== component/ComponentRegistry.ts =====\n',
      replace: GATES.replace('__BLOCKED_PLACEHOLDER__', blocked) + '// ===== component/ComponentRegistry.ts =====\n',
      upstream: 'component/managers/ActionSecurityManager.ts:8-22, :87-112 (the gates, evaluated first)',
    })
  }
  return list
}

function resolveFind(text: string, find: string): string {
  if (!find.startsWith('\u0000SECTION\u0000')) return find
  const [, , start = '', end = ''] = find.split('\u0000')
  const from = text.indexOf(start)
  const to = text.indexOf(end, from)
  if (from < 0 || to < 0) return find
  return text.slice(from, to)
}

/** The blocklist as the upstream file declares it (read, not retyped). */
function blockedList(dir: string): string {
  const src = fs.readFileSync(path.join(dir, 'upstream', 'ActionSecurityManager.ts'), 'utf8')
  const m = /const BLOCKED_ACTIONS[^=]*= new Set\(\[([\s\S]*?)\]\)/.exec(src)
  if (!m?.[1]) throw new Error('reference patch: BLOCKED_ACTIONS not found in upstream/ActionSecurityManager.ts')
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]).join(',')
}

/** Applies every patch to the runtime copy in `dir`; throws when an anchor is missing. */
export function applyPatches(dir: string, opts: { documentedOrder: boolean }): void {
  for (const p of patches(opts.documentedOrder, blockedList(dir))) {
    const file = path.join(dir, p.file)
    const text = fs.readFileSync(file, 'utf8')
    const find = resolveFind(text, p.find)
    if (find.startsWith('\u0000') || !text.includes(find)) throw new Error(`reference patch not applicable (${p.upstream}): anchor not found in ${p.file}`)
    fs.writeFileSync(file, text.replace(find, () => p.replace))
  }
}

/** What the patches correct, for the recorder's report and the README. */
export function patchSummary(): string[] {
  return patches(true, '').map((p) => `${p.file}: ${p.upstream}`)
}
