// Custom authorize(): any logic beyond roles and permissions, here a plan lookup.
import type { LiveAuthContext } from '@fluxstack/live'
import { LiveComponent } from '@fluxstack/live'
import { db } from '../data/db'

interface State {
  visits: number[]
}

export class ProDashboard extends LiveComponent<State> {
  static componentName = 'ProDashboard'
  static publicActions = ['getData'] as const
  static defaultState: State = { visits: [] }

  static auth = {
    required: true,
    // Runs AFTER declarative checks (required, roles, permissions)
    authorize: async (auth: LiveAuthContext) => {
      const plan = await db.getUserPlan(auth.session?.id)
      if (plan !== 'pro') {
        return { allowed: false, reason: 'Pro plan required' }
      }
      return true
    },
  }

  async getData() {
    const visits = [120, 98, 143, 171]
    this.setState({ visits })
    return { visits, plan: await db.getUserPlan(this.$auth.session?.id) }
  }
}
