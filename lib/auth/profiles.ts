/**
 * Ordering profiles. 'documented' follows the seed's "Security Layers" list;
 * 'fluxstack-live@0.11' follows the library's code, where
 * ComponentRegistry.executeAction runs authorizeAction for an actionAuth entry
 * before ActionSecurityManager's blocklist / private / publicActions checks.
 */
import type { ProfileId } from './types'
import type { Layer } from './cascade'
import { ACTION_AUTH_LAYERS, type ActionInput, GATE_LAYERS, METHOD_LAYERS } from './action-layers'

export const PROFILES: readonly ProfileId[] = ['documented', 'fluxstack-live@0.11']
export const DEFAULT_PROFILE: ProfileId = 'documented'

export function isProfileId(value: unknown): value is ProfileId {
  return typeof value === 'string' && (PROFILES as readonly string[]).includes(value)
}

const DOCUMENTED: readonly Layer<ActionInput>[] = [...GATE_LAYERS, ...ACTION_AUTH_LAYERS, ...METHOD_LAYERS]
const LIBRARY_0_11: readonly Layer<ActionInput>[] = [...ACTION_AUTH_LAYERS, ...GATE_LAYERS, ...METHOD_LAYERS]

/** The action layers in the order `profile` evaluates them. */
export function actionLayers(profile: ProfileId): readonly Layer<ActionInput>[] {
  return profile === 'fluxstack-live@0.11' ? LIBRARY_0_11 : DOCUMENTED
}
