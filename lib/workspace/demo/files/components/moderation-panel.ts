// Per-action protection with static actionAuth.
//
// The seed documentation declares `static actionAuth` TWICE in this class (once with
// deleteReport/banUser, once with editProfile/adminDelete). In JavaScript the second
// static declaration silently replaces the first, so deleteReport and banUser would lose
// their rules. This file merges both maps into ONE actionAuth.
//
// editProfile and adminDelete are kept out of publicActions, as in the seed: the
// documented order denies them at the whitelist, fluxstack-live 0.11 runs actionAuth first.
import type { LiveAuthContext } from '@fluxstack/live'
import { LiveComponent } from '@fluxstack/live'

interface State {
  reports: { id: string; reason: string }[]
  banned: string[]
}

export class ModerationPanel extends LiveComponent<State> {
  static componentName = 'ModerationPanel'
  static publicActions = ['getReports', 'deleteReport', 'banUser'] as const
  static defaultState: State = {
    reports: [
      { id: 'r-1', reason: 'spam' },
      { id: 'r-2', reason: 'abuse' },
    ],
    banned: [],
  }

  static auth = { required: true }

  static actionAuth = {
    deleteReport: { permissions: ['reports.delete'] },
    banUser: { roles: ['admin', 'moderator'] },
    // Action authorize receives the payload
    editProfile: {
      authorize: (auth: LiveAuthContext, payload: { userId?: string }) => auth.session?.id === payload?.userId,
    },
    adminDelete: {
      roles: ['admin'],
      authorize: async (auth: LiveAuthContext, payload: { itemId?: string }) => {
        if (payload?.itemId === 'protected') {
          return { allowed: false, reason: 'Item is protected' }
        }
        return true
      },
    },
  }

  async getReports() {
    return this.state.reports
  }

  async deleteReport(payload: { reportId: string }) {
    this.setState({ reports: this.state.reports.filter((r) => r.id !== payload.reportId) })
    return { success: true }
  }

  async banUser(payload: { userId: string }) {
    this.setState({ banned: [...this.state.banned, payload.userId] })
    return { success: true }
  }

  async editProfile(payload: { userId: string; name: string }) {
    return { success: true, userId: payload.userId }
  }

  async adminDelete(payload: { itemId: string }) {
    return { success: true, itemId: payload.itemId }
  }
}
