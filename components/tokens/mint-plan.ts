/**
 * What "Sign token" does with the Generate form, as a pure function: the
 * request to the studio server (or the signToken call made in the page) and
 * the snippet inputs, both built from the same values so the snippets make
 * exactly the token shown; or, per field, why the form cannot be signed yet.
 */
import type { SignRequest, TokenProfile } from '@/lib/api/tokens'
import { checkStateBackedPeriod, parseTimeSpan, signStateBackedToken, type StateBackedKey, type StateBackedSigningOptions } from '@/lib/tokens'
import type { Claims } from './claims-model'
import { fromLocalInput } from './clock'
import type { StateBackedInputs } from './signing-key-picker'
import type { JoseSnippetInput, StateBackedSnippetInput } from './snippets'
import type { TimeSettings } from './time-controls'

export interface MintForm {
  readonly profile: TokenProfile
  readonly claims: Claims
  readonly times: TimeSettings
  /** The workspace key chosen for the generic and FluxStack profiles. */
  readonly key?: { readonly kid: string; readonly alg: string }
  /** Header typ for the generic and FluxStack profiles ('' for none). */
  readonly typ: string
  readonly stateBacked: StateBackedInputs
}

/** The form controls a problem belongs to (their element ids). */
export type MintField = 'exp-in' | 'exp-at' | 'nbf-in' | 'sb-kid' | 'sb-secret' | 'sign-key'
export const MINT_FIELD_ORDER: readonly MintField[] = ['sb-kid', 'sb-secret', 'sign-key', 'exp-in', 'exp-at', 'nbf-in']
export type MintProblems = Partial<Record<MintField, string>>

export type MintPlan =
  | { readonly kind: 'server'; readonly request: SignRequest & { readonly keyId: string }; readonly snippet: JoseSnippetInput }
  | {
      readonly kind: 'statebacked'
      readonly key: StateBackedKey
      readonly claims: Claims
      readonly options: StateBackedSigningOptions
      readonly snippet: StateBackedSnippetInput
    }

export type MintPlanResult = { readonly ok: true; readonly plan: MintPlan } | { readonly ok: false; readonly problems: MintProblems }

function spanProblem(text: string): string | undefined {
  try {
    parseTimeSpan(text)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** Per-field problems of the time controls for a profile (empty when all is well). */
export function timeProblems(profile: TokenProfile, times: TimeSettings): MintProblems {
  const problems: MintProblems = {}
  if (times.expMode === 'in') {
    if (profile === 'statebacked') {
      // Not trimmed: signToken refuses " 7d", so the page does too.
      const check = checkStateBackedPeriod(times.expiresIn)
      if (!check.ok) problems['exp-in'] = check.message
    } else {
      const span = times.expiresIn.trim()
      problems['exp-in'] = span ? spanProblem(span) : 'Type a time span such as "1h", or choose "no exp"'
    }
  }
  if (times.expMode === 'at' && fromLocalInput(times.expiresAt) === undefined) problems['exp-at'] = 'Pick the expiry instant, or choose "expires in"'
  if (times.expMode === 'none' && profile === 'statebacked') problems['exp-in'] = 'signToken always sets exp: choose "expires in" or "expires at"'
  if (profile !== 'statebacked' && times.notBeforeIn.trim()) problems['nbf-in'] = spanProblem(times.notBeforeIn.trim())
  return Object.fromEntries(Object.entries(problems).filter(([, message]) => message !== undefined))
}

/**
 * Turns the form into a plan, or the problems to fix first.
 * @example planMint({ profile: 'statebacked', claims: { sub: 'u1' }, times, typ: '', stateBacked: { keyId, secret, issuer: '' } })
 */
export function planMint(form: MintForm): MintPlanResult {
  const problems: MintProblems = { ...timeProblems(form.profile, form.times) }
  const { times, claims } = form
  const expiresAt = times.expMode === 'at' ? fromLocalInput(times.expiresAt) : undefined

  if (form.profile === 'statebacked') {
    const sb = form.stateBacked
    if (!sb.keyId) problems['sb-kid'] = 'Type your State Backed key id (sbk_…)'
    if (!sb.secret) problems['sb-secret'] = 'Type your State Backed secret (sbsec_…)'
    if (Object.keys(problems).length) return { ok: false, problems }
    const expires = expiresAt !== undefined ? { at: expiresAt } : { in: times.expiresIn }
    const issuer = sb.issuer ? { issuer: sb.issuer } : {}
    return {
      ok: true,
      plan: {
        kind: 'statebacked',
        key: { stateBackedKeyId: sb.keyId, stateBackedSecretKey: sb.secret },
        claims,
        options: { expires, ...issuer },
        snippet: { profile: 'statebacked', claims, keyId: sb.keyId, expires, ...issuer },
      },
    }
  }

  if (!form.key) problems['sign-key'] = 'Choose a signing key (or generate one)'
  if (!form.key || Object.keys(problems).length) return { ok: false, problems }
  const expiresIn = times.expMode === 'in' ? times.expiresIn.trim() : undefined
  const notBeforeIn = times.notBeforeIn.trim() || undefined
  const shared = {
    claims,
    issuedAt: times.issuedAt,
    ...(form.typ ? { typ: form.typ } : {}),
    ...(expiresIn ? { expiresIn } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(notBeforeIn ? { notBeforeIn } : {}),
  }
  return {
    ok: true,
    plan: {
      kind: 'server',
      request: { ...shared, profile: form.profile, keyId: form.key.kid },
      snippet: { ...shared, profile: form.profile, alg: form.key.alg, kid: form.key.kid },
    },
  }
}

/**
 * Signs a plan as the page does: State Backed in the page with the clock of this
 * instant (the secret never leaves it), the others by the studio server through `send`.
 */
export async function mintToken(plan: MintPlan, send: (request: SignRequest) => Promise<{ readonly token: string }>): Promise<string> {
  if (plan.kind === 'statebacked') return signStateBackedToken(plan.key, plan.claims, plan.options, new Date())
  return (await send(plan.request)).token
}
