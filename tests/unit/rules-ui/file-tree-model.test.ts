import { describe, expect, it } from 'vitest'
import { buildTree, checkNewPath, renameFile, starterText, visibleOrder } from '@/components/rules/file-tree-model'

describe('file tree model', () => {
  it('builds folders first, sorted, and lists paths in display order', () => {
    const tree = buildTree(['z.ts', 'components/b.ts', 'auth/rules.ts', 'components/a.ts', 'components/ui/x.ts'])
    expect(tree.folders.map((f) => f.path)).toEqual(['auth', 'components'])
    expect(tree.folders[1]?.folders.map((f) => f.path)).toEqual(['components/ui'])
    expect(visibleOrder(tree)).toEqual(['auth/rules.ts', 'components/ui/x.ts', 'components/a.ts', 'components/b.ts', 'z.ts'])
  })

  it.each([
    ['components/new-panel', { ok: true, path: 'components/new-panel.ts' }],
    ['/auth/more.ts', { ok: true, path: 'auth/more.ts' }],
    ['', { ok: false, error: 'Type a path such as components/my-panel.ts.' }],
    ['../etc/passwd', { ok: false, error: 'A path cannot contain . or .. segments.' }],
    ['components/has space.ts', { ok: false, error: 'Use letters, digits, - and _ separated by /.' }],
    ['auth/rules.ts', { ok: false, error: 'auth/rules.ts already exists.' }],
    [`${'a'.repeat(200)}.ts`, { ok: false, error: 'A path is at most 200 characters.' }],
  ])('checkNewPath(%j)', (input, expected) => {
    expect(checkNewPath(input, ['auth/rules.ts'])).toEqual(expected)
  })

  it('renames one file and keeps the text', () => {
    expect(renameFile({ 'a.ts': 'A', 'b.ts': 'B' }, 'a.ts', 'c.ts')).toEqual({ 'c.ts': 'A', 'b.ts': 'B' })
  })

  it.each([
    ['components/score-board.ts', /export class ScoreBoard extends LiveComponent/],
    ['machines/cart.ts', /export const allowRead/],
    ['auth/extra.ts', /LiveComponentAuth/],
    ['data/seed.ts', /^export \{\}/],
  ])('starter text for %s', (path, pattern) => {
    expect(starterText(path)).toMatch(pattern)
  })
})
