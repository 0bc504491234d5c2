// Rules that return what authorize() should not: the library coerces them fail-closed.
import type { LiveActionAuth, LiveAuthContext } from '@fluxstack/live'

export const noReason: LiveActionAuth = { authorize: () => ({ allowed: false }) as never }
export const withReason: LiveActionAuth = { authorize: () => ({ allowed: false, reason: 'Not on weekends' }) }
export const truthyString: LiveActionAuth = { authorize: () => 'true' as never }
export const emptyObject: LiveActionAuth = { authorize: () => ({}) as never }
export const allowedYes: LiveActionAuth = { authorize: () => ({ allowed: 'yes' }) as never }
export const one: LiveActionAuth = { authorize: () => 1 as never }
export const throws: LiveActionAuth = { authorize: () => { throw new Error('rule crashed') } }
export const throwsString: LiveActionAuth = { authorize: () => { throw 'a plain string' } }
export const rejects: LiveActionAuth = { authorize: async () => { throw new Error('async rule failed') } }
export const okTrue: LiveActionAuth = { authorize: () => true }
export const okObject: LiveActionAuth = { authorize: async () => ({ allowed: true }) }
export const selfOnly: LiveActionAuth = {
  authorize: (auth: LiveAuthContext, payload: unknown) => auth.session?.id === (payload as { id?: string } | undefined)?.id,
}
