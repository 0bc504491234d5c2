import { describe, expect, it } from 'vitest'
import type { ProblemView } from '@/lib/api/workspace'
import { filesWithProblems, markerOf, mergeProblems, problemCounts, problemLocation, problemSource } from '@/components/rules/problems-model'

const p = (over: Partial<ProblemView>): ProblemView => ({ file: 'a.ts', severity: 'error', code: 'load', message: 'm', ...over })

describe('problems model', () => {
  it('counts errors and warnings', () => {
    expect(problemCounts([p({}), p({ severity: 'warning' }), p({})])).toEqual({ errors: 2, warnings: 1 })
  })

  it.each([
    ['covers the word at the position', p({ line: 3, column: 10 }), '  static publicActions = []', { startColumn: 10, endColumn: 23 }],
    ['spans the line when no word is there', p({ line: 1, column: 1 }), '{', { startColumn: 1, endColumn: 2 }],
    ['defaults to 1:1', p({}), 'abc', { startColumn: 1, endColumn: 4 }],
  ])('marker %s', (_name, problem, line, range) => {
    expect(markerOf(problem, line)).toMatchObject({ ...range, startLineNumber: problem.line ?? 1, message: 'm', severity: 'error' })
  })

  it('formats locations and keeps the worst severity per file', () => {
    expect(problemLocation(p({ line: 4, column: 2 }))).toBe('a.ts:4:2')
    const m = filesWithProblems([p({ severity: 'warning' }), p({}), p({ file: 'b.ts', severity: 'warning' })])
    expect([...m]).toEqual([['a.ts', 'error'], ['b.ts', 'warning']])
  })

  it('merges the studio\'s problems with TypeScript\'s: errors first (the failed file before what follows from it), then by place', () => {
    const followOn = p({ file: 'components/admin.ts', severity: 'warning', line: 2, message: 'components/admin.ts was not loaded because auth/rules.ts failed to load' })
    const cause = p({ file: 'auth/rules.ts', line: 3, message: 'TypeError' })
    const ts = p({ file: 'auth/rules.ts', line: 1, code: 'ts2304', message: "Cannot find name 'Plan'." })
    const tsInOther = p({ file: 'components/admin.ts', line: 9, code: 'ts2322' })
    expect(mergeProblems([followOn, cause], [tsInOther, ts])).toEqual([ts, cause, tsInOther, followOn])
    expect(problemSource(ts)).toBe('TS2304')
    expect(problemSource(cause)).toBeUndefined()
    // The tree marks a file with a TypeScript error like any other.
    expect(filesWithProblems(mergeProblems([], [ts])).get('auth/rules.ts')).toBe('error')
  })

  describe('one entry per mistake', () => {
    // Renaming `adminOnly` in auth/rules.ts: the studio's load error and TypeScript's TS2724, at the same import.
    const missing = p({ file: 'components/live-admin-panel.ts', line: 3, column: 10, message: "Missing export: 'adminOnly' is not exported by auth/rules.ts" })
    const ts2724 = p({ file: 'components/live-admin-panel.ts', line: 3, column: 10, code: 'ts2724', message: "'\"../auth/rules\"' has no exported member named 'adminOnly'. Did you mean 'adminsOnly'?" })
    const ts2305 = p({ file: 'components/live-admin-panel.ts', line: 3, column: 10, code: 'ts2305', message: "Module '\"../auth/rules\"' has no exported member 'adminOnly'." })

    it('keeps the studio\'s text, with TypeScript\'s suggestion, and counts one error', () => {
      const merged = mergeProblems([missing], [ts2724])
      expect(merged).toEqual([{ ...missing, message: "Missing export: 'adminOnly' is not exported by auth/rules.ts. Did you mean 'adminsOnly'?" }])
      expect(problemCounts(merged)).toEqual({ errors: 1, warnings: 0 })
      expect(problemSource(merged[0] as ProblemView)).toBeUndefined()
      // The studio's own list is not changed in place.
      expect(missing.message).toBe("Missing export: 'adminOnly' is not exported by auth/rules.ts")
    })

    it('drops TS2305 (no suggestion) the same way', () => {
      expect(mergeProblems([missing], [ts2305])).toEqual([missing])
    })

    it.each([
      ['another line', { ...ts2724, line: 4 }],
      ['another file', { ...ts2724, file: 'components/admin-panel.ts' }],
      ['another name', { ...ts2724, message: "'\"../auth/rules\"' has no exported member named 'ownerOnly'. Did you mean 'ownersOnly'?" }],
      ['another kind of TypeScript error', { ...ts2724, code: 'ts2304', message: "Cannot find name 'adminOnly'." }],
    ])('keeps both when the TypeScript error is on %s', (_name, other) => {
      expect(mergeProblems([missing], [other])).toHaveLength(2)
    })

    it('keeps a TypeScript error when the studio\'s one at that place is another mistake', () => {
      const typeError = p({ file: 'components/live-admin-panel.ts', line: 3, column: 10, message: "TypeError: cannot read property 'x' of undefined" })
      expect(mergeProblems([typeError], [ts2724])).toHaveLength(2)
    })
  })
})
