import { z } from 'zod'

/**
 * The errors a version was saved with (the user saved anyway): sandbox load
 * errors found by the studio and TypeScript errors the editor reported. A
 * version with any is "broken" in History. Validated when written and read.
 */
export const versionProblemSchema = z.object({
  file: z.string().min(1).max(300),
  line: z.number().int().min(1).optional(),
  column: z.number().int().min(1).optional(),
  message: z.string().min(1).max(2000),
  /** 'load': the sandbox could not load it; 'typescript': a type error in the editor. */
  source: z.enum(['load', 'typescript']),
})
export type VersionProblem = z.infer<typeof versionProblemSchema>

/** At most this many are kept per version (the first ones; the count says how many more). */
export const MAX_VERSION_PROBLEMS = 100

export const versionProblemsSchema = z.array(versionProblemSchema).max(MAX_VERSION_PROBLEMS)

/** The stored JSON (NULL: saved without errors); unreadable text counts as none. */
export function readVersionProblems(text: string | null | undefined): VersionProblem[] {
  if (text === null || text === undefined || text === '') return []
  try {
    const parsed = versionProblemsSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** What is stored for `problems`: NULL when there are none. */
export function writeVersionProblems(problems: readonly VersionProblem[]): string | null {
  return problems.length === 0 ? null : JSON.stringify(versionProblemsSchema.parse(problems.slice(0, MAX_VERSION_PROBLEMS)))
}
