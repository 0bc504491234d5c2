/**
 * Demo personas: claim sets a token is minted from. They match the fixtures in
 * demo/files/data/db.ts (same ids, plans, roles), so a proOnly rule that looks
 * the plan up in the database agrees with the plan claim in the token.
 */
import { DEMO_WORKSPACE_NAME, readDemoWorkspace } from './demo'
import type { Persona, WorkspaceSeed } from './types'

export const DEMO_PERSONAS: readonly Persona[] = [
  {
    id: 'admin',
    label: 'Admin',
    description: 'Ada, admin on the pro plan: mounts AdminPanel and LiveAdminPanel, may adminDelete.',
    kind: 'user',
    claims: {
      sub: 'u-admin',
      name: 'Ada Admin',
      email: 'ada@example.com',
      plan: 'pro',
      roles: ['admin', 'user'],
      permissions: ['users.read', 'users.write', 'content.read', 'content.write', 'reports.delete'],
    },
  },
  {
    id: 'moderator',
    label: 'Moderator',
    description: 'Max, moderator on the free plan: mounts AdminPanel, bans users and deletes reports.',
    kind: 'user',
    claims: {
      sub: 'u-moderator',
      name: 'Max Moderator',
      email: 'max@example.com',
      plan: 'free',
      roles: ['moderator', 'user'],
      permissions: ['content.read', 'reports.delete'],
    },
  },
  {
    id: 'pro-user',
    label: 'Pro user',
    description: 'Paula on the pro plan with the premium role: ProDashboard, ContentEditor and vip- rooms.',
    kind: 'user',
    claims: {
      sub: 'u-pro',
      name: 'Paula Pro',
      email: 'paula@example.com',
      plan: 'pro',
      roles: ['user', 'premium'],
      permissions: ['content.read', 'content.write'],
    },
  },
  {
    id: 'free-user',
    label: 'Free user',
    description: 'Fred on the free plan: ProtectedChat only; denied by roles, permissions and the plan check.',
    kind: 'user',
    claims: {
      sub: 'u-free',
      name: 'Fred Free',
      email: 'fred@example.com',
      plan: 'free',
      roles: ['user'],
      permissions: ['content.read'],
    },
  },
  {
    id: 'bot',
    label: 'NotifyBot',
    description: 'A bot session (type: bot) with its own fields; authenticated but holds no user role.',
    kind: 'bot',
    claims: { sub: 'bot-1', type: 'bot', botName: 'NotifyBot', allowedChannels: ['general', 'alerts'], roles: ['bot'] },
  },
  {
    id: 'device',
    label: 'Temperature sensor',
    description: 'An IoT device session (type: device) with a model and a location.',
    kind: 'device',
    claims: {
      sub: 'sensor-42',
      type: 'device',
      model: 'TempSensor-v3',
      location: { lat: -23.5, lng: -46.6 },
      roles: ['device'],
    },
  },
  {
    id: 'anonymous',
    label: 'Anonymous',
    description: 'No token at all: the connection stays anonymous.',
    kind: 'anonymous',
    claims: null,
  },
]

/** Everything the store needs to seed the demo workspace on first start. */
export function demoWorkspaceSeed(): WorkspaceSeed {
  return { name: DEMO_WORKSPACE_NAME, files: readDemoWorkspace(), personas: DEMO_PERSONAS }
}
