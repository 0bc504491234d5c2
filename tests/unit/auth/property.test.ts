import { describe, expect, it } from 'vitest'
import { decideProperty } from '@/lib/auth/property'
import type { ComponentSpec } from '@/lib/auth/types'

const Counter: ComponentSpec = { name: 'Counter', defaultState: { count: 0, label: 'hits' }, publicActions: ['bump'], methods: ['bump'] }
const Strict: ComponentSpec = { name: 'Strict', defaultState: { count: 0, label: 'hits', secret: 'safe' }, updatableFields: ['count'], methods: [] }
const Bare: ComponentSpec = { name: 'Bare', methods: [] }

// The library's texts (fluxstack-live@d8538f75 ComponentRegistry.updateProperty).
const NOT_UPDATABLE = (p: string, allowed: string, component = 'Counter'): string =>
  `PROPERTY_UPDATE rejected: '${p}' is not an updatable field of '${component}'. Allowed: [${allowed}]. Declare it in 'static defaultState' or 'static updatableFields' to allow client writes.`
const RESERVED = (p: string) => `PROPERTY_UPDATE rejected: '${p}' is a reserved key`
const SERVER_ONLY = (p: string) => `PROPERTY_UPDATE rejected: '${p}' is server-only ($-prefixed fields cannot be written by the client). Use a server action to mutate it.`

describe('decideProperty', () => {
  const cases: readonly [ComponentSpec, string, 'allow' | 'deny', string?, string?][] = [
    [Counter, 'count', 'allow'],
    [Counter, 'label', 'allow'],
    [Counter, 'session', 'deny', 'property.allowlist', NOT_UPDATABLE('session', 'count, label')],
    [Counter, '__proto__', 'deny', 'property.reserved', RESERVED('__proto__')],
    [Counter, 'constructor', 'deny', 'property.reserved', RESERVED('constructor')],
    [Counter, 'prototype', 'deny', 'property.reserved', RESERVED('prototype')],
    [Counter, '$auth', 'deny', 'property.serverOnly', SERVER_ONLY('$auth')],
    [Counter, '$private', 'deny', 'property.serverOnly', SERVER_ONLY('$private')],
    [Strict, 'count', 'allow'],
    [Strict, 'secret', 'deny', 'property.allowlist', NOT_UPDATABLE('secret', 'count', 'Strict')],
    [Strict, 'label', 'deny', 'property.allowlist', NOT_UPDATABLE('label', 'count', 'Strict')],
    [Bare, 'anything', 'deny', 'property.allowlist', NOT_UPDATABLE('anything', '', 'Bare')],
    [Counter, 'toString', 'deny', 'property.allowlist', NOT_UPDATABLE('toString', 'count, label')],
  ]
  it.each(cases)('%#: write -> %s', async (component, property, verdict, decidedBy, reason) => {
    const d = await decideProperty({ component, property, value: 1 })
    expect([d.verdict, d.decidedBy, d.reason]).toEqual([verdict, decidedBy, reason])
    expect(d.kind).toBe('property')
  })

  it('shows where the allowlist came from', async () => {
    const d = await decideProperty({ component: Strict, property: 'count', value: 'x' })
    expect(d.trace[2]?.inputs).toEqual({ allowed: ['count'], source: 'updatableFields', valueType: 'string' })
  })
})
