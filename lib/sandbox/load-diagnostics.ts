/**
 * Turns guest evaluation failures into diagnostics at file:line:column of the
 * workspace source. Sucrase keeps line numbers, so guest positions map 1:1.
 */
import type { LoadDiagnostic, WorkspaceSources } from './types'
import type { EvalFailure } from './engine'
import { importLeadingTo } from './import-graph'

interface BlockedImport {
  readonly base: string
  readonly requested: string
  readonly message: string
}

function lineOf(source: string, needle: string): { line: number; column: number } | undefined {
  const lines = source.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const col = (lines[i] ?? '').indexOf(needle)
    if (col >= 0) return { line: i + 1, column: col + 1 }
  }
  return undefined
}

/** First stack frame that points into a workspace file. */
function frameOf(stack: string, sources: WorkspaceSources): { file: string; line: number; column: number } | undefined {
  const re = /([\w./-]+\.ts):(\d+)(?::(\d+))?/g
  for (let m = re.exec(stack); m; m = re.exec(stack)) {
    const file = m[1] ?? ''
    if (file in sources) return { file, line: Number(m[2]), column: Number(m[3] ?? 1) }
  }
  return undefined
}

function missingExport(failure: EvalFailure, sources: WorkspaceSources): LoadDiagnostic | undefined {
  const m = /Could not find export '([^']+)' in module '([^']+)'/.exec(failure.message)
  if (!m) return undefined
  const [, name = '', module = ''] = m
  const stem = module.replace(/(\/index)?\.ts$/, '').split('/').pop() ?? module
  for (const [file, source] of Object.entries(sources)) {
    for (const [i, text] of source.split('\n').entries()) {
      if (/\bimport\b|\bfrom\b/.test(text) && text.includes(name) && text.includes(stem)) {
        return { file, line: i + 1, column: text.indexOf(name) + 1, message: `Missing export: '${name}' is not exported by ${module}`, severity: 'error' }
      }
    }
  }
  return { file: module, line: 1, column: 1, message: `Missing export: '${name}' is not exported by ${module}`, severity: 'error' }
}

/** A diagnostic for a file whose evaluation failed. */
export function evalDiagnostic(
  entryFile: string, failure: EvalFailure, sources: WorkspaceSources, blocked: readonly BlockedImport[], loadDeadlineMs: number,
): LoadDiagnostic {
  const refused = blocked.find((b) => failure.message === b.message)
  if (refused) {
    const pos = lineOf(sources[refused.base] ?? '', `'${refused.requested}'`) ?? lineOf(sources[refused.base] ?? '', `"${refused.requested}"`)
    return { file: refused.base in sources ? refused.base : entryFile, line: pos?.line ?? 1, column: pos?.column ?? 1, message: refused.message, severity: 'error' }
  }
  const missing = missingExport(failure, sources)
  if (missing) return missing
  const frame = frameOf(failure.stack, sources)
  const where = frame ?? { file: entryFile, line: 1, column: 1 }
  const message =
    failure.name === 'InternalError' && failure.message === 'interrupted'
      ? `Loading ${entryFile} exceeded the ${loadDeadlineMs} ms load deadline`
      : `${failure.name}: ${failure.message}`
  return { ...where, message, severity: 'error' }
}

/**
 * The diagnostic of a file that did not load because of another one (`cause`,
 * whose diagnostic names the real problem): at the import that pulled that
 * file in, naming it. `causeFailed` is false when the other file loaded but a
 * function of it threw while this file's top level ran.
 */
export function followOn(sources: WorkspaceSources, file: string, cause: LoadDiagnostic, causeFailed: boolean): LoadDiagnostic {
  const via = causeFailed ? importLeadingTo(sources, file, cause.file) : undefined
  const message = causeFailed
    ? `${file} was not loaded because ${cause.file} failed to load: ${cause.message}`
    : `${file} was not loaded: its top-level code threw in ${cause.file}:${cause.line}: ${cause.message}`
  return { file, line: via?.line ?? 1, column: via?.column ?? 1, message, severity: 'warning', cause: cause.file }
}

/** Position of `class Name` in a file (1:1 when not found). */
export function classPosition(source: string, className: string): { line: number; column: number } {
  return lineOf(source, `class ${className}`) ?? { line: 1, column: 1 }
}

/** Drops exact duplicates (a failing module is reported again by every importer). */
export function dedupe(list: readonly LoadDiagnostic[]): LoadDiagnostic[] {
  const seen = new Set<string>()
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
