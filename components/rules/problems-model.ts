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

/** The studio's "Missing export" load error, and the name it is about. */
const MISSING_EXPORT = /^Missing export: '([^']+)' is not exported by /
/** TypeScript's errors for importing a name the module does not export (2724 adds "Did you mean 'x'?"). */
const TS_MISSING_EXPORT = new Set(['ts2305', 'ts2724', 'ts2614'])
const SUGGESTION = /Did you mean '([^']+)'\?/

/** True when TypeScript error `ts` reports the same mistake as the studio's `studio`: the same missing export, at the same import. */
function sameMistake(studio: ProblemView, ts: ProblemView): boolean {
  const name = MISSING_EXPORT.exec(studio.message)?.[1]
  return name !== undefined && TS_MISSING_EXPORT.has(ts.code) && ts.file === studio.file && ts.line === studio.line && ts.message.includes(`'${name}'`)
}

/**
 * One entry per mistake: a TypeScript error that says what a studio diagnostic
 * already says (a renamed export gives "Missing export" and TS2724 at the same
 * import) is dropped; its "Did you mean 'x'?" joins the studio's text, which
 * names the module plainly and is what breaks the load.
 */
function withoutDuplicates(studio: readonly ProblemView[], typescript: readonly ProblemView[]): ProblemView[] {
  const out = studio.map((p) => ({ ...p }))
  const kept: ProblemView[] = []
  for (const ts of typescript) {
    const twin = out.find((p) => sameMistake(p, ts))
    if (!twin) {
      kept.push(ts)
      continue
    }
    const suggestion = SUGGESTION.exec(ts.message)?.[0]
    if (suggestion && !twin.message.includes(suggestion)) twin.message = `${twin.message.replace(/\.?$/, '.')} ${suggestion}`
  }
  return [...out, ...kept]
}

/**
 * The studio's diagnostics and the editor's TypeScript errors in one list, one
 * entry per mistake: errors first (a file that failed to load comes before the
 * warnings that follow from it), then by file and position.
 */
export function mergeProblems(studio: readonly ProblemView[], typescript: readonly ProblemView[]): ProblemView[] {
  const rank = (p: ProblemView) => (p.severity === 'error' ? 0 : 1)
  return withoutDuplicates(studio, typescript).sort((a, b) =>
    rank(a) - rank(b) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}
