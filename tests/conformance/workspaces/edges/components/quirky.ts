import { LiveComponent } from '@fluxstack/live'
import * as rules from '../auth/rules'

const ACTIONS = [
  'noReason', 'withReason', 'truthyString', 'emptyObject', 'allowedYes', 'one', 'throws', 'throwsString', 'rejects',
  'okTrue', 'okObject', 'selfOnly', 'providerDenied', 'providerThrows', 'providerZero', 'providerTruthy',
  'providerAdminOnly', 'noEntry', 'rolesAction', 'permsAction', 'both',
] as const

export class Quirky extends LiveComponent<{ calls: number }> {
  static componentName = 'Quirky'
  static publicActions = ACTIONS
  static defaultState = { calls: 0 }
  static actionAuth = {
    ...rules,
    providerDenied: {},
    providerThrows: {},
    providerZero: {},
    providerTruthy: {},
    providerAdminOnly: {},
    rolesAction: { roles: ['admin', 'moderator'] },
    permsAction: { permissions: ['reports.delete', 'content.write'] },
    both: { roles: ['admin'], permissions: ['users.write'], authorize: () => true },
    hiddenAllowed: {},
    hiddenDenied: { roles: ['nobody'] },
  }

  private bump(name: string) {
    this.setState({ calls: this.state.calls + 1 })
    return { ran: name }
  }

  async noReason() { return this.bump('noReason') }
  async withReason() { return this.bump('withReason') }
  async truthyString() { return this.bump('truthyString') }
  async emptyObject() { return this.bump('emptyObject') }
  async allowedYes() { return this.bump('allowedYes') }
  async one() { return this.bump('one') }
  async throws() { return this.bump('throws') }
  async throwsString() { return this.bump('throwsString') }
  async rejects() { return this.bump('rejects') }
  async okTrue() { return this.bump('okTrue') }
  async okObject() { return this.bump('okObject') }
  async selfOnly() { return this.bump('selfOnly') }
  async providerDenied() { return this.bump('providerDenied') }
  async providerThrows() { return this.bump('providerThrows') }
  async providerZero() { return this.bump('providerZero') }
  async providerTruthy() { return this.bump('providerTruthy') }
  async providerAdminOnly() { return this.bump('providerAdminOnly') }
  async noEntry() { return this.bump('noEntry') }
  async rolesAction() { return this.bump('rolesAction') }
  async permsAction() { return this.bump('permsAction') }
  async both() { return this.bump('both') }
  async hiddenAllowed() { return this.bump('hiddenAllowed') }
  async hiddenDenied() { return this.bump('hiddenDenied') }
}
