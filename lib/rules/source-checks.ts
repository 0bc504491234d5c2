/**
 * Source-level checks (text in, markers out) for traps evaluation cannot see:
 * a static member declared twice in one class, `{ allowed: false }` without a
 * reason, and an `authorize` returning a truthy non-boolean literal. Built on a
 * light scanner, so each check only fires on shapes it recognises for sure.
 */
import type { Problem } from './problem'
import { findRuleFunctions, nestedFunctionBodies, type FunctionSpan } from './ts-functions'
import { classBodyOpen, enclosingOpen, maskSource, matchBracket, objectKeys, positionMapper, skipSpace } from './ts-scan'

type Position = (offset: number) => { line: number; column: number }

interface Scan {
  readonly file: string
  readonly text: string
  readonly masked: string
  readonly at: Position
}

interface StaticMember {
  readonly name: string
  readonly offset: number
  /** Offset of the initializer, when there is `= value`. */
  readonly valueAt?: number
}

const STATIC = /^static\s+(?:(?:readonly|override|declare|public|protected|private)\s+)*(#?[A-Za-z_$][\w$]*)\s*[?!]?\s*([=:(;<])/

/** Static members declared directly in the class body `open..close`. */
function staticMembers(masked: string, open: number, close: number): StaticMember[] {
  const members: StaticMember[] = []
  for (let i = open + 1; i < close; i++) {
    const c = masked[i] ?? ''
    if (c === '{' || c === '(' || c === '[') {
      const end = matchBracket(masked, i)
      if (end === -1) break
      i = end
      continue
    }
    if (c !== 's' || /[\w$]/.test(masked[i - 1] ?? '')) continue
    const m = STATIC.exec(masked.slice(i, close))
    if (!m || m[1] === 'get' || m[1] === 'set') continue
    const name = m[1] ?? ''
    let valueAt: number | undefined
    if (m[2] === '=' || m[2] === ':') {
      const eq = initializerOffset(masked, i + m[0].length - 1, close)
      if (eq !== -1) valueAt = skipSpace(masked, eq + 1)
    }
    members.push(valueAt === undefined ? { name, offset: i } : { name, offset: i, valueAt })
  }
  return members
}

/** The `=` of `name: Type = value` (skipping brackets in the type), or -1. */
function initializerOffset(masked: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = masked[i] ?? ''
    if (c === '=' && masked[i + 1] !== '>' && masked[i + 1] !== '=') return i
    if (c === ';' || (c === '\n' && masked[from] === '=')) return -1
    if (c === '{' || c === '(' || c === '[') {
      const close = matchBracket(masked, i)
      if (close === -1) return -1
      i = close
    }
  }
  return -1
}

function describeLost(scan: Scan, member: StaticMember): string {
  const at = member.valueAt
  if (at !== undefined && scan.masked[at] === '{') {
    const close = matchBracket(scan.masked, at)
    const keys = close === -1 ? [] : objectKeys(scan.text, scan.masked, at, close).keys.map((k) => k.name)
    if (keys.length > 0) return `the first one's entries (${keys.join(', ')}) lose their rules`
  }
  const value = at === undefined ? '' : scan.text.slice(at, scan.text.indexOf('\n', at) === -1 ? undefined : scan.text.indexOf('\n', at)).trim()
  return value ? `the first one's value (${value}) is lost` : `the first one is lost`
}

function duplicateStatics(scan: Scan): Problem[] {
  const problems: Problem[] = []
  const re = /(?<![\w$])class\s+([A-Za-z_$][\w$]*)/g
  for (let m = re.exec(scan.masked); m; m = re.exec(scan.masked)) {
    const open = classBodyOpen(scan.masked, m.index + m[0].length)
    const close = open === -1 ? -1 : matchBracket(scan.masked, open)
    if (close === -1) continue
    const first = new Map<string, StaticMember>()
    for (const member of staticMembers(scan.masked, open, close)) {
      const earlier = first.get(member.name)
      if (earlier === undefined) {
        first.set(member.name, member)
        continue
      }
      const firstLine = scan.at(earlier.offset).line
      problems.push({
        file: scan.file, ...scan.at(member.offset), severity: 'error', code: 'duplicate-static',
        message: `static ${member.name} is declared twice in class ${m[1] ?? ''} (first on line ${firstLine}). ` +
          `The second declaration silently replaces the first, so ${describeLost(scan, earlier)}. ` +
          `Merge both into one static ${member.name}.`,
      })
    }
  }
  return problems
}

