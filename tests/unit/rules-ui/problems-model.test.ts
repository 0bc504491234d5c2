import { describe, expect, it } from 'vitest'
import type { ProblemView } from '@/lib/api/workspace'
import { filesWithProblems, markerOf, problemCounts, problemLocation } from '@/components/rules/problems-model'

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
})
