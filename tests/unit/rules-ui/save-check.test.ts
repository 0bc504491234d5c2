import { describe, expect, it } from 'vitest'
import type { ProblemView } from '@/lib/api/workspace'
import { blockingProblems, errorSummary, versionErrorSummary, versionProblemsOf, versionProblemText } from '@/components/rules/save-check'

const p = (over: Partial<ProblemView>): ProblemView => ({ file: 'auth/rules.ts', severity: 'error', code: 'load', message: 'm', ...over })

describe('the check before a save', () => {
  it('only errors stop a save; warnings never do', () => {
    const warning = p({ severity: 'warning', code: 'unknown-role' })
    const load = p({ message: 'TypeError: x' })
    const ts = p({ code: 'ts2304', message: "Cannot find name 'Plan'." })
    expect(blockingProblems([warning, load, ts])).toEqual([load, ts])
    expect(blockingProblems([warning])).toEqual([])
  })

  it.each<[ProblemView[], string]>([
    [[p({})], '1 load error'],
    [[p({}), p({}), p({ code: 'ts2322' })], '2 load errors and 1 TypeScript error'],
    [[p({ code: 'ts2304' }), p({ code: 'ts2322' })], '2 TypeScript errors'],
    [[], 'no errors'],
  ])('words %j as "%s"', (problems, text) => expect(errorSummary(problems)).toBe(text))

  it('stores what a version was saved with: errors only, each with its source, within the store\'s limits', () => {
    const stored = versionProblemsOf([
      p({ line: 3, column: 30, message: "TypeError: cannot read property 'max' of undefined" }),
      p({ severity: 'warning', code: 'unknown-role' }),
      p({ file: 'components/a.ts', line: 0, code: 'ts2304', message: "Cannot find name 'Plan'." }),
      p({ file: '', message: 'x'.repeat(3000) }),
    ])
    expect(stored).toEqual([
      { file: 'auth/rules.ts', line: 3, column: 30, message: "TypeError: cannot read property 'max' of undefined", source: 'load' },
      { file: 'components/a.ts', message: "Cannot find name 'Plan'.", source: 'typescript' },
      { file: '(workspace)', message: 'x'.repeat(2000), source: 'load' },
    ])
    expect(versionProblemsOf(Array.from({ length: 150 }, () => p({})))).toHaveLength(100)
  })

  it('words a stored version\'s errors for History', () => {
    const stored = versionProblemsOf([p({ line: 3, column: 30, message: 'TypeError: boom' }), p({ file: 'a.ts', code: 'ts1005', message: "';' expected." })])
    expect(stored.map(versionProblemText)).toEqual(['auth/rules.ts:3:30 TypeError: boom', "a.ts ';' expected."])
    expect(versionErrorSummary(stored)).toBe('1 load error and 1 TypeScript error')
  })
})
