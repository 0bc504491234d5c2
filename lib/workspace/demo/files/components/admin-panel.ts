// Role-based protection: roles are OR logic (admin OR moderator may mount).
import { LiveComponent } from '@fluxstack/live'

interface State {
  users: string[]
}

export class AdminPanel extends LiveComponent<State> {
  static componentName = 'AdminPanel'
  static publicActions = ['deleteUser'] as const
  static defaultState: State = { users: ['u-admin', 'u-moderator', 'u-pro', 'u-free'] }

  // OR logic: admin OR moderator
  static auth = { required: true, roles: ['admin', 'moderator'] }

  async deleteUser(payload: { userId: string }) {
    console.log(`${this.$auth.session?.id} deleting ${payload.userId}`)
    this.setState({ users: this.state.users.filter((id) => id !== payload.userId) })
    return { success: true }
  }
}
