// Auth inside the component itself: no provider needed. The login flag and the
// user id live in $private, which the client never sees and cannot write.
import { LiveComponent } from '@fluxstack/live'
import { db } from '../data/db'

export interface Message {
  from: string
  text: string
}

export class LiveChat extends LiveComponent<
  { messages: Message[] }, // state: client reads/writes
  { loggedIn: boolean; odId: string; name: string } // $private: invisible to client
> {
  static componentName = 'LiveChat'
  static publicActions = ['login', 'sendMessage'] as const
  static defaultState = { messages: [] as Message[] }

  async login(payload: { email: string; password: string }) {
    const user = await db.findByEmail(payload.email)
    if (!user || !(await db.checkPassword(user, payload.password))) return { success: false }
    this.$private.loggedIn = true
    this.$private.odId = user.id
    this.$private.name = user.name
    return { success: true, name: user.name }
  }

  async sendMessage(payload: { text: string }) {
    if (!this.$private.loggedIn) throw new Error('Not authenticated')
    const message = { from: this.$private.name, text: payload.text }
    this.setState({ messages: [...this.state.messages, message] })
    this.emit('MESSAGE_SENT', message)
    return { success: true }
  }
}
