/**
 * Source-level checks that evaluation cannot see, done with light scanning
 * (not a parser): a static member declared twice in one class (the seed's
 * ModerationPanel trap) and LiveComponent classes that are not exported.
 */
import type { LoadDiagnostic } from './types'

interface ClassSpan {
  readonly name: string
  readonly exported: boolean
  readonly extendsLive: boolean
  readonly start: number
  readonly end: number
}

function classSpans(lines: readonly string[]): ClassSpan[] {
  const starts: { name: string; exported: boolean; extendsLive: boolean; start: number }[] = []
  lines.forEach((text, i) => {
    const m = /^(\s*)(export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/.exec(text)
    if (m) starts.push({ name: m[3] ?? '', exported: Boolean(m[2]), extendsLive: /extends\s+LiveComponent\b/.test(lines.slice(i, i + 4).join(' ')), start: i })
  })
  return starts.map((s, k) => ({ ...s, end: starts[k + 1]?.start ?? lines.length }))
}

/** Lint one file; positions are 1-based. */
export function lintSource(file: string, source: string): LoadDiagnostic[] {
  const lines = source.split('\n')
  const out: LoadDiagnostic[] = []
  for (const span of classSpans(lines)) {
    if (span.extendsLive && !span.exported) {
      out.push({ file, line: span.start + 1, column: 1, severity: 'warning', message: `Class ${span.name} extends LiveComponent but is not exported, so the studio cannot mount it` })
    }
    const seen = new Map<string, number>()
    for (let i = span.start; i < span.end; i++) {
      const m = /^\s*static\s+(?:readonly\s+)?([A-Za-z_$][\w$]*)\s*[:=]/.exec(lines[i] ?? '')
      if (!m) continue
      const member = m[1] ?? ''
      const first = seen.get(member)
      if (first === undefined) {
        seen.set(member, i)
        continue
      }
      out.push({
        file, line: i + 1, column: (lines[i] ?? '').indexOf('static') + 1, severity: 'error',
        message: `static ${member} is declared twice in class ${span.name} (first on line ${first + 1}). JavaScript keeps only the second declaration, so every entry of the first is silently lost. Merge them into one.`,
      })
    }
  }
  return out
}
