// Permission-based protection: permissions are AND logic (both are required).
import { LiveComponent } from '@fluxstack/live'

interface State {
  content: string
}

export class ContentEditor extends LiveComponent<State> {
  static componentName = 'ContentEditor'
  static publicActions = ['editContent'] as const
  static defaultState = { content: '' }

  // AND logic: ALL permissions required
  static auth = { required: true, permissions: ['content.read', 'content.write'] }

  async editContent(payload: { content: string }) {
    this.setState({ content: payload.content })
    return { success: true }
  }
}
