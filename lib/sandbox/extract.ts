/**
 * Host-side specs built from the guest's metadata. Every guest function becomes
 * a host function that calls into the sandbox, so lib/auth calls a sandboxed
 * `authorize` exactly like a native one (and builds the trace around it).
 */
import { recordSessionRead, snapshotOf } from '@/lib/auth/context'
import { rawPayloadOf, recordPayloadRead } from '@/lib/auth/payload-reads'
import type { ActionAuthSpec, AuthSnapshot, ComponentAuthSpec, LiveAuthContext, LiveAuthSession, RuleFunction } from '@/lib/auth/types'
import type { CallResult } from './envelope'
import { SandboxError } from './errors'
import { laneOf, type SandboxLane } from './lanes'
import type { GuestAuthPart, GuestComponent, GuestMachine, GuestProvider } from './descriptor'
import type { GuestResult, SandboxComponent, SandboxMachine, SandboxProvider } from './types'

export interface GuestCaller {
  call(op: string, request: unknown, gen?: number, lane?: SandboxLane): Promise<CallResult>
}

/** `undefined` survives the JSON crossing as an empty slot. */
export function encodeArgs(args: readonly unknown[]): { v?: unknown }[] {
  return args.map((v) => (v === undefined ? {} : { v }))
}

/**
 * A guest rule as a host function. The guest is sent the raw session and payload
 * (never lib/auth's read-recording twins, whose serialization would "read" every
 * field) and reports what the rule read: session fields, and the first argument's
 * fields (an action payload) when it is an object.
 */
function ruleFunction(caller: GuestCaller, id: number): (auth: LiveAuthContext, ...args: unknown[]) => unknown {
  return (auth: LiveAuthContext, ...args: unknown[]): Promise<unknown> =>
    caller.call('rule', { id, auth: snapshotOf(auth), args: encodeArgs(args.map(rawPayloadOf)) }, undefined, laneOf(auth)).then((r) => {
      for (const field of r.reads) recordSessionRead(auth, field)
      for (const field of r.payloadReads ?? []) recordPayloadRead(args[0], field)
      if (!r.ok) throw SandboxError.from(r.failure)
      return r.value
    })
}

function authSpec(caller: GuestCaller, part: GuestAuthPart): ComponentAuthSpec & ActionAuthSpec {
  return {
    ...(part.required !== undefined ? { required: part.required } : {}),
    ...(part.roles !== undefined ? { roles: part.roles } : {}),
    ...(part.permissions !== undefined ? { permissions: part.permissions } : {}),
    ...(part.authorize !== undefined ? { authorize: ruleFunction(caller, part.authorize) as RuleFunction } : {}),
    ...(part.authorize !== undefined && part.authorizeAt !== undefined ? { authorizeAt: part.authorizeAt } : {}),
  }
}

const AUTH_LIKE = /^(is|has|can)[A-Z_]|admin|role|permission|auth|logged|verified|owner|plan/i

/** A component spec (lib/auth's ComponentSpec) plus UI hints. */
export function toComponent(caller: GuestCaller, c: GuestComponent): SandboxComponent {
  const actionAuth = c.actionAuth === undefined
    ? undefined
    : Object.fromEntries(Object.entries(c.actionAuth).map(([action, part]) => [action, authSpec(caller, part)]))
  const stateKeys = Object.keys(c.defaultState ?? {})
  return {
    name: c.name,
    methods: c.methods,
    ...(c.publicActions !== undefined ? { publicActions: c.publicActions } : {}),
    ...(c.auth !== undefined ? { auth: authSpec(caller, c.auth) } : {}),
    ...(actionAuth !== undefined ? { actionAuth } : {}),
    ...(c.defaultState !== undefined ? { defaultState: c.defaultState } : {}),
    ...(c.updatableFields !== undefined ? { updatableFields: c.updatableFields } : {}),
    file: c.file,
    exportName: c.exportName,
    hasAuthorize: c.auth?.authorize !== undefined,
    actionsWithAuthorize: Object.entries(c.actionAuth ?? {}).filter(([, p]) => p.authorize !== undefined).map(([a]) => a),
    stateKeys,
    authLikeStateKeys: stateKeys.filter((k) => AUTH_LIKE.test(k)),
    privateKeys: c.privateKeys,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Validates what a guest `authenticate` produced; anything but a session with a string id is refused. */
function toSnapshot(value: unknown, provider: string): AuthSnapshot | null {
  if (value === null || value === undefined) return null
  if (!isRecord(value) || value.authenticated !== true || !isRecord(value.session)) return null
  if (typeof value.session.id !== 'string') {
    throw new SandboxError('ERR_SANDBOX_GUEST_THROW', `Provider '${provider}' returned a session without a string id`)
  }
  const session = value.session as LiveAuthSession
  const at = value.authenticatedAt
  return { authenticated: true, session, provider, ...(typeof at === 'number' ? { authenticatedAt: at } : {}) }
}

export function toProvider(caller: GuestCaller, p: GuestProvider): SandboxProvider {
  const hook = (id: number) => ruleFunction(caller, id)
  const authorizeAction = p.authorizeAction
  const authorizeRoom = p.authorizeRoom
  return {
    name: p.name,
    file: p.file,
    async authenticate(credentials, lane) {
      const r = await caller.call('authenticate', { id: p.authenticate, credentials }, undefined, lane)
      if (!r.ok) throw SandboxError.from(r.failure)
      return toSnapshot(r.value, p.name)
    },
    ...(authorizeAction !== undefined
      ? { authorizeAction: (auth: LiveAuthContext, componentName: string, action: string) => hook(authorizeAction)(auth, componentName, action) }
      : {}),
    ...(authorizeRoom !== undefined
      ? { authorizeRoom: (auth: LiveAuthContext, roomId: string) => hook(authorizeRoom)(auth, roomId) }
      : {}),
  }
}

function machineCall(caller: GuestCaller, id: number) {
  return async (request: unknown): Promise<GuestResult> => {
    const r = await caller.call('machine', { id, request })
    return r.ok ? { ok: true, value: r.value } : { ok: false, ...r.failure }
  }
}

/** Machine name = file name without folder and extension ('machines/team-board.ts' -> 'team-board'). */
export function toMachine(caller: GuestCaller, m: GuestMachine): SandboxMachine {
  const name = (m.file.split('/').pop() ?? m.file).replace(/\.ts$/, '')
  return {
    name,
    file: m.file,
    ...(m.allowRead !== undefined ? { allowRead: machineCall(caller, m.allowRead) } : {}),
    ...(m.allowWrite !== undefined ? { allowWrite: machineCall(caller, m.allowWrite) } : {}),
  }
}
