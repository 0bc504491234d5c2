import { describe, expect, it, vi } from 'vitest'
import { createAuthContext, recordSessionRead, snapshotOf, trackReads } from '@/lib/auth/context'
import { rawPayloadOf, recordPayloadRead, trackPayloadReads } from '@/lib/auth/payload-reads'
import { decideAction } from '@/lib/auth/action'
import type { ComponentSpec } from '@/lib/auth/types'

describe('trackPayloadReads', () => {
  it('records the top-level fields a rule reads, by get, in and descriptor lookups', () => {
    const t = trackPayloadReads({ userId: 'u1', name: 'x', nested: { a: 1 } })
    const p = t.value as Record<string, unknown>
    void p['userId']
    void ('name' in p)
    void Object.getOwnPropertyDescriptor(p, 'missing')
    void (p['nested'] as { a: number }).a
    expect(t.fieldsRead()).toEqual(['userId', 'name', 'missing', 'nested'])
  })

  it('ignores runtime lookups (then, toJSON) and never tracks anything but a plain object', () => {
    const t = trackPayloadReads({ a: 1 })
    void Promise.resolve(t.value)
    expect(JSON.stringify(t.value)).toBe('{"a":1}')
    // JSON.stringify enumerates keys and reads each one: a rule serializing the payload reads it all.
    expect(t.fieldsRead()).toEqual(['a'])
    for (const v of [undefined, null, 'text', 3, [1, 2]]) {
      const u = trackPayloadReads(v)
      expect(u.value).toBe(v)
      expect(u.fieldsRead()).toEqual([])
    }
  })

  it('hands the raw payload to an adapter and takes the reads it reports', () => {
    const raw = { targetUserId: 'u-admin' }
    const t = trackPayloadReads(raw)
    expect(rawPayloadOf(t.value)).toBe(raw)
    expect(t.fieldsRead()).toEqual([])
    recordPayloadRead(t.value, 'targetUserId')
    recordPayloadRead(t.value, 'then')
    expect(t.fieldsRead()).toEqual(['targetUserId'])
    // Untracked values: as is, and reporting is a no-op.
    expect(rawPayloadOf(raw)).toBe(raw)
    expect(() => recordPayloadRead(raw, 'x')).not.toThrow()
  })
})

describe('a custom action authorize', () => {
  const component: ComponentSpec = {
    name: 'C', publicActions: ['go'], methods: ['go'],
    actionAuth: { go: { authorize: (auth, payload) => auth.session?.id === (payload as { owner?: string } | undefined)?.owner } },
  }

  it('reports the payload fields it read beside the session fields', async () => {
    const d = await decideAction({ component, action: 'go', payload: { owner: 'u1', other: 2 }, auth: createAuthContext({ id: 'u1', plan: 'pro' }), providerCount: 0 })
    const step = d.trace.find((s) => s.layer === 'actionAuth.authorize')
    expect(d.verdict).toBe('allow')
    expect(step?.inputs).toMatchObject({ sessionFieldsRead: ['id'], payloadFieldsRead: ['owner'] })
    expect(d.sessionFieldsRead).toEqual(['id'])
  })

  it('adds no payloadFieldsRead when there is no payload object', async () => {
    const d = await decideAction({ component, action: 'go', auth: createAuthContext({ id: 'u1' }), providerCount: 0 })
    expect(d.trace.find((s) => s.layer === 'actionAuth.authorize')?.inputs).not.toHaveProperty('payloadFieldsRead')
  })
})

describe('two copies of lib/auth in one process (Next bundle and the sandbox adapter)', () => {
  it('share their registries: a copy snapshots the other copy\'s tracked context without reading every field, and reports reads to it', async () => {
    const t = trackReads(createAuthContext({ id: 'u', plan: 'pro', email: 'e@x' }))
    const p = trackPayloadReads({ targetUserId: 'u' })
    vi.resetModules()
    const other = await import('@/lib/auth/context')
    const otherPayload = await import('@/lib/auth/payload-reads')
    expect(other.snapshotOf).not.toBe(snapshotOf)
    expect(other.snapshotOf(t.ctx)).toEqual({ authenticated: true, session: { id: 'u', plan: 'pro', email: 'e@x' } })
    expect(t.fieldsRead()).toEqual([])
    other.recordSessionRead(t.ctx, 'id')
    expect(t.fieldsRead()).toEqual(['id'])
    expect(otherPayload.rawPayloadOf(p.value)).toEqual({ targetUserId: 'u' })
    expect(p.fieldsRead()).toEqual([])
    otherPayload.recordPayloadRead(p.value, 'targetUserId')
    expect(p.fieldsRead()).toEqual(['targetUserId'])
    recordSessionRead(t.ctx, 'plan')
    expect(t.fieldsRead()).toEqual(['id', 'plan'])
  })
})
