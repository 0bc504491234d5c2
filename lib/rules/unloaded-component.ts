/**
 * Why a component a rule test names is not in the loaded workspace: a file
 * that failed to load (or did not load because another one failed) is the
 * real cause, so it is named instead of a bare "Unknown component".
 */

/** A load diagnostic as the sandbox reports it (only the fields read here). */
export interface LoadProblem {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly message: string
  readonly severity: 'error' | 'warning'
  /** Set when the file did not load because of another one. */
  readonly cause?: string
}

/** 'components/live-admin-panel.ts' and 'LiveAdminPanel' reduce to the same key. */
const keyOf = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '')
const stemOf = (file: string): string => keyOf((file.split('/').pop() ?? file).replace(/\.[cm]?[jt]sx?$/, ''))

/** A diagnostic that means its file is not loaded: an error of its own, or a follow-on of another file's. */
const keepsFileOut = (d: LoadProblem): boolean => d.severity === 'error' || d.cause !== undefined

const at = (d: LoadProblem): string => `${d.file}:${d.line}:${d.column}`

/**
 * The message for a test whose component `name` is not loaded.
 * @example whyNotLoaded('LiveAdminPanel', diagnostics) // "LiveAdminPanel did not load: components/live-admin-panel.ts was not loaded because ..."
 */
export function whyNotLoaded(name: string, problems: readonly LoadProblem[]): string {
  const failing = problems.filter(keepsFileOut)
  const own = failing.find((d) => stemOf(d.file) === keyOf(name))
  if (own !== undefined) {
    if (own.cause === undefined) return `${name} did not load: ${at(own)} ${own.message}`
    const root = failing.find((d) => d.file === own.cause && d.cause === undefined)
    return `${name} did not load: ${own.message}${root === undefined ? '' : ` (${at(root)})`}`
  }
  const first = failing.find((d) => d.severity === 'error')
  if (first === undefined) return `Unknown component '${name}'`
  return `Unknown component '${name}'. The workspace has a load error, which may be why: ${at(first)} ${first.message}`
}
