/** Problems (studio diagnostics and TypeScript errors) as the list, the file tree and the editor markers show them. */
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

const isTypeScript = (p: ProblemView) => /^ts\d+$/.test(p.code)

/** Where a problem comes from, for the list: `TS2304` for the language service, nothing for the studio's own. */
export const problemSource = (p: ProblemView): string | undefined => (isTypeScript(p) ? p.code.toUpperCase() : undefined)

/**
 * The studio's diagnostics and the editor's TypeScript errors in one list:
 * errors first (a file that failed to load comes before the warnings that
 * follow from it), then by file and position.
 */
export function mergeProblems(studio: readonly ProblemView[], typescript: readonly ProblemView[]): ProblemView[] {
  const rank = (p: ProblemView) => (p.severity === 'error' ? 0 : 1)
  return [...studio, ...typescript].sort((a, b) =>
    rank(a) - rank(b) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}
