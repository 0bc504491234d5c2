/**
 * The PROPERTY_UPDATE cascade (ComponentRegistry.updateProperty): reserved
 * keys -> `$`-prefixed keys -> allowlist (`updatableFields`, else the keys of
 * `defaultState`). There is no auth check here, which is why auth flags must
 * never live in `state`.
 */
import type { ComponentSpec, Decision, ProfileId } from './types'
import { type Clock, type Layer, defaultClock, runCascade } from './cascade'
import { rawType } from './describe'
import * as reasons from './reasons'
import { DEFAULT_PROFILE } from './profiles'

export interface PropertyRequest {
  readonly component: ComponentSpec
  readonly property: string
  readonly value: unknown
  readonly profile?: ProfileId
  readonly clock?: Clock
}

interface PropertyInput {
  readonly component: ComponentSpec
  readonly property: string
  readonly value: unknown
}

export const RESERVED_PROPERTY_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** The keys a client may write: `updatableFields` when declared (stricter), else the keys of `defaultState`. */
export function updatableKeys(component: ComponentSpec): { keys: string[]; source: 'updatableFields' | 'defaultState' | 'none' } {
  if (component.updatableFields !== undefined) return { keys: [...component.updatableFields], source: 'updatableFields' }
  if (component.defaultState !== undefined) return { keys: Object.keys(component.defaultState), source: 'defaultState' }
  return { keys: [], source: 'none' }
}

const reserved: Layer<PropertyInput> = {
  id: 'property.reserved',
  run({ property }) {
    if (RESERVED_PROPERTY_KEYS.has(property)) return { outcome: 'deny', reason: reasons.propertyReservedKey(property), inputs: { reserved: true } }
    return { outcome: 'pass', reason: 'not a reserved key', inputs: { reserved: false } }
  },
}

const serverOnly: Layer<PropertyInput> = {
  id: 'property.serverOnly',
  run({ property }) {
    if (property.startsWith('$')) return { outcome: 'deny', reason: reasons.propertyServerOnly(property), inputs: { dollarPrefixed: true } }
    return { outcome: 'pass', reason: 'no $ prefix', inputs: { dollarPrefixed: false } }
  },
}

const allowlist: Layer<PropertyInput> = {
  id: 'property.allowlist',
  run({ component, property, value }) {
    const { keys, source } = updatableKeys(component)
    const inputs = { allowed: keys, source, valueType: rawType(value) }
    if (!keys.includes(property)) return { outcome: 'deny', reason: reasons.propertyNotUpdatable(property, component.name, keys), inputs }
    return { outcome: 'pass', reason: `'${property}' is updatable (${source})`, inputs }
  },
}

const PROPERTY_LAYERS: readonly Layer<PropertyInput>[] = [reserved, serverOnly, allowlist]

/**
 * Decides whether a client may write `property` of `component`'s state.
 * @example await decideProperty({ component: Counter, property: 'count', value: 3 })
 */
export function decideProperty(request: PropertyRequest): Promise<Decision> {
  const { component, property, value, profile = DEFAULT_PROFILE, clock = defaultClock() } = request
  return runCascade('property', profile, PROPERTY_LAYERS, { component, property, value }, clock)
}
