// Mount rules of every shape, one component each.
import { LiveComponent } from '@fluxstack/live'

export class Vault extends LiveComponent<{ open: boolean }> {
  static componentName = 'Vault'
  static publicActions = ['peek'] as const
  static defaultState = { open: false }
  static auth = { required: true, roles: ['admin'], permissions: ['users.write', 'vault.open'] }
  async peek() { return this.state.open }
}

export class RolesOnly extends LiveComponent<{ n: number }> {
  static componentName = 'RolesOnly'
  static publicActions = [] as const
  static defaultState = { n: 0 }
  static auth = { roles: ['admin', 'premium'] }
}

export class PermsOnly extends LiveComponent<{ n: number }> {
  static componentName = 'PermsOnly'
  static publicActions = [] as const
  static defaultState = { n: 0 }
  static auth = { permissions: ['content.read', 'content.write'] }
}

export class MountNoReason extends LiveComponent<{ n: number }> {
  static componentName = 'MountNoReason'
  static defaultState = { n: 0 }
  static auth = { authorize: () => ({ allowed: false }) as never }
}

export class MountReason extends LiveComponent<{ n: number }> {
  static componentName = 'MountReason'
  static defaultState = { n: 0 }
  static auth = { required: true, authorize: () => ({ allowed: false, reason: 'Come back tomorrow' }) }
}

export class MountThrows extends LiveComponent<{ n: number }> {
  static componentName = 'MountThrows'
  static defaultState = { n: 0 }
  static auth = { authorize: () => { throw new Error('mount rule crashed') } }
}

export class MountTruthy extends LiveComponent<{ n: number }> {
  static componentName = 'MountTruthy'
  static defaultState = { n: 0 }
  static auth = { authorize: async () => 'yes' as never }
}

export class MountAllowed extends LiveComponent<{ n: number }> {
  static componentName = 'MountAllowed'
  static defaultState = { n: 0 }
  static auth = { authorize: async () => ({ allowed: true }) }
}
