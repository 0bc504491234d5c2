import { describe, expect, it } from 'vitest'
import { changedPaths, clearDraft, draftKey, readDraft, rebaseDraft, sameFiles, writeDraft, type KeyValueStorage } from '@/components/rules/draft-store'

function memory(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) }
}

describe('draft store', () => {
  it.each([
    [{ a: '1' }, { a: '1' }, true],
    [{ a: '1' }, { a: '2' }, false],
    [{ a: '1' }, { b: '1' }, false],
    [{ a: '1' }, { a: '1', b: '' }, false],
    [{}, {}, true],
  ])('sameFiles(%j, %j) is %s', (a, b, expected) => {
    expect(sameFiles(a, b)).toBe(expected)
  })

  it('lists added, modified and removed paths', () => {
    expect(changedPaths({ a: '1', b: '2', c: '3' }, { a: '1', b: 'x', d: '4' })).toEqual({ added: ['d'], modified: ['b'], removed: ['c'] })
  })

  it('stores a draft that differs and reads it back', () => {
    const s = memory()
    writeDraft(s, 'demo', { a: '1' }, { a: '2' }, 3, 1000)
    expect(readDraft(s, 'demo')).toEqual({ baseVersion: 3, files: { a: '2' }, savedAt: 1000 })
  })

  it('forgets the draft once it matches the saved files', () => {
    const s = memory()
    writeDraft(s, 'demo', { a: '1' }, { a: '2' }, 3, 1000)
    writeDraft(s, 'demo', { a: '1' }, { a: '1' }, 3, 2000)
    expect(s.map.has(draftKey('demo'))).toBe(false)
  })

  it.each(['not json', '{"baseVersion":0,"files":{},"savedAt":1}', '{"files":{"a":1}}'])('drops a corrupt entry %s', (raw) => {
    const s = memory()
    s.setItem(draftKey('demo'), raw)
    expect(readDraft(s, 'demo')).toBeUndefined()
    expect(s.map.size).toBe(0)
  })

  it('ignores a storage that throws (quota, private mode)', () => {
    const broken: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('quota') }, removeItem: () => { throw new Error('denied') } }
    expect(() => writeDraft(broken, 'demo', {}, { a: '1' }, 1, 0)).not.toThrow()
    expect(() => clearDraft(broken, 'demo')).not.toThrow()
  })

  it('keeps drafts of different workspaces apart', () => {
    const s = memory()
    writeDraft(s, 'one', {}, { a: '1' }, 1, 0)
    expect(readDraft(s, 'two')).toBeUndefined()
  })
})

describe('rebaseDraft: a stored draft made on an older version', () => {
  const base = { 'auth/rules.ts': 'v3 rules', 'components/a.ts': 'a', 'components/b.ts': 'b' }
  // Another tab saved v4: it changed the rules and added c.ts.
  const current = { 'auth/rules.ts': 'v4 rules', 'components/a.ts': 'a', 'components/b.ts': 'b', 'components/c.ts': 'c' }

  it('keeps the newer save of files the draft did not touch', () => {
    const draft = { ...base, 'components/a.ts': 'a edited' }
    expect(rebaseDraft(base, draft, current)).toEqual({
      files: { 'auth/rules.ts': 'v4 rules', 'components/a.ts': 'a edited', 'components/b.ts': 'b', 'components/c.ts': 'c' },
      conflicts: [],
    })
  })
  it('applies additions and removals, and reports files changed on both sides (the draft wins)', () => {
    const { 'components/b.ts': _b, ...rest } = base
    const draft = { ...rest, 'auth/rules.ts': 'my rules', 'components/d.ts': 'd' }
    expect(rebaseDraft(base, draft, current)).toEqual({
      files: { 'auth/rules.ts': 'my rules', 'components/a.ts': 'a', 'components/c.ts': 'c', 'components/d.ts': 'd' },
      conflicts: ['auth/rules.ts'],
    })
  })
  it('is no conflict when both sides made the same change', () => {
    const draft = { ...base, 'auth/rules.ts': 'v4 rules' }
    expect(rebaseDraft(base, draft, current).conflicts).toEqual([])
  })
})
