import type { RuleTest } from '../rules/rule-tests'

/** Rule tests the demo workspace starts with: each pins one documented decision of the seed's examples. */
export const DEMO_RULE_TESTS: readonly RuleTest[] = [
  { id: 'admin-mounts-live-admin-panel', persona: 'admin', component: 'LiveAdminPanel', kind: 'mount', expect: 'allow' },
  { id: 'moderator-cannot-mount-live-admin-panel', persona: 'moderator', component: 'LiveAdminPanel', kind: 'mount', expect: 'deny', reasonContains: 'admin' },
  { id: 'anonymous-cannot-mount-admin-panel', persona: 'anonymous', component: 'AdminPanel', kind: 'mount', expect: 'deny' },
  { id: 'moderator-mounts-admin-panel', persona: 'moderator', component: 'AdminPanel', kind: 'mount', expect: 'allow' },
  { id: 'pro-user-mounts-pro-dashboard', persona: 'pro-user', component: 'ProDashboard', kind: 'mount', expect: 'allow' },
  { id: 'free-user-cannot-mount-pro-dashboard', persona: 'free-user', component: 'ProDashboard', kind: 'mount', expect: 'deny' },
  { id: 'moderator-bans-users', persona: 'moderator', component: 'ModerationPanel', kind: 'action', action: 'banUser', expect: 'allow' },
  { id: 'free-user-cannot-ban', persona: 'free-user', component: 'ModerationPanel', kind: 'action', action: 'banUser', expect: 'deny', reasonContains: 'Insufficient roles' },
  { id: 'admin-deletes-own-item', persona: 'admin', component: 'LiveAdminPanel', kind: 'action', action: 'delete', payload: { targetUserId: 'u-admin' }, expect: 'allow' },
  { id: 'admin-cannot-delete-others', persona: 'admin', component: 'LiveAdminPanel', kind: 'action', action: 'delete', payload: { targetUserId: 'u-free' }, expect: 'deny' },
]
