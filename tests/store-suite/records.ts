import { describe, expect, it } from 'vitest'
import type { StoredKey } from '@/lib/store/model/key'
import type { OpenStoreHarness, StoreHarness } from './harness'
import { CLOCK, FILES, OTHER_SECRET, SECRET } from './harness'

const use = async (open: OpenStoreHarness, run: (h: StoreHarness) => Promise<void>) => {
  const h = await open({ secret: SECRET, now: CLOCK })
  try {
    await h.store.workspaces.create({ id: 'w', name: 'W', files: FILES })
    await run(h)
  } finally {
    await h.cleanup()
  }
}

/** An EC private JWK: `d` is the part that must never be stored in clear. */
const EC_KEY: StoredKey = {
  kid: 'ec-1', alg: 'ES256', kty: 'EC', label: 'signing key',
  publicJwk: { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' },
  privateJwk: { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' },
  createdAt: CLOCK().toISOString(),
}
const HS_KEY: StoredKey = { kid: 'hs-1', alg: 'HS256', kty: 'oct', label: '', publicJwk: null, privateJwk: { kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' }, createdAt: CLOCK().toISOString() }

export function recordContract(open: OpenStoreHarness): void {
  describe('personas', () => {
    it('lists in creation order (anonymous has null claims), replaces by id in place, removes', () => use(open, async ({ store }) => {
      await store.personas.upsert('w', { id: 'anonymous', label: 'Anonymous', description: '', kind: 'anonymous', claims: null })
      await store.personas.upsert('w', { id: 'admin', label: 'Admin', description: '', kind: 'user', claims: { sub: 'u1', roles: ['admin'] } })
      await store.personas.upsert('w', { id: 'anonymous', label: 'Nobody', description: 'no token', kind: 'anonymous', claims: null })
      expect((await store.personas.list('w')).map((p) => [p.id, p.label, p.claims])).toEqual([
        ['anonymous', 'Nobody', null],
        ['admin', 'Admin', { sub: 'u1', roles: ['admin'] }],
      ])
      expect(await store.personas.list('other')).toEqual([])
      expect(await store.personas.remove('w', 'admin')).toBe(true)
      expect(await store.personas.remove('w', 'admin')).toBe(false)
      expect((await store.personas.list('w')).map((p) => p.id)).toEqual(['anonymous'])
    }))

    it('refuses an invalid persona with the schema error and stores nothing', () => use(open, async ({ store }) => {
      await expect(store.personas.upsert('w', { id: 'Not Valid', label: 'x', description: '', kind: 'user', claims: {} })).rejects.toThrow('persona ids are lowercase words joined by -')
      expect(await store.personas.list('w')).toEqual([])
    }))
  })

  describe('keys', () => {
    it('lists without private parts, gets them decrypted, refuses a taken kid, removes', () => use(open, async ({ store }) => {
      await store.keys.add('w', EC_KEY)
      await store.keys.add('w', HS_KEY)
      const listed = await store.keys.list('w')
      expect(listed.map((k) => k.kid)).toEqual(['ec-1', 'hs-1'])
      for (const k of listed) expect(k).not.toHaveProperty('privateJwk')
      expect(listed[0]).toEqual({ kid: 'ec-1', alg: 'ES256', kty: 'EC', label: 'signing key', publicJwk: EC_KEY.publicJwk, createdAt: EC_KEY.createdAt })
      expect(await store.keys.get('w', 'ec-1')).toEqual(EC_KEY)
      expect(await store.keys.get('w', 'hs-1')).toEqual(HS_KEY)
      expect(await store.keys.get('w', 'nope')).toBeUndefined()
      await expect(store.keys.add('w', { ...HS_KEY, label: 'again' })).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
      expect(await store.keys.remove('w', 'hs-1')).toBe(true)
      expect(await store.keys.remove('w', 'hs-1')).toBe(false)
      expect((await store.keys.list('w')).map((k) => k.kid)).toEqual(['ec-1'])
    }))

    it('stores private parts encrypted: the raw column is an enc:v1 envelope without the private d or k', () => use(open, async (h) => {
      await h.store.keys.add('w', EC_KEY)
      await h.store.keys.add('w', HS_KEY)
      const rawEc = await h.rawPrivateKey('w', 'ec-1')
      const rawHs = await h.rawPrivateKey('w', 'hs-1')
      expect(rawEc).toMatch(/^enc:v1:[A-Za-z0-9+/=]+$/)
      expect(rawEc).not.toContain(String(EC_KEY.privateJwk.d))
      expect(rawEc).not.toContain('"d"')
      expect(rawHs).not.toContain(String(HS_KEY.privateJwk.k))
      // A fresh IV per value: the same key stored twice reads differently.
      await h.store.keys.add('w', { ...HS_KEY, kid: 'hs-2' })
      expect((await h.rawPrivateKey('w', 'hs-2'))?.slice(7, 23)).not.toBe(rawHs?.slice(7, 23))
    }))

    it('with another secret, lists keys still but names the key and the secret mismatch on get', () => use(open, async (h) => {
      await h.store.keys.add('w', EC_KEY)
      const other = await h.reopen({ secret: OTHER_SECRET })
      try {
        expect((await other.keys.list('w')).map((k) => k.kid)).toEqual(['ec-1'])
        const error = await other.keys.get('w', 'ec-1').then(() => undefined, (e: unknown) => e)
        expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_SECRET_MISMATCH' })
        expect((error as Error).message).toContain('"ec-1"')
        expect((error as Error).message).toContain('does not match')
        expect(String((error as Error).message)).not.toContain(String(EC_KEY.privateJwk.d))
        // The right secret still reads it.
        expect(await h.store.keys.get('w', 'ec-1')).toEqual(EC_KEY)
      } finally {
        await other.close()
      }
    }))
  })

  describe('meta', () => {
    it('gets, sets (replacing) and deletes; a missing key reads undefined and deletes quietly', () => use(open, async ({ store }) => {
      expect(await store.meta.get('a')).toBeUndefined()
      await store.meta.set('a', '1')
      await store.meta.set('a', '2')
      await store.meta.set('b', JSON.stringify({ x: [1, 2] }))
      expect(await store.meta.get('a')).toBe('2')
      expect(JSON.parse((await store.meta.get('b')) ?? 'null')).toEqual({ x: [1, 2] })
      await store.meta.delete('a')
      await store.meta.delete('a')
      expect(await store.meta.get('a')).toBeUndefined()
    }))
  })

  describe('transaction', () => {
    it('commits every write together', () => use(open, async ({ store }) => {
      const result = await store.transaction(async (tx) => {
        await tx.workspaces.create({ id: 'x', name: 'X', files: FILES })
        await tx.personas.upsert('x', { id: 'p', label: 'P', description: '', kind: 'user', claims: {} })
        await tx.keys.add('x', HS_KEY)
        await tx.meta.set('x-flag', 'on')
        return 'done'
      })
      expect(result).toBe('done')
      expect(await store.workspaces.get('x')).toBeDefined()
      expect(await store.personas.list('x')).toHaveLength(1)
      expect(await store.keys.get('x', 'hs-1')).toEqual(HS_KEY)
      expect(await store.meta.get('x-flag')).toBe('on')
    }))

    it('rolls every write back when the function rejects, and rethrows its error', () => use(open, async ({ store }) => {
      const failure = new Error('changed my mind')
      await expect(store.transaction(async (tx) => {
        await tx.workspaces.create({ id: 'x', name: 'X', files: FILES })
        await tx.meta.set('x-flag', 'on')
        await tx.workspaces.save('w', { ...FILES, 'components/b.ts': 'export {}\n' }, 'inside')
        throw failure
      })).rejects.toBe(failure)
      expect(await store.workspaces.get('x')).toBeUndefined()
      expect(await store.meta.get('x-flag')).toBeUndefined()
      expect((await store.workspaces.get('w'))?.currentVersion).toBe(1)
      // The store is usable afterwards.
      expect((await store.workspaces.save('w', FILES, 'after')).version).toBe(2)
    }))

    it('lets calls made outside wait for it, so they never see half of it', () => use(open, async ({ store }) => {
      let release = () => {}
      const gate = new Promise<void>((resolve) => { release = resolve })
      const tx = store.transaction(async (t) => {
        await t.meta.set('one', '1')
        await gate
        await t.meta.set('two', '2')
      })
      const seen = store.meta.get('one').then(async (one) => [one, await store.meta.get('two')])
      release()
      await tx
      // Never the first write without the second (a half-done transaction).
      expect(await seen).not.toEqual(['1', undefined])
      expect([await store.meta.get('one'), await store.meta.get('two')]).toEqual(['1', '2'])
    }))
  })
}
