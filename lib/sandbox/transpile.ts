/**
 * TypeScript -> JavaScript for the sandbox with sucrase: types stripped, ES
 * modules and modern syntax kept (QuickJS runs them natively), line numbers
 * preserved so guest stack positions map back to the source.
 */
import { transform } from 'sucrase'
import type { LoadDiagnostic } from './types'

export type TranspileResult = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly diagnostic: LoadDiagnostic }

/** 1-based line and column of a character offset. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)))
  const lines = before.split('\n')
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 }
}

function errorOffset(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const pos: unknown = (error as { pos?: unknown }).pos
  return typeof pos === 'number' ? pos : undefined
}

/** Sucrase appends " (line:col)" to its messages; the diagnostic carries the position separately. */
function cleanMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '')
}

/** Transpiles one workspace file; a syntax error becomes a diagnostic at file:line:column. */
export function transpileFile(file: string, source: string): TranspileResult {
  try {
    const { code } = transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: file })
    return { ok: true, code }
  } catch (error) {
    const offset = errorOffset(error)
    const { line, column } = offset === undefined ? { line: 1, column: 1 } : positionOf(source, offset)
    return { ok: false, diagnostic: { file, line, column, message: `Syntax error: ${cleanMessage(error)}`, severity: 'error' } }
  }
}
