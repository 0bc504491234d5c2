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
})
