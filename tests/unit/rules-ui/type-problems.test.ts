import { describe, expect, it } from 'vitest'
import { checkedFiles, flattenMessage, typeProblemsOf, type DiagnosticLike } from '@/components/editor/type-problems'

/** 1-based line and column of an offset, as a Monaco model answers. */
const positionIn = (text: string) => (offset: number) => {
  const before = text.slice(0, offset)
  return { lineNumber: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}

const diag = (over: Partial<DiagnosticLike>): DiagnosticLike => ({ category: 1, code: 2304, start: 0, length: 1, messageText: 'm', ...over })

describe('the editor\'s TypeScript errors as problems', () => {
  const text = "import { db } from '../data/db'\nconst p: Plan = 1\n"

  it('an error becomes a problem at its line and column, coded ts<code>', () => {
    const at = text.indexOf('Plan')
    expect(typeProblemsOf('auth/rules.ts', [diag({ start: at, length: 4, messageText: "Cannot find name 'Plan'." })], positionIn(text))).toEqual([
      { file: 'auth/rules.ts', line: 2, column: 10, severity: 'error', code: 'ts2304', message: "Cannot find name 'Plan'." },
    ])
  })

  it('warnings stay warnings; suggestions, messages and ignored codes are not problems', () => {
    const problems = typeProblemsOf('a.ts', [diag({ category: 0, code: 6133 }), diag({ category: 2, code: 80006 }), diag({ category: 3 }), diag({ code: 1375 })], positionIn(text), [1375])
    expect(problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'ts6133']])
  })

  it('a message chain reads as tsc prints it', () => {
    const chain = { messageText: "Type '1' is not assignable to type 'Plan'.", next: [{ messageText: "Type '1' is not comparable to 'free'." }] }
    expect(flattenMessage(chain)).toBe("Type '1' is not assignable to type 'Plan'.\n  Type '1' is not comparable to 'free'.")
  })

  it('a check holds for exactly the files it was made on', () => {
    const check = { problems: [], files: { 'a.ts': 'x', 'b.ts': 'y' } }
    expect(checkedFiles(check, { 'a.ts': 'x', 'b.ts': 'y' })).toBe(true)
    expect(checkedFiles(check, { 'a.ts': 'x', 'b.ts': 'y2' })).toBe(false)
    expect(checkedFiles(check, { 'a.ts': 'x' })).toBe(false)
    expect(checkedFiles(undefined, {})).toBe(false)
  })
})
