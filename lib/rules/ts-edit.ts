/**
 * Text edits the composer makes in workspace files: replace or append one
 * export, add a missing import, replace or insert one static member. Each
 * returns new text; everything outside the edited span is left byte for byte.
 */
import { classBodyOpen, maskSource, matchBracket } from './ts-scan'

const CONTINUES_LINE = /(?:[=,([{:?+\-*/&|<>.]|=>)\s*$/
const CONTINUES_NEXT = /^\s*(?:[.?:+\-*/&|]|=>)/

/** End (exclusive, before the newline) of the statement starting at `from` in masked text. */
export function statementEnd(masked: string, from: number): number {
  for (let i = from; i < masked.length; i++) {
    const c = masked[i] ?? ''
    if (c === '(' || c === '[' || c === '{') {
      const close = matchBracket(masked, i)
      if (close === -1) return masked.length
      i = close
    } else if (c === ';') return i + 1
    else if (c === '\n') {
      const line = masked.slice(from, i)
      const next = masked.slice(i + 1).split('\n').find((l) => l.trim() !== '') ?? ''
      if (!CONTINUES_LINE.test(line) && !CONTINUES_NEXT.test(next)) return i
    }
  }
  return masked.length
}

const escapeName = (name: string): string => name.replace(/\$/g, '\\$')

/** Span `[start, end)` of the top-level export named `name`, or undefined. */
export function findExport(text: string, name: string): { start: number; end: number } | undefined {
  const masked = maskSource(text)
  const re = new RegExp(`^export\\s+(?:const|let|var|function|async\\s+function|class)\\s+${escapeName(name)}(?![\\w$])`, 'm')
  const m = re.exec(masked)
  return m ? { start: m.index, end: statementEnd(masked, m.index) } : undefined
}

/**
 * Replaces the export `name` with `code`, or appends `code` after a blank line.
 * @example upsertRuleExport(rulesTs, 'adminOnly', "export const adminOnly = { required: true, roles: ['admin'] }")
 */
export function upsertRuleExport(fileText: string, name: string, code: string): string {
  const span = findExport(fileText, name)
  if (span) return fileText.slice(0, span.start) + code + fileText.slice(span.end)
  if (fileText === '') return `${code}\n`
  return `${fileText}${fileText.endsWith('\n') ? '' : '\n'}\n${code}\n`
}

/** Adds each import line that the file does not contain yet, after the last top-level import. */
export function ensureImports(fileText: string, imports: readonly string[]): string {
  const missing = imports.filter((line) => !fileText.split('\n').some((l) => l.trim() === line))
  if (missing.length === 0) return fileText
  const masked = maskSource(fileText)
  let at = 0
  const re = /^import\b/gm
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    at = statementEnd(masked, m.index)
    re.lastIndex = Math.max(re.lastIndex, at)
  }
  if (at === 0) return `${missing.join('\n')}\n\n${fileText}`
  return `${fileText.slice(0, at)}\n${missing.join('\n')}${fileText.slice(at)}`
}

/**
 * Replaces `static <member>` in class `className` with `code` (a full `static ...`
 * declaration), or inserts it after the class's last static declaration.
 * Returns undefined when the class is not found.
 */
export function upsertStaticMember(fileText: string, className: string, member: string, code: string): string | undefined {
  const masked = maskSource(fileText)
  const cls = new RegExp(`(?<![\\w$])class\\s+${escapeName(className)}(?![\\w$])`).exec(masked)
  const open = cls ? classBodyOpen(masked, cls.index + cls[0].length) : -1
  const close = open === -1 ? -1 : matchBracket(masked, open)
  if (close === -1) return undefined
  let lastStatic = -1
  const re = /^([ \t]*)static\s+(?:readonly\s+)?([A-Za-z_$][\w$]*)/gm
  re.lastIndex = open
  for (let m = re.exec(masked); m && m.index < close; m = re.exec(masked)) {
    const start = m.index + (m[1] ?? '').length
    const end = statementEnd(masked, start)
    if (m[2] === member) return fileText.slice(0, start) + code + fileText.slice(end)
    lastStatic = end
    re.lastIndex = end
  }
  const insertAt = lastStatic === -1 ? open + 1 : lastStatic
  return `${fileText.slice(0, insertAt)}\n\n  ${code}${fileText.slice(insertAt)}`
}
