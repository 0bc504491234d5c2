import { describe, expect, it } from 'vitest'
import { coerceAuthorizeResult } from '@/lib/auth/coerce'
import { decideAction } from '@/lib/auth/action'
import { decideMount } from '@/lib/auth/mount'
import type { ComponentSpec, RuleFunction } from '@/lib/auth/types'
import { personas } from './fixtures'

interface Row {
  readonly name: string
  readonly rule: RuleFunction
  readonly verdict: 'allow' | 'deny'
  /** Reason for the mount cascade; the action reason is derived below. */
  readonly mountReason?: string
  readonly actionReason?: string
  readonly outcome: 'pass' | 'deny' | 'error'
  readonly rawResult?: string
  readonly warns: boolean
}

const MOUNT_DEFAULT = 'Denied by custom authorize'
const ACTION_DEFAULT = "Action 'go' denied by custom authorize"

const MATRIX: readonly Row[] = [
  { name: 'true', rule: () => true, verdict: 'allow', outcome: 'pass', rawResult: 'true', warns: false },
  { name: 'false', rule: () => false, verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: 'false', warns: false },
  { name: '{allowed:true}', rule: () => ({ allowed: true }), verdict: 'allow', outcome: 'pass', rawResult: '{"allowed":true}', warns: false },
  { name: '{allowed:false, reason}', rule: () => ({ allowed: false, reason: 'Nope' }), verdict: 'deny', mountReason: 'Nope', actionReason: 'Nope', outcome: 'deny', rawResult: '{"allowed":false,"reason":"Nope"}', warns: false },
  // The library passes the result through: the client reads 'AUTH_DENIED: undefined' (a flagged sharp edge).
  { name: '{allowed:false}', rule: () => ({ allowed: false }), verdict: 'deny', mountReason: 'undefined', actionReason: 'undefined', outcome: 'deny', rawResult: '{"allowed":false}', warns: true },
  { name: 'undefined', rule: () => undefined, verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: 'undefined', warns: true },
  { name: 'null', rule: () => null, verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: 'null', warns: true },
  { name: '0', rule: () => 0, verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: '0', warns: true },
  { name: "'true'", rule: () => 'true', verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: '"true"', warns: true },
  { name: '{}', rule: () => ({}), verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: '{}', warns: true },
  { name: "{allowed:'yes'}", rule: () => ({ allowed: 'yes' }), verdict: 'deny', mountReason: MOUNT_DEFAULT, actionReason: ACTION_DEFAULT, outcome: 'deny', rawResult: '{"allowed":"yes"}', warns: true },
  { name: 'async true', rule: async () => true, verdict: 'allow', outcome: 'pass', rawResult: 'true', warns: false },
  { name: 'async {allowed:false, reason}', rule: async () => ({ allowed: false, reason: 'Later' }), verdict: 'deny', mountReason: 'Later', actionReason: 'Later', outcome: 'deny', rawResult: '{"allowed":false,"reason":"Later"}', warns: false },
  {
    name: 'a throw', rule: () => { throw new Error('db down') }, verdict: 'deny',
    mountReason: 'Authorization error: db down', actionReason: "Action 'go' authorization error: db down", outcome: 'error', warns: false,
  },
  {
    name: 'a rejected promise', rule: () => Promise.reject(new Error('timeout')), verdict: 'deny',
    mountReason: 'Authorization error: timeout', actionReason: "Action 'go' authorization error: timeout", outcome: 'error', warns: false,
  },
  {
    name: 'a thrown string', rule: () => { throw 'plain' }, verdict: 'deny',
    mountReason: 'Authorization error: plain', actionReason: "Action 'go' authorization error: plain", outcome: 'error', warns: false,
  },
]

describe('authorize() coercion matrix', () => {
  it.each(MATRIX)('mount: $name -> $verdict', async ({ rule, verdict, mountReason, outcome, rawResult, warns }) => {
    const component: ComponentSpec = { name: 'C', methods: [], auth: { authorize: rule } }
    const d = await decideMount({ component, auth: personas.freeUser })
    expect([d.verdict, d.reason]).toEqual([verdict, mountReason])
    expect(d.decidedBy).toBe(verdict === 'deny' ? 'auth.authorize' : undefined)
    const step = d.trace[3]
    expect(step?.outcome).toBe(outcome)
    if (rawResult !== undefined) expect(step?.inputs.rawResult).toBe(rawResult)
    expect(d.warnings.length > 0).toBe(warns)
  })

  it.each(MATRIX)('action: $name -> $verdict', async ({ rule, verdict, actionReason, outcome }) => {
    const component: ComponentSpec = { name: 'C', publicActions: ['go'], actionAuth: { go: { authorize: rule } }, methods: ['go'] }
    const d = await decideAction({ component, action: 'go', payload: { x: 1 }, auth: personas.freeUser })
    expect([d.verdict, d.reason]).toEqual([verdict, actionReason])
    expect(d.trace.find((s) => s.layer === 'actionAuth.authorize')?.outcome).toBe(outcome)
  })

  it('{allowed:false} without reason passes through as the library does, flagged as a sharp edge', () => {
    expect(coerceAuthorizeResult({ allowed: false }, 'Denied by custom authorize')).toEqual({
      allowed: false,
      reason: 'undefined',
      warning: "Library sharp edge (denied-without-reason): authorize() returned { allowed: false } without a reason: the client receives 'AUTH_DENIED: undefined'; give every denial a reason.",
    })
    expect(coerceAuthorizeResult({ allowed: false, reason: 7 }, 'D')).toMatchObject({ allowed: false, reason: '7' })
    expect(coerceAuthorizeResult({ allowed: false, reason: '' }, 'D')).toEqual({ allowed: false, reason: '' })
  })

  it("truthy non-booleans say a truthiness check would have allowed them", () => {
    const c = coerceAuthorizeResult('true', 'D')
    expect(c).toEqual({
      allowed: false,
      reason: 'D',
      warning: 'authorize() returned "true" (string), which is neither true, false nor { allowed: boolean }: denied (fail-closed); a truthiness check would have allowed it',
    })
    expect(coerceAuthorizeResult(0, 'D')).toMatchObject({ allowed: false, reason: 'D' })
    expect(coerceAuthorizeResult(0, 'D').warning).not.toContain('truthiness')
  })

  it('a reason or thrown message carrying the token is redacted', async () => {
    const leaky: ComponentSpec = { name: 'C', methods: [], auth: { authorize: (auth) => ({ allowed: false, reason: `token=${auth.token ?? ''}` }) } }
    const d = await decideMount({ component: leaky, auth: personas.freeUser })
    expect(d.reason).toBe('token=[redacted]')
    const thrower: ComponentSpec = { name: 'C', methods: [], auth: { authorize: (auth) => { throw new Error(`bad ${auth.token ?? ''}`) } } }
    const e = await decideMount({ component: thrower, auth: personas.freeUser })
    expect(e.reason).toBe('Authorization error: bad [redacted]')
    expect(JSON.stringify([d, e])).not.toContain('persona-secret-token')
  })
})
