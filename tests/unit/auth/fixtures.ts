/**
 * The seed's code examples (001_..., FluxStack Live auth docs) as native
 * ComponentSpec / ProviderSpec fixtures, plus the personas used by the tests.
 */
import type { ActionAuthSpec, ComponentAuthSpec, ComponentSpec, LiveAuthContext, LiveAuthSession, ProviderSpec } from '@/lib/auth/types'
import { anonymousContext, createAuthContext } from '@/lib/auth/context'

// ---- data/db.ts: an async fixture rules may await ----
const PLANS: Readonly<Record<string, string>> = { 'u-pro': 'pro', 'u-free': 'free', 'u-admin': 'pro' }
export const db = {
  async getUserPlan(id: string | undefined): Promise<string | undefined> {
    await Promise.resolve()
    return id === undefined ? undefined : PLANS[id]
  },
}

// ---- auth/rules.ts ----
export const adminOnly: ComponentAuthSpec = { required: true, roles: ['admin'] }
export const proOnly: ComponentAuthSpec = {
  required: true,
  authorize: async (auth) => (await db.getUserPlan(auth.session?.id)) === 'pro',
}
export const ownerOnly = (field = 'userId'): ActionAuthSpec => ({
  authorize: (auth, payload) =>
    auth.session?.id === (payload as Record<string, unknown> | undefined)?.[field],
})

// ---- components ----
export const LiveChat: ComponentSpec = {
  name: 'LiveChat',
  publicActions: ['login', 'sendMessage'],
  methods: ['login', 'sendMessage'],
  defaultState: { messages: [] },
}

export const ProtectedChat: ComponentSpec = {
  name: 'ProtectedChat',
  publicActions: ['sendMessage'],
  defaultState: { messages: [] },
  auth: { required: true },
  methods: ['sendMessage'],
}

export const AdminPanel: ComponentSpec = {
  name: 'AdminPanel',
  publicActions: ['deleteUser'],
  defaultState: { users: [] },
  auth: { required: true, roles: ['admin', 'moderator'] },
  methods: ['deleteUser'],
}

export const ContentEditor: ComponentSpec = {
  name: 'ContentEditor',
  publicActions: ['editContent'],
  defaultState: { content: '' },
  auth: { required: true, permissions: ['content.read', 'content.write'] },
  methods: ['editContent'],
}

export const ProDashboard: ComponentSpec = {
  name: 'ProDashboard',
  publicActions: ['getData'],
  auth: {
    required: true,
    authorize: async (auth) => {
      const plan = await db.getUserPlan(auth.session?.id)
      if (plan !== 'pro') return { allowed: false, reason: 'Pro plan required' }
      return true
    },
  },
  methods: ['getData'],
}

/** The seed declares `static actionAuth` twice; here both maps are merged. */
export const ModerationPanel: ComponentSpec = {
  name: 'ModerationPanel',
  publicActions: ['getReports', 'deleteReport', 'banUser'],
  auth: { required: true },
  actionAuth: {
    deleteReport: { permissions: ['reports.delete'] },
    banUser: { roles: ['admin', 'moderator'] },
    editProfile: {
      authorize: (auth, payload) => auth.session?.id === (payload as { userId?: unknown } | undefined)?.userId,
    },
    adminDelete: {
      roles: ['admin'],
      authorize: async (_auth, payload) => {
        if ((payload as { itemId?: unknown } | undefined)?.itemId === 'protected') {
          return { allowed: false, reason: 'Item is protected' }
        }
        return true
      },
    },
  },
  methods: ['getReports', 'deleteReport', 'banUser', 'editProfile', 'adminDelete'],
}

/** As in the seed: `static auth = adminOnly`, `actionAuth = { delete: ownerOnly('targetUserId') }`, no publicActions. */
export const LiveAdminPanel: ComponentSpec = {
  name: 'LiveAdminPanel',
  auth: adminOnly,
  actionAuth: { delete: ownerOnly('targetUserId') },
  methods: ['delete'],
}

/** The same with the missing `publicActions` added. */
export const LiveAdminPanelListed: ComponentSpec = { ...LiveAdminPanel, name: 'LiveAdminPanelListed', publicActions: ['delete'] }

export const ProReports: ComponentSpec = { name: 'ProReports', publicActions: ['list'], auth: proOnly, methods: ['list'] }

// ---- providers/my-auth.ts ----
export const MyAuthProvider: ProviderSpec = {
  name: 'my-auth',
  authorizeAction: async () => true,
  authorizeRoom: async (context, roomId) => {
    if (roomId.startsWith('vip-') && !context.hasRole('premium')) return false
    return true
  },
}

// ---- personas ----
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.persona-secret-token.sig'
export const PERSONA_TOKEN = TOKEN

const persona = (session: LiveAuthSession): LiveAuthContext => createAuthContext(session, TOKEN, 1_700_000_000_000, 'my-auth')

export const personas = {
  admin: persona({ id: 'u-admin', name: 'Ada', roles: ['admin'], permissions: ['reports.delete', 'content.read', 'content.write'] }),
  moderator: persona({ id: 'u-mod', name: 'Mo', roles: ['moderator'], permissions: ['reports.read'] }),
  proUser: persona({ id: 'u-pro', name: 'Pat', plan: 'pro', roles: ['user'], permissions: ['content.read'] }),
  freeUser: persona({ id: 'u-free', name: 'Fred', plan: 'free', roles: ['user'] }),
  premium: persona({ id: 'u-prem', roles: ['user', 'premium'] }),
  bot: persona({ id: 'bot-1', type: 'bot', botName: 'NotifyBot', allowedChannels: ['general', 'alerts'], roles: ['bot'] }),
  device: persona({ id: 'sensor-42', type: 'device', model: 'TempSensor-v3', location: { lat: -23.5, lng: -46.6 }, roles: ['device'] }),
  anonymous: anonymousContext(),
} as const

export type PersonaName = keyof typeof personas
