/**
 * One question to the auth engine (mount, action or room join) for a persona,
 * shared by the rule-test runner and the decision matrix.
 */
import { decideAction, decideMount, decideRoomJoin } from '@/lib/auth'
import type { ComponentSpec, Decision, LiveAuthContext, ProfileId, ProviderSpec } from '@/lib/auth'

/** What the runner and the matrix need to ask the engine. */
export interface EngineInputs<P extends { readonly id: string }> {
  readonly components: readonly ComponentSpec[]
  /** Registered providers; the first is the default (the only one whose hooks are called). */
  readonly providers: readonly ProviderSpec[]
  readonly personas: readonly P[]
  readonly profile?: ProfileId
  /** The persona's auth context (e.g. token minted and authenticated by the workspace provider). */
  contextFor(persona: P): LiveAuthContext | Promise<LiveAuthContext>
}

export type Question =
  | { readonly kind: 'mount'; readonly component: ComponentSpec }
  | { readonly kind: 'action'; readonly component: ComponentSpec; readonly action: string; readonly payload?: unknown }
  | { readonly kind: 'room'; readonly roomId: string }

/** Asks the engine one question with the inputs' providers and profile. */
export function ask(question: Question, auth: LiveAuthContext, inputs: Pick<EngineInputs<{ id: string }>, 'providers' | 'profile'>): Promise<Decision> {
  const provider = inputs.providers[0]
  const profile = inputs.profile
  const common = { auth, ...(profile === undefined ? {} : { profile }) }
  switch (question.kind) {
    case 'mount':
      return decideMount({ component: question.component, ...common })
    case 'action':
      return decideAction({
        component: question.component, action: question.action, payload: question.payload,
        providerCount: inputs.providers.length, ...(provider === undefined ? {} : { provider }), ...common,
      })
    case 'room':
      return decideRoomJoin({ roomId: question.roomId, providerCount: inputs.providers.length, ...(provider === undefined ? {} : { provider }), ...common })
  }
}
