/**
 * Property tests: for random role/permission sets and declarative rules, the
 * cascades agree with a small oracle written here from the spec's wording.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decideAction } from '@/lib/auth/action'
import { anonymousContext, createAuthContext } from '@/lib/auth/context'
import { decideMount } from '@/lib/auth/mount'
import type { ComponentSpec, LiveAuthContext, ProfileId } from '@/lib/auth/types'

const ROLES = ['admin', 'mod', 'user'] as const
const PERMS = ['p', 'q', 'r'] as const
const ACTIONS = ['getData', 'banUser', 'hidden', 'missing', 'destroy', 'setState', 'constructor', '_x', '#y', 'toString', 'valueOf'] as const
const METHODS = ['getData', 'banUser', 'hidden', '_x', 'destroy']
const BLOCKED = new Set(['destroy', 'setState', 'constructor'])
const OBJECT_PROTO_FNS = new Set(['toString', 'valueOf', 'constructor'])

interface Who { readonly authed: boolean; readonly roles?: string[]; readonly perms?: string[] }
type Outcome = { verdict: 'allow' } | { verdict: 'deny'; reason: string }

const sub = <T extends string>(items: readonly T[]) => fc.subarray([...items])
const who = fc.record({ authed: fc.boolean(), roles: fc.option(sub(ROLES), { nil: undefined }), perms: fc.option(sub(PERMS), { nil: undefined }) })

function contextOf(w: Who): LiveAuthContext {
  if (!w.authed) return anonymousContext()
  return createAuthContext({ id: 'x', ...(w.roles ? { roles: w.roles } : {}), ...(w.perms ? { permissions: w.perms } : {}) })
}

const deny = (reason: string): Outcome => ({ verdict: 'deny', reason })
const any = (held: string[] | undefined, req: string[]) => req.some((r) => (held ?? []).includes(r))
const all = (held: string[] | undefined, req: string[]) => req.every((r) => (held ?? []).includes(r))

function mountOracle(w: Who, required: boolean, roles: string[], perms: string[]): Outcome {
  if (required && !w.authed) return deny('Authentication required')
  if (roles.length > 0 && !w.authed) return deny(`Authentication required. Roles needed: ${roles.join(', ')}`)
  if (roles.length > 0 && !any(w.roles, roles)) return deny(`Insufficient roles. Required one of: ${roles.join(', ')}`)
  if (perms.length > 0 && !w.authed) return deny(`Authentication required. Permissions needed: ${perms.join(', ')}`)
  if (perms.length > 0 && !all(w.perms, perms)) return deny(`Insufficient permissions. Required all: ${perms.join(', ')}`)
  return { verdict: 'allow' }
}

function actionAuthOracle(w: Who, a: string, roles: string[], perms: string[]): Outcome | undefined {
  if (roles.length > 0 && !w.authed) return deny(`Authentication required for action '${a}'`)
  if (roles.length > 0 && !any(w.roles, roles)) return deny(`Insufficient roles for action '${a}'. Required one of: ${roles.join(', ')}`)
  if (perms.length > 0 && !w.authed) return deny(`Authentication required for action '${a}'`)
  if (perms.length > 0 && !all(w.perms, perms)) return deny(`Insufficient permissions for action '${a}'. Required all: ${perms.join(', ')}`)
  return undefined
}

function gateOracle(a: string, listed: string[] | undefined): Outcome | undefined {
  if (BLOCKED.has(a) || a.startsWith('_') || a.startsWith('#')) return deny(`Action '${a}' is not callable`)
  if (listed === undefined) return deny(`Action '${a}' is not callable - component has no publicActions defined`)
  if (!listed.includes(a)) {
    return METHODS.includes(a) || OBJECT_PROTO_FNS.has(a)
      ? deny(`Action '${a}' exists on 'C' but is not listed in publicActions. Add it to: static publicActions = [..., '${a}']`)
      : deny(`Action '${a}' is not callable`)
  }
  return undefined
}

function actionOracle(profile: ProfileId, w: Who, a: string, listed: string[] | undefined, entry: { roles: string[]; perms: string[] } | undefined): Outcome {
  const auth = () => (entry ? actionAuthOracle(w, a, entry.roles, entry.perms) : undefined)
  const first = profile === 'documented' ? gateOracle(a, listed) ?? auth() : auth() ?? gateOracle(a, listed)
  if (first) return first
  if (!METHODS.includes(a) && !OBJECT_PROTO_FNS.has(a)) return deny(`Action '${a}' not found on component`)
  if (OBJECT_PROTO_FNS.has(a)) return deny(`Action '${a}' is not callable`)
  return { verdict: 'allow' }
}

const outcomeOf = (d: { verdict: 'allow' | 'deny'; reason?: string }): Outcome =>
  d.verdict === 'allow' ? { verdict: 'allow' } : deny(d.reason ?? '')

describe('cascades agree with the oracle', () => {
  it('mount', async () => {
    await fc.assert(fc.asyncProperty(who, fc.boolean(), sub(ROLES), sub(PERMS), async (w, required, roles, perms) => {
      const component: ComponentSpec = { name: 'C', methods: [], auth: { required, roles, permissions: perms } }
      const d = await decideMount({ component, auth: contextOf(w) })
      expect(outcomeOf(d)).toEqual(mountOracle(w, required, roles, perms))
    }), { numRuns: 500 })
  })

  it('action, both profiles, and the profiles never disagree on the verdict', async () => {
    const entry = fc.option(fc.record({ roles: sub(ROLES), perms: sub(PERMS) }), { nil: undefined })
    const listed = fc.option(sub(ACTIONS), { nil: undefined })
    await fc.assert(fc.asyncProperty(who, fc.constantFrom(...ACTIONS), listed, entry, async (w, a, pub, e) => {
      const component: ComponentSpec = {
        name: 'C', methods: METHODS, ...(pub ? { publicActions: pub } : {}),
        ...(e ? { actionAuth: { [a]: { roles: e.roles, permissions: e.perms } } } : {}),
      }
      const verdicts: string[] = []
      for (const profile of ['documented', 'fluxstack-live@0.11'] as const) {
        const d = await decideAction({ component, action: a, auth: contextOf(w), profile })
        expect(outcomeOf(d)).toEqual(actionOracle(profile, w, a, pub, e))
        verdicts.push(d.verdict)
      }
      expect(verdicts[0]).toBe(verdicts[1])
    }), { numRuns: 1000 })
  })
})
