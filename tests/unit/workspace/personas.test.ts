import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PERSONAS, demoWorkspaceSeed } from '@/lib/workspace/personas'
import { personaSchema } from '@/lib/store/model/persona'
import { loadWorkspace } from '@/lib/sandbox'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { contextFromSnapshot } from '@/lib/auth/context'

describe('demo personas', () => {
  it('are the seven the design names, with unique store-valid ids', () => {
    expect(DEMO_PERSONAS.map((p) => p.id)).toEqual(['admin', 'moderator', 'pro-user', 'free-user', 'bot', 'device', 'anonymous'])
    for (const p of DEMO_PERSONAS) expect(personaSchema.safeParse(p).success).toBe(true)
  })

  it.each(DEMO_PERSONAS.map((p) => [p.id, p.kind, p.claims === null] as const))('%s is a %s persona (no token: %s)', (id, kind, anonymous) => {
    expect(anonymous).toBe(kind === 'anonymous')
    const claims = DEMO_PERSONAS.find((p) => p.id === id)?.claims
    if (claims) expect(typeof claims.sub).toBe('string')
  })

  it('the seed bundles name, files and personas', () => {
    const seed = demoWorkspaceSeed()
    expect(seed.personas).toBe(DEMO_PERSONAS)
    expect(Object.keys(seed.files)).toContain('components/live-chat.ts')
  })
})

describe('personas agree with the data/db.ts fixtures', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => {
    ws = await loadWorkspace({
      ...readDemoWorkspace(),
      // A probe component reads the fixtures the rules await.
      'components/probe.ts': "import { LiveComponent } from '@fluxstack/live'\nimport { db } from '../data/db'\nexport class Probe extends LiveComponent {\n  static auth = { authorize: async (auth) => { const u = await db.findByEmail(String(auth.session?.email ?? '')); return u && { id: u.id, plan: await db.getUserPlan(auth.session?.id), roles: u.roles, permissions: u.permissions, name: u.name } } }\n}\n",
    })
  })
  afterAll(() => ws.dispose())

  it.each(DEMO_PERSONAS.filter((p) => p.kind === 'user').map((p) => [p.id, p] as const))('%s matches its database user', async (_id, persona) => {
    const claims = persona.claims ?? {}
    const jwt = ws.providers.find((p) => p.name === 'jwt')
    const snapshot = await jwt?.authenticate({ token: 't', claims })
    const authorize = ws.components.find((c) => c.name === 'Probe')?.auth?.authorize
    const row = await authorize?.(contextFromSnapshot(snapshot ?? { authenticated: false }))
    expect(row).toEqual({ id: claims.sub, plan: claims.plan, roles: claims.roles, permissions: claims.permissions, name: claims.name })
  })
})
