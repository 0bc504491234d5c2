/** Problems (studio diagnostics) as the list and the editor markers show them. */
import type { ProblemView } from '@/lib/api/workspace'

export interface MarkerSpec {
  readonly startLineNumber: number
  readonly startColumn: number
  readonly endLineNumber: number
  readonly endColumn: number
  readonly message: string
  readonly severity: 'error' | 'warning'
  readonly code: string
}

export function problemCounts(problems: readonly ProblemView[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === 'error').length
  return { errors, warnings: problems.length - errors }
}

/**
 * A marker over the word at the problem's position (or the whole line when the
 * text there is not a word); `lineText` is the text of that line.
 */
export function markerOf(problem: ProblemView, lineText: string): MarkerSpec {
  const line = Math.max(1, problem.line ?? 1)
  const column = Math.max(1, problem.column ?? 1)
  const rest = lineText.slice(column - 1)
  const word = /^[\w$.'"-]+/.exec(rest)?.[0]
  const endColumn = word ? column + word.length : Math.max(column + 1, lineText.length + 1)
  return { startLineNumber: line, startColumn: column, endLineNumber: line, endColumn, message: problem.message, severity: problem.severity, code: problem.code }
}

/** `file:line:column` for the list. */
export const problemLocation = (p: ProblemView) => `${p.file}:${p.line ?? 1}:${p.column ?? 1}`

/** Files with at least one error, for the tree's badges. */
export function filesWithProblems(problems: readonly ProblemView[]): Map<string, 'error' | 'warning'> {
  const out = new Map<string, 'error' | 'warning'>()
  for (const p of problems) if (out.get(p.file) !== 'error') out.set(p.file, p.severity)
  return out
}