/** Tokens after which `{` starts an object literal value (not a type or a block). */
const VALUE_CONTEXT = /(?:\breturn|=>|[(,?[]|\|\||&&|(?<![=!<>])=)\s*$/

function denyWithoutReason(scan: Scan): Problem[] {
  const problems: Problem[] = []
  const re = /(?<![\w$])allowed\s*:\s*false(?![\w$])/g
  for (let m = re.exec(scan.masked); m; m = re.exec(scan.masked)) {
    const open = enclosingOpen(scan.masked, m.index)
    const close = open === -1 ? -1 : matchBracket(scan.masked, open)
    if (close === -1) continue
    const before = scan.masked.slice(Math.max(0, open - 200), open)
    if (!VALUE_CONTEXT.test(before) || /\btype\s+[\w$]+\s*=\s*$/.test(before)) continue
    const { keys, spread } = objectKeys(scan.text, scan.masked, open, close)
    if (spread || keys.some((k) => k.name === 'reason')) continue
    problems.push({
      file: scan.file, ...scan.at(open), severity: 'warning', code: 'deny-without-reason',
      message: "{ allowed: false } without a reason: a client of the real library sees 'AUTH_DENIED: undefined' " +
        "(the studio answers the same and flags it as a library sharp edge). Add reason: '...'.",
    })
  }
  return problems
}

/** Describes a truthy non-boolean literal starting at `at`, or undefined. */
function truthyLiteral(scan: Scan, at: number): string | undefined {
  const { masked, text } = scan
  let end = -1
  let label: string | undefined
  const c = masked[at] ?? ''
  if (c === "'" || c === '"' || c === '`') {
    end = masked.indexOf(c, at + 1)
    const raw = end === -1 ? '' : text.slice(at, end + 1)
    if (end === -1 || raw.length <= 2 || (c === '`' && raw.includes('${'))) return undefined
    label = `${raw} (a string)`
    end += 1
  } else if (c === '{' || c === '[') {
    end = matchBracket(masked, at)
    if (end === -1) return undefined
    if (c === '{') {
      const { keys, spread } = objectKeys(text, masked, at, end)
      if (spread || keys.some((k) => k.name === 'allowed')) return undefined
    }
    label = c === '{' ? 'an object without `allowed`' : 'an array'
    end += 1
  } else {
    const num = /^(?:\d[\d_]*(?:\.\d+)?|\.\d+)(?![\w$.])/.exec(masked.slice(at))
    if (!num || Number(num[0].replaceAll('_', '')) === 0) return undefined
    label = `${num[0]} (a number)`
    end = at + num[0].length
  }
  const rest = /^[ \t]*(.|$)/m.exec(masked.slice(end))
  return rest && /^[;,})\]]?$/.test(rest[1] ?? '') ? label : undefined
}

function literalResults(scan: Scan, span: FunctionSpan): { at: number; label: string }[] {
  const { masked } = scan
  if (!span.block) {
    const at = masked[span.bodyStart] === '(' ? skipSpace(masked, span.bodyStart + 1) : span.bodyStart
    const label = masked[at] === '{' && at === span.bodyStart ? undefined : truthyLiteral(scan, at)
    return label ? [{ at, label }] : []
  }
  const nested = nestedFunctionBodies(masked, span)
  const found: { at: number; label: string }[] = []
  const re = /(?<![\w$.])return\s+/g
  re.lastIndex = span.bodyStart
  for (let m = re.exec(masked); m && m.index < span.bodyEnd; m = re.exec(masked)) {
    if (nested.some(([a, b]) => m !== null && m.index > a && m.index < b)) continue
    const at = m.index + m[0].length
    const label = truthyLiteral(scan, at)
    if (label) found.push({ at, label })
  }
  return found
}

function truthyNonBoolean(scan: Scan): Problem[] {
  return findRuleFunctions(scan.masked).flatMap((span) =>
    literalResults(scan, span).map(({ at, label }): Problem => ({
      file: scan.file, ...scan.at(at), severity: 'error', code: 'truthy-non-boolean',
      message: `authorize returns ${label}, which is truthy but not a boolean: the rule always denies ` +
        '(only true or { allowed: true } allows). Return true instead.',
    })))
}

/**
 * Runs every source-level check on one file; positions are 1-based.
 * @example checkSource('components/moderation-panel.ts', text) // [{ code: 'duplicate-static', line: 18, ... }]
 */
export function checkSource(file: string, text: string): Problem[] {
  const scan: Scan = { file, text, masked: maskSource(text), at: positionMapper(text) }
  return [...duplicateStatics(scan), ...denyWithoutReason(scan), ...truthyNonBoolean(scan)]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}
