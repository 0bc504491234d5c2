import { describe, expect, it } from 'vitest'
import { decideMount } from '@/lib/auth/mount'
import type { ComponentSpec } from '@/lib/auth/types'
import {
  AdminPanel, ContentEditor, LiveAdminPanel, LiveChat, ProDashboard, ProReports, ProtectedChat, type PersonaName, personas,
} from './fixtures'

type Row = readonly [ComponentSpec, PersonaName, 'allow' | 'deny', string?, string?]

// [component, persona, verdict, decidedBy, exact reason]
const GOLDEN: readonly Row[] = [
  [LiveChat, 'anonymous', 'allow'],
  [ProtectedChat, 'anonymous', 'deny', 'auth.required', 'Authentication required'],
  [ProtectedChat, 'freeUser', 'allow'],
  [ProtectedChat, 'bot', 'allow'],
  [ProtectedChat, 'device', 'allow'],
  [AdminPanel, 'anonymous', 'deny', 'auth.required', 'Authentication required'],
  [AdminPanel, 'admin', 'allow'],
  [AdminPanel, 'moderator', 'allow'],
  [AdminPanel, 'freeUser', 'deny', 'auth.roles', 'Insufficient roles. Required one of: admin, moderator'],
  [AdminPanel, 'bot', 'deny', 'auth.roles', 'Insufficient roles. Required one of: admin, moderator'],
  [ContentEditor, 'admin', 'allow'],
  [ContentEditor, 'proUser', 'deny', 'auth.permissions', 'Insufficient permissions. Required all: content.read, content.write'],
  [ContentEditor, 'device', 'deny', 'auth.permissions', 'Insufficient permissions. Required all: content.read, content.write'],
  [ContentEditor, 'anonymous', 'deny', 'auth.required', 'Authentication required'],
  [ProDashboard, 'proUser', 'allow'],
  [ProDashboard, 'freeUser', 'deny', 'auth.authorize', 'Pro plan required'],
  [ProDashboard, 'bot', 'deny', 'auth.authorize', 'Pro plan required'],
  [ProDashboard, 'anonymous', 'deny', 'auth.required', 'Authentication required'],
  [ProReports, 'proUser', 'allow'],
  [ProReports, 'freeUser', 'deny', 'auth.authorize', 'Denied by custom authorize'],
  [LiveAdminPanel, 'admin', 'allow'],
  [LiveAdminPanel, 'moderator', 'deny', 'auth.roles', 'Insufficient roles. Required one of: admin'],
]

describe('decideMount: the seed examples', () => {
  const rows = GOLDEN.map(([component, who, verdict, decidedBy, reason]) => ({ name: component.name, component, who, verdict, decidedBy, reason }))
  it.each(rows)('$name as $who -> $verdict', async ({ component, who, verdict, decidedBy, reason }) => {
    const d = await decideMount({ component, auth: personas[who] })
    expect(d.verdict).toBe(verdict)
    expect(d.decidedBy).toBe(decidedBy)
    expect(d.reason).toBe(reason)
    expect(d.kind).toBe('mount')
    expect(d.profile).toBe('documented')
    expect(d.trace.map((s) => s.layer)).toEqual(['auth.required', 'auth.roles', 'auth.permissions', 'auth.authorize'])
  })
})

describe('decideMount: the library reasons when not authenticated and required is unset', () => {
  const cases: readonly [ComponentSpec, string, string][] = [
    [{ name: 'R', methods: [], auth: { roles: ['a', 'b'] } }, 'auth.roles', 'Authentication required. Roles needed: a, b'],
    [{ name: 'P', methods: [], auth: { permissions: ['p', 'q'] } }, 'auth.permissions', 'Authentication required. Permissions needed: p, q'],
  ]
  it.each(cases)('anonymous mount denied, case %#', async (component, decidedBy, reason) => {
    const d = await decideMount({ component, auth: personas.anonymous })
    expect([d.verdict, d.decidedBy, d.reason]).toEqual(['deny', decidedBy, reason])
  })

  it('empty roles / permissions lists are not checked (library: `roles?.length`)', async () => {
    const d = await decideMount({ component: { name: 'E', methods: [], auth: { roles: [], permissions: [] } }, auth: personas.anonymous })
    expect(d.verdict).toBe('allow')
    expect(d.trace.map((s) => s.outcome)).toEqual(['skip', 'skip', 'skip', 'skip'])
  })
})

describe('decideMount: trace contents', () => {
  it('shows required vs held roles, then skips the layers not reached', async () => {
    const d = await decideMount({ component: AdminPanel, auth: personas.freeUser })
    const [required, roles, permissions, authorize] = d.trace
    expect(required).toMatchObject({ outcome: 'pass', inputs: { required: true, authenticated: true } })
    expect(roles).toMatchObject({ outcome: 'deny', inputs: { required: ['admin', 'moderator'], held: ['user'], rolesClaim: 'array' } })
    expect(permissions).toMatchObject({ outcome: 'skip', reason: 'not reached: an earlier layer decided', durationUs: 0 })
    expect(authorize).toMatchObject({ outcome: 'skip', reason: 'not reached: an earlier layer decided' })
  })

  it('shows missing permissions', async () => {
    const d = await decideMount({ component: ContentEditor, auth: personas.proUser })
    expect(d.trace[2]?.inputs).toMatchObject({ missing: ['content.write'], held: ['content.read'] })
  })

  it('records the raw authorize result and the session fields a rule read', async () => {
    const d = await decideMount({ component: ProDashboard, auth: personas.freeUser })
    expect(d.trace[3]?.inputs).toEqual({
      rawResult: '{"allowed":false,"reason":"Pro plan required"}', rawType: 'object', sessionFieldsRead: ['id'],
    })
    expect(d.sessionFieldsRead).toEqual(['id'])
  })

  it('never puts the token in a trace', async () => {
    for (const who of Object.keys(personas) as PersonaName[]) {
      for (const component of [ProtectedChat, AdminPanel, ContentEditor, ProDashboard]) {
        const d = await decideMount({ component, auth: personas[who] })
        expect(JSON.stringify(d)).not.toContain('persona-secret-token')
      }
    }
  })
})
