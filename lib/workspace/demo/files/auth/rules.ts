// auth/rules.ts - reusable auth rules. Auth configs are plain objects:
// compose them, spread them, share them between components.
import type { LiveActionAuth, LiveAuthContext, LiveComponentAuth } from '@fluxstack/live'
import { db } from '../data/db'

/** Mount rule: signed in with the admin role. */
export const adminOnly: LiveComponentAuth = { required: true, roles: ['admin'] }

/** Mount rule: signed in and on the pro plan (looked up, not trusted from the token). */
export const proOnly: LiveComponentAuth = {
  required: true,
  authorize: async (auth: LiveAuthContext) => {
    const plan = await db.getUserPlan(auth.session?.id)
    return plan === 'pro'
  },
}

/** Action rule: the payload's `field` must be the caller's own id. */
export const ownerOnly = (field = 'userId'): LiveActionAuth => ({
  authorize: (auth: LiveAuthContext, payload: unknown) =>
    auth.session?.id === (payload as Record<string, unknown> | undefined)?.[field],
})
