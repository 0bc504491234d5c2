/** Shared fixtures: native component specs and a demo-workspace engine harness. */
import { anonymousContext, contextFromSnapshot, createAuthContext } from '@/lib/auth'
import type { ComponentSpec, LiveAuthContext } from '@/lib/auth'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import type { PortableWorkspace } from '@/lib/rules/workspace-doc'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import type { Persona } from '@/lib/workspace/types'

export const PANEL: ComponentSpec = {
  name: 'Panel', publicActions: ['view', 'purge'], methods: ['view', 'purge'],
  auth: { required: true },
  actionAuth: { purge: { roles: ['admin'] } },
}

export const PEOPLE = [
  { id: 'admin', session: { id: 'u1', roles: ['admin'] } },
  { id: 'user', session: { id: 'u2', roles: ['user'] } },
  { id: 'anonymous', session: null },
] as const

export const nativeInputs = {
  components: [PANEL],
  providers: [{ name: 'jwt', authorizeRoom: (auth: LiveAuthContext, roomId: string) => !roomId.startsWith('vip-') || auth.hasRole('admin') }],
  personas: PEOPLE,
  contextFor: (p: (typeof PEOPLE)[number]): LiveAuthContext => (p.session === null ? anonymousContext() : createAuthContext(p.session)),
}

/** Engine inputs over a loaded workspace whose first provider authenticates persona claims. */
export function workspaceInputs(ws: LoadedWorkspace, personas: readonly Persona[]) {
  return {
    components: ws.components,
    providers: ws.providers,
    personas,
    async contextFor(persona: Persona): Promise<LiveAuthContext> {
      const provider = ws.providers[0]
      if (persona.claims === null || provider === undefined) return anonymousContext()
      const snapshot = await provider.authenticate({ claims: persona.claims })
      return snapshot === null ? anonymousContext() : contextFromSnapshot(snapshot)
    },
  }
}

/** The demo workspace in portable form, with one rule test. */
export const DEMO: PortableWorkspace = {
  name: 'FluxStack Live demo',
  files: readDemoWorkspace(),
  personas: DEMO_PERSONAS.map((p) => ({ ...p, claims: p.claims === null ? null : { ...p.claims } })) as PortableWorkspace['personas'],
  ruleTests: [{ id: 't1', persona: 'admin', component: 'AdminPanel', kind: 'mount', expect: 'allow' }],
}

