/**
 * The workspace's relative imports, read with light scanning (not a parser):
 * which import statement of a file leads, directly or through other files, to
 * another file. Used to place "did not load because X failed" diagnostics on
 * the import that pulled the failing file in.
 */
import { resolveSpecifier } from './resolve'
import type { WorkspaceSources } from './types'

export interface ImportEdge {
  /** The workspace file imported. */
  readonly target: string
  /** 1-based position of the `import` / `export ... from` keyword. */
  readonly line: number
  readonly column: number
}

// `import x from '...'`, `import { a,\n b } from '...'`, `import '...'`, `export * from '...'`; comments are not masked (fail-soft).
const IMPORT = /(?<![\w$.])(?:import|export)\b(?:[^'"`;]*?\bfrom\s*)?\s*(['"])([^'"\n]+)\1/g

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

/** The workspace files `file` imports, in source order, each with the position of its statement. */
export function importsOf(sources: WorkspaceSources, file: string): ImportEdge[] {
  const text = sources[file] ?? ''
  const out: ImportEdge[] = []
  for (const m of text.matchAll(IMPORT)) {
    const specifier = m[2] ?? ''
    const r = resolveSpecifier(file, specifier, (p) => Object.hasOwn(sources, p))
    if (r.ok && Object.hasOwn(sources, r.name)) out.push({ target: r.name, ...position(text, m.index) })
  }
  return out
}

/**
 * The import statement of `from` through which `target` is reached (breadth
 * first, so the shortest chain wins), or undefined when none leads there.
 * @example importLeadingTo(sources, 'components/admin.ts', 'data/db.ts') // the line of `import { adminOnly } from '../auth/rules'`
 */
export function importLeadingTo(sources: WorkspaceSources, from: string, target: string): ImportEdge | undefined {
  const direct = importsOf(sources, from)
  const seen = new Set<string>([from])
  let frontier = direct.map((edge) => ({ edge, file: edge.target }))
  while (frontier.length > 0) {
    const hit = frontier.find((f) => f.file === target)
    if (hit) return hit.edge
    const next: typeof frontier = []
    for (const { edge, file } of frontier) {
      if (seen.has(file)) continue
      seen.add(file)
      for (const e of importsOf(sources, file)) if (!seen.has(e.target)) next.push({ edge, file: e.target })
    }
    frontier = next
  }
  return undefined
}
