// Components import reusable rules and use them as their static auth config.
import { LiveComponent } from '@fluxstack/live'
import { adminOnly, ownerOnly } from '../auth/rules'

interface State {
  deleted: string[]
}

export class LiveAdminPanel extends LiveComponent<State> {
  static componentName = 'LiveAdminPanel'
  static publicActions = ['delete'] as const
  static defaultState: State = { deleted: [] }

  static auth = adminOnly
  static actionAuth = { delete: ownerOnly('targetUserId') }

  async delete(payload: { targetUserId: string }) {
    this.setState({ deleted: [...this.state.deleted, payload.targetUserId] })
    return { success: true }
  }
}
