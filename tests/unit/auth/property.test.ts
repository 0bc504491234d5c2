import { describe, expect, it } from 'vitest'
import { decideProperty } from '@/lib/auth/property'
import type { ComponentSpec } from '@/lib/auth/types'

const Counter: ComponentSpec = { name: 'Counter', defaultState: { count: 0, label: 'hits' }, publicActions: ['bump'], methods: ['bump'] }
const Strict: ComponentSpec = { name: 'Strict', defaultState: { count: 0, label: 'hits', secret: 'safe' }, updatableFields: ['count'], methods: [] }
const Bare: ComponentSpec = { name: 'Bare', methods: [] }

const NOT_UPDATABLE = (p: string, allowed: string): string =>
  `Property '${p}' is not an updatable field. Allowed: ${allowed} (static updatableFields, or the keys of static defaultState)`

describe('decideProperty', () => {
  const cases: readonly [ComponentSpec, string, 'allow' | 'deny', string?, string?][] = [
    [Counter, 'count', 'allow'],
    [Counter, 'label', 'allow'],
    [Counter, 'session', 'deny', 'property.allowlist', NOT_UPDATABLE('session', 'count, label')],
    [Counter, '__proto__', 'deny', 'property.reserved', "Property '__proto__' is a reserved key"],
    [Counter, 'constructor', 'deny', 'property.reserved', "Property 'constructor' is a reserved key"],
    [Counter, 'prototype', 'deny', 'property.reserved', "Property 'prototype' is a reserved key"],
    [Counter, '$auth', 'deny', 'property.serverOnly', "Property '$auth' is server-only ($-prefixed keys cannot be set by the client)"],
    [Counter, '$private', 'deny', 'property.serverOnly', "Property '$private' is server-only ($-prefixed keys cannot be set by the client)"],
    [Strict, 'count', 'allow'],
    [Strict, 'secret', 'deny', 'property.allowlist', NOT_UPDATABLE('secret', 'count')],
    [Strict, 'label', 'deny', 'property.allowlist', NOT_UPDATABLE('label', 'count')],
    [Bare, 'anything', 'deny', 'property.allowlist', NOT_UPDATABLE('anything', '(none)')],
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
