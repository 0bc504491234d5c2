/**
 * Where each component's `authorize` functions are written. The guest reports
 * the start of each function's source text (describe-source.ts); that text is
 * a slice of a transpiled module, so it is looked up there. Sucrase keeps line
 * numbers, so a line in the transpiled file is the same line in the source;
 * the column is re-read from the source line. Fail-soft: a function that cannot
 * be found (bound, built natively, text not unique enough) has no location.
 */
import type { GuestAuthPart, GuestComponent, GuestDescriptor } from './descriptor'
import type { WorkspaceSources } from './types'

export interface SourceLocation {
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** 1-based. */
  readonly column: number
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function occurrences(code: string, text: string, limit = 20): number[] {
  const out: number[] = []
  for (let i = code.indexOf(text); i !== -1 && out.length < limit; i = code.indexOf(text, i + 1)) out.push(i)
  return out
}

/** Where a component's own rule would be written: after `class Name`, and after the action's key for an actionAuth entry. */
function anchorIn(code: string, component: GuestComponent, action: string | undefined): number {
  const cls = new RegExp(`(?<![\\w$])class\\s+${escape(component.exportName)}(?![\\w$])`).exec(code)
  if (!cls) return 0
  const member = new RegExp(action === undefined ? '\\bstatic\\s+auth\\b' : '\\bstatic\\s+actionAuth\\b', 'g')
  member.lastIndex = cls.index
  const m = member.exec(code)
  if (!m || action === undefined) return m?.index ?? cls.index
  const key = new RegExp(`(?<![\\w$])(?:${escape(action)}|['"]${escape(action)}['"])\\s*:`, 'g')
  key.lastIndex = m.index
  return key.exec(code)?.index ?? m.index
}

function lineAndColumn(code: string, offset: number): { line: number; column: number } {
  const before = code.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}

/** The column of the function's start in the TypeScript line (types stripped by the transpiler may shift it). */
function sourceColumn(sourceLine: string | undefined, text: string, fallback: number): number {
  if (sourceLine === undefined) return fallback
  const head = text.split('\n')[0] ?? ''
  for (let n = Math.min(head.length, 40); n >= 2; n--) {
    const at = sourceLine.indexOf(head.slice(0, n))
    if (at !== -1) return at + 1
  }
  return fallback
}

/**
 * Locates one authorize function: in the component's own file first (the
 * occurrence after its class and key), else the first file that holds the text.
 */
export function locateFunction(
  text: string, component: GuestComponent, action: string | undefined, files: ReadonlyMap<string, string>, sources: WorkspaceSources,
): SourceLocation | undefined {
  if (text.length < 2) return undefined
  let file: string | undefined
  let offset = -1
  const own = files.get(component.file)
  if (own !== undefined) {
    const hits = occurrences(own, text)
    if (hits.length > 0) {
      const anchor = anchorIn(own, component, action)
      file = component.file
      offset = hits.find((h) => h >= anchor) ?? hits[0] ?? -1
    }
  }
  if (file === undefined) {
    for (const [path, code] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const at = code.indexOf(text)
      if (at !== -1) {
        file = path
        offset = at
        break
      }
    }
  }
  if (file === undefined || offset < 0) return undefined
  const code = files.get(file) ?? ''
  const { line, column } = lineAndColumn(code, offset)
  return { file, line, column: sourceColumn(sources[file]?.split('\n')[line - 1], text, column) }
}

function locatePart(part: GuestAuthPart, component: GuestComponent, action: string | undefined, files: ReadonlyMap<string, string>, sources: WorkspaceSources): GuestAuthPart {
  const { authorizeText, ...rest } = part
  if (authorizeText === undefined || rest.authorize === undefined) return rest
  const at = locateFunction(authorizeText, component, action, files, sources)
  return at === undefined ? rest : { ...rest, authorizeAt: at }
}

/** The descriptor with each authorize function's location filled in and the guest's source texts dropped. */
export function locateAuthorizers(descriptor: GuestDescriptor, files: ReadonlyMap<string, string>, sources: WorkspaceSources): GuestDescriptor {
  return {
    ...descriptor,
    components: descriptor.components.map((c) => ({
      ...c,
      ...(c.auth !== undefined ? { auth: locatePart(c.auth, c, undefined, files, sources) } : {}),
      ...(c.actionAuth !== undefined
        ? { actionAuth: Object.fromEntries(Object.entries(c.actionAuth).map(([action, part]) => [action, locatePart(part, c, action, files, sources)])) }
        : {}),
    })),
  }
}
