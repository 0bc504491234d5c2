/**
 * Links into the rule editor at a file and line: `/rules?file=auth/rules.ts&line=42&column=14`.
 * Trace steps of a custom `authorize` link there; the rules page opens the file
 * and puts the cursor on that line. Pure.
 */

export interface SourceLocationView {
  readonly file: string
  readonly line: number
  readonly column?: number | undefined
}

/** `auth/rules.ts:42`: how a location reads in a trace. */
export const sourceLabel = (at: SourceLocationView): string => `${at.file}:${at.line}`

/** The /rules URL that opens `at` in the editor. */
export function sourceHref(at: SourceLocationView): string {
  const q = new URLSearchParams({ file: at.file, line: String(at.line) })
  if (at.column !== undefined && at.column > 1) q.set('column', String(at.column))
  return `/rules?${q.toString()}`
}

export interface SourceLinkTarget {
  readonly file: string
  readonly line: number
  readonly column: number
  /** Tells one link from the next (the same link twice is followed once). */
  readonly key: string
}

const PATH = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/

function positive(text: string | null): number | undefined {
  if (text === null || !/^\d{1,7}$/.test(text)) return undefined
  const n = Number(text)
  return n >= 1 ? n : undefined
}

/**
 * The file and line a /rules URL asks for; undefined when it asks for none or
 * the path is not a workspace path. A missing or bad line opens line 1.
 * @example sourceLinkTarget(new URLSearchParams('file=auth/rules.ts&line=42')) // { file: 'auth/rules.ts', line: 42, column: 1, ... }
 */
export function sourceLinkTarget(params: Pick<URLSearchParams, 'get'> | null): SourceLinkTarget | undefined {
  const file = params?.get('file') ?? null
  if (file === null || file.length > 300 || !PATH.test(file) || file.split('/').some((s) => s === '.' || s === '..')) return undefined
  const line = positive(params?.get('line') ?? null) ?? 1
  const column = positive(params?.get('column') ?? null) ?? 1
  return { file, line, column, key: `${file}:${line}:${column}` }
}
