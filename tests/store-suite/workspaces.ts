import { describe, expect, it } from 'vitest'
import type { StoreHarness, OpenStoreHarness } from './harness'
import { CLOCK, FILES, SECRET } from './harness'

const use = async (open: OpenStoreHarness, run: (h: StoreHarness) => Promise<void>) => {
  const h = await open({ secret: SECRET, now: CLOCK })
  try {
    await run(h)
  } finally {
    await h.cleanup()
  }
}

const problems = [
  { file: 'auth/rules.ts', line: 3, column: 5, message: "TypeError: cannot read property 'x' of undefined", source: 'load' as const },
  { file: 'components/a.ts', line: 1, column: 10, message: "Cannot find name 'Plan'.", source: 'typescript' as const },
]

export function workspaceContract(open: OpenStoreHarness): void {
  describe('workspaces', () => {
    it('creates version 1, lists demo workspaces first, gets one, and refuses a taken id with STORE_CONFLICT', () => use(open, async ({ store }) => {
      const created = await store.workspaces.create({ id: 'w', name: 'W', files: FILES })
      expect(created).toEqual({ id: 'w', name: 'W', description: '', isDemo: false, currentVersion: 1, fileCount: 1, createdAt: CLOCK().toISOString(), updatedAt: CLOCK().toISOString() })
      await store.workspaces.create({ id: 'd', name: 'Demo', description: 'the demo', isDemo: true, files: FILES, message: 'Demo workspace' })
      expect((await store.workspaces.list()).map((w) => w.id)).toEqual(['d', 'w'])
      expect(await store.workspaces.get('d')).toMatchObject({ isDemo: true, description: 'the demo' })
      expect(await store.workspaces.get('nope')).toBeUndefined()
      expect((await store.workspaces.version('d', 1)).message).toBe('Demo workspace')
      await expect(store.workspaces.create({ id: 'w', name: 'again', files: FILES })).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_CONFLICT' })
      expect((await store.workspaces.list()).map((w) => w.name)).toEqual(['Demo', 'W'])
    }))

    it('keeps every saved version, newest first in history, and restores an old one as a new version', () => use(open, async ({ store }) => {
      await store.workspaces.create({ id: 'w', name: 'W', files: FILES })
      const saved = await store.workspaces.save('w', { ...FILES, 'components/a.ts': 'export {}\n' }, 'add a')
      expect(saved).toMatchObject({ workspaceId: 'w', version: 2, message: 'add a', problems: [] })
      expect(await store.workspaces.get('w')).toMatchObject({ currentVersion: 2, fileCount: 2 })
      const restored = await store.workspaces.restore('w', 1)
      expect(restored).toMatchObject({ version: 3, message: 'Restored version 1', files: FILES })
      expect((await store.workspaces.history('w')).map((h) => [h.version, h.message])).toEqual([[3, 'Restored version 1'], [2, 'add a'], [1, 'Created']])
      expect(await store.workspaces.history('nope')).toEqual([])
      expect((await store.workspaces.version('w')).version).toBe(3)
      await expect(store.workspaces.version('w', 9)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
      await expect(store.workspaces.version('nope')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
      await expect(store.workspaces.restore('w', 9)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
      await expect(store.workspaces.save('nope', FILES)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
    }))

    it('gives concurrent saves distinct consecutive versions (none is lost)', () => use(open, async ({ store }) => {
      await store.workspaces.create({ id: 'w', name: 'W', files: FILES })
      const saves = await Promise.all(Array.from({ length: 8 }, (_, i) => store.workspaces.save('w', { ...FILES, [`components/c${i}.ts`]: 'export {}\n' }, `save ${i}`)))
      expect(saves.map((s) => s.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
      expect((await store.workspaces.get('w'))?.currentVersion).toBe(9)
      expect(await store.workspaces.history('w')).toHaveLength(9)
    }))

    it('remembers the errors a version was saved with; a restore keeps them, a clean save has none', () => use(open, async ({ store }) => {
      await store.workspaces.create({ id: 'w', name: 'W', files: FILES })
      expect((await store.workspaces.save('w', { ...FILES, 'components/a.ts': 'export {}\n' }, 'broken', problems)).problems).toEqual(problems)
      await store.workspaces.save('w', FILES, 'fixed')
      await store.workspaces.restore('w', 2)
      expect((await store.workspaces.history('w')).map((h) => [h.version, h.problems.length])).toEqual([[4, 2], [3, 0], [2, 2], [1, 0]])
      expect((await store.workspaces.version('w', 4)).problems).toEqual(problems)
      await store.workspaces.setProblems('w', 3, [problems[0]!])
      expect((await store.workspaces.version('w', 3)).problems).toEqual([problems[0]])
      await expect(store.workspaces.setProblems('w', 9, [])).rejects.toThrow('has no version 9')
      await expect(store.workspaces.save('w', FILES, 'bad', [{ file: '', message: 'x', source: 'load' }])).rejects.toThrow()
      expect((await store.workspaces.get('w'))?.currentVersion).toBe(4)
    }))

    it.each([
      ['../escape.ts', 'paths cannot contain . or ..'],
      ['/abs.ts', 'paths are relative, use / and end in .ts'],
      ['notes.md', 'paths are relative, use / and end in .ts'],
    ])('refuses the file path %s and writes nothing', (p, message) => use(open, async ({ store }) => {
      await expect(store.workspaces.create({ id: 'w', name: 'W', files: { [p]: '' } })).rejects.toThrow(message)
      expect(await store.workspaces.list()).toEqual([])
    }))

    it('keeps settings JSON ({} when unset or unknown), renames, and removes with everything it owns', () => use(open, async ({ store }) => {
      await store.workspaces.create({ id: 'w', name: 'W', files: FILES })
      expect(await store.workspaces.settings('w')).toEqual({})
      expect(await store.workspaces.settings('nope')).toEqual({})
      await store.workspaces.updateSettings('w', { profile: 'documented', jwt: { issuer: 'https://issuer.test' } })
      expect(await store.workspaces.settings('w')).toEqual({ profile: 'documented', jwt: { issuer: 'https://issuer.test' } })
      await expect(store.workspaces.updateSettings('nope', {})).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
      expect(await store.workspaces.rename('w', 'Renamed')).toMatchObject({ id: 'w', name: 'Renamed', currentVersion: 1 })
      await expect(store.workspaces.rename('nope', 'x')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
      await store.personas.upsert('w', { id: 'admin', label: 'Admin', description: '', kind: 'user', claims: { sub: 'u1' } })
      await store.keys.add('w', { kid: 'k', alg: 'HS256', kty: 'oct', label: '', publicJwk: null, privateJwk: { kty: 'oct', k: 'c2VjcmV0' }, createdAt: CLOCK().toISOString() })
      await store.workspaces.remove('w')
      expect(await store.workspaces.get('w')).toBeUndefined()
      expect(await store.workspaces.history('w')).toEqual([])
      expect(await store.personas.list('w')).toEqual([])
      expect(await store.keys.list('w')).toEqual([])
      await expect(store.workspaces.remove('w')).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' })
    }))
  })
}
