/**
 * Studio diagnostics for a loaded workspace: component shape problems from the
 * sandbox's specs and hints, claims no persona holds, source-level traps, and
 * the sandbox's own load diagnostics passed through.
 */
import type { LoadDiagnostic, SandboxComponent, WorkspaceSources } from '@/lib/sandbox/types'
import { heldByPersonas, type HeldByPersonas, type PersonaClaims } from './persona-claims'
import type { Problem } from './problem'
import { sharpEdgeProblems } from './sharp-edge-checks'
import { checkSource } from './source-checks'
import { claimLiteralsInCalls, sessionReadsInRules } from './source-reads'
import { maskSource, positionMapper } from './ts-scan'

export interface DiagnoseInput {
  readonly components: readonly SandboxComponent[]
  readonly personas: readonly PersonaClaims[]
  readonly loadDiagnostics?: readonly LoadDiagnostic[]
  /** Workspace sources: enables source-level checks, session-field reads and precise positions. */
  readonly sources?: WorkspaceSources
  /** Claims -> session mapping of the workspace's provider (default: the demo JWT provider's). */
  readonly sessionOf?: (claims: Readonly<Record<string, unknown>>) => Record<string, unknown>
}

type At = { line?: number; column?: number }

/** Position of `needle` (a regex) inside class `name` of `text`, else of the class itself. */
function locate(sources: WorkspaceSources | undefined, file: string, className: string, needle?: RegExp): At {
  const text = sources?.[file]
  if (text === undefined) return {}
  const masked = maskSource(text)
  const at = positionMapper(text)
  const start = new RegExp(`(?<![\\w$])class\\s+${className.replace(/\$/g, '\\$')}(?![\\w$])`).exec(masked)
  if (!start) return {}
  if (needle) {
    const next = /(?<![\w$])class\s+[A-Za-z_$]/g
    next.lastIndex = start.index + start[0].length
    const end = next.exec(masked)?.index ?? text.length
    const hit = new RegExp(needle.source, needle.flags.replace('g', '')).exec(text.slice(start.index, end))
    if (hit) return at(start.index + hit.index)
  }
  return at(start.index)
}

const quoted = (value: string): RegExp => new RegExp(`['"]${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`)

function shapeProblems(c: SandboxComponent, sources: WorkspaceSources | undefined): Problem[] {
  const out: Problem[] = []
  const here = (needle?: RegExp): At => locate(sources, c.file, c.exportName, needle)
  if (c.publicActions === undefined) {
    out.push({ file: c.file, ...here(), severity: 'warning', code: 'no-public-actions',
      message: `${c.name} declares no static publicActions, so every action is denied ('is not callable - component has no publicActions defined'). List the callable actions in static publicActions.` })
  }
  for (const key of Object.keys(c.actionAuth ?? {})) {
    if (c.publicActions === undefined || c.publicActions.includes(key)) continue
    out.push({ file: c.file, ...here(new RegExp(`\\b${key}\\s*:`)), severity: 'warning', code: 'action-auth-not-public',
      message: `actionAuth.${key} has rules but '${key}' is not in publicActions: with the documented order every call is denied at the whitelist (fluxstack-live@0.11 checks actionAuth first). Add '${key}' to publicActions or remove the entry.` })
  }
  for (const action of c.publicActions ?? []) {
    if (c.methods.includes(action)) continue
    out.push({ file: c.file, ...here(quoted(action)), severity: 'warning', code: 'public-action-without-method',
      message: `publicActions lists '${action}' but ${c.name} has no method '${action}': every call fails with "Action '${action}' not found on component".` })
  }
  for (const key of c.authLikeStateKeys) {
    out.push({ file: c.file, ...here(new RegExp(`(?<=static\\s+defaultState[^]*)\\b${key}\\b`)), severity: 'warning', code: 'auth-flag-in-state',
      message: `state.${key} looks like an auth flag, but clients can write state keys through PROPERTY_UPDATE. Keep it in this.$private.${key} (never sent to or writable by the client).` })
  }
  return out
}

function claimProblems(c: SandboxComponent, held: HeldByPersonas, sources: WorkspaceSources | undefined): Problem[] {
  const out: Problem[] = []
  const specs: [string, { roles?: readonly string[]; permissions?: readonly string[] } | undefined][] = [
    ['static auth', c.auth],
    ...Object.entries(c.actionAuth ?? {}).map(([k, v]): [string, typeof v] => [`actionAuth.${k}`, v]),
  ]
  for (const [where, spec] of specs) {
    for (const role of spec?.roles ?? []) {
      if (held.roles.has(role)) continue
      out.push({ file: c.file, ...locate(sources, c.file, c.exportName, quoted(role)), severity: 'warning', code: 'unknown-role',
        message: `Role '${role}' (${c.name} ${where}.roles) is held by no persona: none of them can pass this check.` })
    }
    for (const permission of spec?.permissions ?? []) {
      if (held.permissions.has(permission)) continue
      out.push({ file: c.file, ...locate(sources, c.file, c.exportName, quoted(permission)), severity: 'warning', code: 'unknown-permission',
        message: `Permission '${permission}' (${c.name} ${where}.permissions) is held by no persona: none of them can pass this check.` })
    }
  }
  return out
}

function fileProblems(file: string, text: string, held: HeldByPersonas, checkClaims: boolean): Problem[] {
  const at = positionMapper(text)
  const out = [...checkSource(file, text), ...sharpEdgeProblems(file, text)]
  if (!checkClaims) return out
  const known = [...held.sessionFields].sort().join(', ')
  for (const read of sessionReadsInRules(text)) {
    if (held.sessionFields.has(read.field)) continue
    out.push({ file, ...at(read.offset), severity: 'warning', code: 'unknown-session-field',
      message: `authorize reads session.${read.field}, which no persona's session has (they have: ${known}): it is undefined for everyone.` })
  }
  for (const lit of claimLiteralsInCalls(text)) {
    if ((lit.kind === 'role' ? held.roles : held.permissions).has(lit.value)) continue
    out.push({ file, ...at(lit.offset), severity: 'warning', code: lit.kind === 'role' ? 'unknown-role' : 'unknown-permission',
      message: `${lit.kind === 'role' ? 'Role' : 'Permission'} '${lit.value}' is held by no persona: this check is false for all of them.` })
  }
  return out
}

const fromLoad = (d: LoadDiagnostic): Problem => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, code: 'load', message: d.message })

/**
 * Every studio diagnostic for a workspace, sorted by file then position.
 * Claim checks run only when at least one persona is authenticated.
 * @example diagnoseWorkspace({ components: ws.components, personas, loadDiagnostics: ws.diagnostics, sources })
 */
export function diagnoseWorkspace(input: DiagnoseInput): Problem[] {
  const held = heldByPersonas(input.personas, input.sessionOf)
  const checkClaims = input.personas.some((p) => p.claims !== null)
  const problems: Problem[] = []
  for (const c of input.components) {
    problems.push(...shapeProblems(c, input.sources))
    if (checkClaims) problems.push(...claimProblems(c, held, input.sources))
  }
  for (const [file, text] of Object.entries(input.sources ?? {})) problems.push(...fileProblems(file, text, held, checkClaims))
  // The sandbox lints duplicate statics too; keep our richer message for the same spot.
  const dupes = new Set(problems.filter((p) => p.code === 'duplicate-static').map((p) => `${p.file}:${p.line}`))
  for (const d of input.loadDiagnostics ?? []) {
    if (!(dupes.has(`${d.file}:${d.line}`) && /declared twice/.test(d.message))) problems.push(fromLoad(d))
  }
  return dedupe(problems).sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.code}:${p.message}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
}
