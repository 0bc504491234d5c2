// Basic protection: only authenticated connections can mount this component.
import { LiveComponent } from '@fluxstack/live'

interface State {
  messages: string[]
}

export class ProtectedChat extends LiveComponent<State> {
  static componentName = 'ProtectedChat'
  static publicActions = ['sendMessage'] as const
  static defaultState = { messages: [] as string[] }

  static auth = { required: true }

  async sendMessage(payload: { text: string }) {
    const userId = this.$auth.session?.id
    this.setState({ messages: [...this.state.messages, `${userId}: ${payload.text}`] })
    return { success: true }
  }
}
