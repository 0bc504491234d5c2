/**
 * The check before a save: which problems make a version broken (load errors
 * found by the studio, TypeScript errors from the editor), how the dialog and
 * History word them, and what is stored with a version saved anyway. Pure.
 */
import type { ProblemView, VersionSummary } from '@/lib/api/workspace'
import { problemSource } from './problems-model'

/** A problem stored with a version (lib/store/version-problems.ts). */
export type VersionProblemView = VersionSummary['problems'][number]

/** At most this many problems travel with a save (the store keeps as many). */
export const MAX_SAVED_PROBLEMS = 100

/** The problems that stop a save until the user chooses: every error (warnings never do). */
export function blockingProblems(problems: readonly ProblemView[]): ProblemView[] {
  return problems.filter((p) => p.severity === 'error')
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * "2 load errors and 1 TypeScript error": what a broken draft (or version) holds.
 * @example errorSummary([{ code: 'load', ... }, { code: 'ts2304', ... }]) // "1 load error and 1 TypeScript error"
 */
export function errorSummary(problems: readonly Pick<ProblemView, 'code'>[]): string {
  const typescript = problems.filter((p) => problemSource(p as ProblemView) !== undefined).length
  const studio = problems.length - typescript
  const parts = [studio > 0 ? plural(studio, 'load error') : '', typescript > 0 ? plural(typescript, 'TypeScript error') : ''].filter(Boolean)
  return parts.length > 0 ? parts.join(' and ') : 'no errors'
}

/** What is stored with a version saved anyway (the server replaces the load errors with those it finds itself). */
export function versionProblemsOf(problems: readonly ProblemView[]): VersionProblemView[] {
  return blockingProblems(problems).slice(0, MAX_SAVED_PROBLEMS).map((p) => ({
    file: p.file.slice(0, 300) || '(workspace)',
    ...(p.line !== undefined && p.line >= 1 ? { line: p.line } : {}),
    ...(p.column !== undefined && p.column >= 1 ? { column: p.column } : {}),
    message: p.message.slice(0, 2000) || 'error',
    source: problemSource(p) !== undefined ? 'typescript' : 'load',
  }))
}

/** A stored version problem, worded for History: `auth/rules.ts:3:30 TypeError: …`. */
export function versionProblemText(p: VersionProblemView): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`
  return `${where} ${p.message}`
}

/** "load errors" / "TypeScript errors" counts of a stored version, for History's badge. */
export function versionErrorSummary(problems: readonly VersionProblemView[]): string {
  return errorSummary(problems.map((p) => ({ code: p.source === 'typescript' ? 'ts0' : 'load' })))
}
