/**
 * Static reads of workspace text used by the diagnostics: which session fields
 * an `authorize` reads, and which role/permission names `$auth` helpers test.
 */
import { findRuleFunctions } from './ts-functions'
import { maskSource } from './ts-scan'

export interface SessionRead {
  readonly field: string
  readonly offset: number
}

/** Session fields read inside `authorize` bodies (`auth.session?.plan`, `auth.user.id`). */
export function sessionReadsInRules(text: string): SessionRead[] {
  const masked = maskSource(text)
  const reads: SessionRead[] = []
  for (const span of findRuleFunctions(masked)) {
    const body = masked.slice(span.bodyStart, span.bodyEnd)
    const re = /\.(?:session|user)\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)/g
    for (let m = re.exec(body); m; m = re.exec(body)) {
      reads.push({ field: m[1] ?? '', offset: span.bodyStart + m.index + m[0].length - (m[1] ?? '').length })
    }
  }
  return reads
}

export interface ClaimLiteral {
  readonly kind: 'role' | 'permission'
  readonly value: string
  readonly offset: number
}

const HELPER = String.raw`\.has(Role|AnyRoles?|AllRoles|Permission|AnyPermissions?|AllPermissions)\s*\(`

/** String literals passed to `hasRole('x')`, `hasAnyRole(['a', 'b'])`... outside comments. */
export function claimLiteralsInCalls(text: string): ClaimLiteral[] {
  const masked = maskSource(text)
  const found: ClaimLiteral[] = []
  const re = new RegExp(HELPER, 'g')
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const kind = (m[1] ?? '').includes('Role') ? 'role' : 'permission'
    const start = m.index + m[0].length
    const args = /^\s*(\[[^\]]*\]|'[^']*'|"[^"]*")\s*\)/.exec(text.slice(start))
    if (!args) continue
    const lit = /'([^']*)'|"([^"]*)"/g
    const group = args[1] ?? ''
    const base = start + (args[0].indexOf(group))
    for (let s = lit.exec(group); s; s = lit.exec(group)) {
      found.push({ kind, value: s[1] ?? s[2] ?? '', offset: base + s.index })
    }
  }
  return found
}
