/**
 * Where composer rules land in component files: which classes exist, what
 * their `static auth` / `static actionAuth` entries hold (read back only when
 * the composer could have written them), and the edits that write them.
 */
import { ruleObject, type RuleRef } from './composer'
import { IDENTIFIER, readStringLiteral, stringLiteral } from './composer-model'
import { parseRuleObject } from './composer-read'
import { statementEnd, upsertStaticMember } from './ts-edit'
import { classBodyOpen, maskSource, matchBracket, nextTopLevelComma, objectKeys, skipSpace } from './ts-scan'

export interface ComponentClass {
  readonly path: string
  readonly className: string
  /** From `static publicActions = [...]`, in order. */
  readonly actions: readonly string[]
}

const CLASS = /(?<![\w$])class\s+([A-Za-z_$][\w$]*)\s+extends\s+LiveComponent\b/g

/** Classes extending LiveComponent in the files under `components/`, sorted by class name. */
export function listComponentClasses(files: Readonly<Record<string, string>>): ComponentClass[] {
  const found: ComponentClass[] = []
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith('components/') || !/\.tsx?$/.test(path)) continue
    const masked = maskSource(text)
    for (const m of masked.matchAll(CLASS)) {
      const className = m[1] ?? ''
      const member = staticMember(text, masked, className, 'publicActions')
      const actions = member ? [...text.slice(member.valueStart, member.end).matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((a) => a[1] ?? a[2] ?? '') : []
      found.push({ path, className, actions })
    }
  }
  return found.sort((a, b) => a.className.localeCompare(b.className))
}

/** Names of the `export const` declarations of a file, in source order. */
export function listExportNames(text: string): string[] {
  return [...maskSource(text).matchAll(/^export\s+const\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1] ?? '')
}

interface MemberSpan {
  readonly start: number
  readonly valueStart: number
  readonly end: number
  readonly indent: string
}

function staticMember(text: string, masked: string, className: string, member: string): MemberSpan | undefined {
  const cls = new RegExp(`(?<![\\w$])class\\s+${className.replace(/\$/g, '\\$')}(?![\\w$])`).exec(masked)
  const open = cls ? classBodyOpen(masked, cls.index + cls[0].length) : -1
  const close = open === -1 ? -1 : matchBracket(masked, open)
  if (close === -1) return undefined
  const re = new RegExp(`^([ \\t]*)static\\s+(?:readonly\\s+)?${member.replace(/\$/g, '\\$')}\\s*(?::[^=\\n]*)?=\\s*`, 'gm')
  re.lastIndex = open
  const m = re.exec(masked)
  if (!m || m.index > close) return undefined
  const start = m.index + (m[1] ?? '').length
  let end = statementEnd(masked, start)
  if (text[end - 1] === ';') end--
  return { start, valueStart: m.index + m[0].length, end, indent: m[1] ?? '' }
}

export type RuleRefRead =
  | { readonly ok: true; readonly value: RuleRef }
  | { readonly ok: false; readonly reason: 'absent' | 'no-class' | 'not-composer-generated'; readonly message: string }

const dedent = (text: string, indent: string): string => text.split('\n').map((l, i) => (i > 0 && l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n')

/** Text of a rule reference as the composer writes it at `indent`. */
export function ruleRefText(value: RuleRef, indent: string): string {
  if ('ref' in value) return value.args === undefined ? value.ref : `${value.ref}(${value.args.map(stringLiteral).join(', ')})`
  return ruleObject(value.rule, indent)
}

/** Reads one rule value (`adminOnly`, `ownerOnly('id')`, `{ ... }`) written at `indent`; undefined if hand-written. */
export function readRuleRef(valueText: string, indent: string): RuleRef | undefined {
  const raw = valueText.trim()
  let value: RuleRef | undefined
  const call = /^([A-Za-z_$][\w$]*)(?:\((.*)\))?$/s.exec(raw)
  if (call) {
    const [, ref = '', argText] = call
    const args = argText === undefined ? undefined : argText.trim() === '' ? [] : argText.split(/,\s*(?=')/).map((a) => readStringLiteral(a.trim()))
    if (args?.some((a) => a === undefined)) return undefined
    value = args === undefined ? { ref } : { ref, args: args as string[] }
  } else {
    const rule = parseRuleObject(dedent(raw, indent), [])
    if (rule) value = { rule }
  }
  return value && ruleRefText(value, indent) === raw ? value : undefined
}

function located(files: string, className: string): { masked: string } | undefined {
  const masked = maskSource(files)
  return new RegExp(`(?<![\\w$])class\\s+${className.replace(/\$/g, '\\$')}(?![\\w$])`).test(masked) ? { masked } : undefined
}

/** Reads `static auth` of `className` back into a rule reference. */
export function readStaticAuth(text: string, className: string): RuleRefRead {
  const loc = located(text, className)
  if (!loc) return { ok: false, reason: 'no-class', message: `No class ${className} in this file` }
  const member = staticMember(text, loc.masked, className, 'auth')
  if (!member) return { ok: false, reason: 'absent', message: `${className} has no static auth yet` }
  const value = readRuleRef(text.slice(member.valueStart, member.end), member.indent)
  return value ? { ok: true, value } : { ok: false, reason: 'not-composer-generated', message: `${className}.auth is hand-written (not composer-generated): edit it in the code editor` }
}

interface Entry {
  readonly key: string
  readonly keyStart: number
  readonly valueStart: number
  readonly valueEnd: number
}

function actionEntries(text: string, masked: string, member: MemberSpan): { open: number; close: number; entries: Entry[]; spread: boolean } | undefined {
  const open = skipSpace(masked, member.valueStart)
  if (masked[open] !== '{') return undefined
  const close = matchBracket(masked, open)
  if (close === -1) return undefined
  const { keys, spread } = objectKeys(text, masked, open, close)
  const entries = keys.map((k) => {
    const colon = masked.indexOf(':', k.offset)
    const valueStart = skipSpace(masked, colon + 1)
    let valueEnd = nextTopLevelComma(masked, valueStart, close)
    while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1] ?? '')) valueEnd--
    return { key: k.name, keyStart: k.offset, valueStart, valueEnd }
  })
  return { open, close, entries, spread }
}

const lineIndent = (text: string, at: number): string => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))?.[0] ?? ''

/** Reads the `static actionAuth` entry for `action` of `className` back into a rule reference. */
export function readActionAuth(text: string, className: string, action: string): RuleRefRead {
  const loc = located(text, className)
  if (!loc) return { ok: false, reason: 'no-class', message: `No class ${className} in this file` }
  const member = staticMember(text, loc.masked, className, 'actionAuth')
  const parsed = member && actionEntries(text, loc.masked, member)
  const entry = parsed?.entries.find((e) => e.key === action)
  if (!member || !parsed || !entry) {
    if (member && !parsed) return { ok: false, reason: 'not-composer-generated', message: `${className}.actionAuth is not an object literal: edit it in the code editor` }
    return { ok: false, reason: 'absent', message: `${className}.actionAuth has no entry for '${action}' yet` }
  }
  const value = readRuleRef(text.slice(entry.valueStart, entry.valueEnd), lineIndent(text, entry.keyStart))
  return value ? { ok: true, value } : { ok: false, reason: 'not-composer-generated', message: `The '${action}' entry of ${className}.actionAuth is hand-written (not composer-generated): edit it in the code editor` }
}

/** Writes `static auth = <value>` into `className`; undefined when the class is not in the file. */
export function writeStaticAuth(text: string, className: string, value: RuleRef): string | undefined {
  const loc = located(text, className)
  const indent = loc ? (staticMember(text, loc.masked, className, 'auth')?.indent ?? '  ') : '  '
  return upsertStaticMember(text, className, 'auth', `static auth = ${ruleRefText(value, indent)}`)
}

/**
 * Writes the `action` entry of `static actionAuth` in `className`, creating the
 * member when missing. Other entries are kept byte for byte.
 */
export function writeActionAuth(text: string, className: string, action: string, value: RuleRef): string | undefined {
  const loc = located(text, className)
  if (!loc) return undefined
  const key = IDENTIFIER.test(action) ? action : stringLiteral(action)
  const member = staticMember(text, loc.masked, className, 'actionAuth')
  const parsed = member && actionEntries(text, loc.masked, member)
  if (!member || !parsed) {
    const code = `static actionAuth = {\n  ${member?.indent ?? '  '}${key}: ${ruleRefText(value, `${member?.indent ?? '  '}  `)},\n${member?.indent ?? '  '}}`
    const single = `static actionAuth = { ${key}: ${ruleRefText(value, '    ')} }`
    return upsertStaticMember(text, className, 'actionAuth', single.includes('\n') || single.length > 96 ? code : single)
  }
  const multiline = text.slice(parsed.open, parsed.close).includes('\n')
  const entryIndent = `${member.indent}  `
  const entry = parsed.entries.find((e) => e.key === action)
  if (entry) {
    const at = lineIndent(text, entry.keyStart)
    return text.slice(0, entry.valueStart) + ruleRefText(value, multiline ? at : entryIndent) + text.slice(entry.valueEnd)
  }
  if (!multiline) {
    const inner = text.slice(parsed.open + 1, parsed.close).trim()
    const entries = inner === '' ? [] : [inner]
    const one = `{ ${[...entries, `${key}: ${ruleRefText(value, entryIndent)}`].join(', ')} }`
    if (!one.includes('\n') && member.indent.length + 'static actionAuth = '.length + one.length <= 100) return text.slice(0, parsed.open) + one + text.slice(parsed.close + 1)
    const lines = [...(inner === '' ? [] : [`${entryIndent}${inner.replace(/,\s*$/, '')},`]), `${entryIndent}${key}: ${ruleRefText(value, entryIndent)},`]
    return `${text.slice(0, parsed.open)}{\n${lines.join('\n')}\n${member.indent}}${text.slice(parsed.close + 1)}`
  }
  // Multi-line object: add the entry as the last line, after a comma if the last entry lacks one.
  const last = parsed.entries.at(-1)
  const before = text.slice(0, parsed.close).replace(/\s*$/, '')
  const comma = last && !before.endsWith(',') ? ',' : ''
  return `${before}${comma}\n${entryIndent}${key}: ${ruleRefText(value, entryIndent)},\n${member.indent}${text.slice(parsed.close)}`
}

/** Module specifier from the file at `fromPath` to the workspace file `toPath` (extension dropped). */
export function relativeModule(fromPath: string, toPath: string): string {
  const from = fromPath.split('/').slice(0, -1)
  const to = toPath.replace(/\.tsx?$/, '').split('/')
  let common = 0
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++
  const up = from.length - common
  const rest = to.slice(common).join('/')
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`
}

/**
 * Makes `name` importable from `module`: nothing when already imported, added
 * to an existing `import { ... } from 'module'`, else a new import line.
 */
export function ensureNamedImport(text: string, name: string, module: string): string {
  const masked = maskSource(text)
  const re = /^import\s+(type\s+)?\{([^}]*)\}\s*from\s*(['"])([^'"\n]*)\3;?/gm
  let target: { start: number; end: number; names: string[]; quote: string; semi: boolean } | undefined
  for (const m of text.matchAll(re)) {
    if (masked.slice(m.index, m.index + 6) !== 'import') continue
    const names = (m[2] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '')
    if (names.some((n) => n === name || n.endsWith(` as ${name}`))) return text
    if (m[4] === module && !m[1]) target ??= { start: m.index, end: m.index + m[0].length, names, quote: m[3] ?? "'", semi: m[0].endsWith(';') }
  }
  if (target) {
    const line = `import { ${[...target.names, name].join(', ')} } from ${target.quote}${module}${target.quote}${target.semi ? ';' : ''}`
    return text.slice(0, target.start) + line + text.slice(target.end)
  }
  const line = `import { ${name} } from '${module}'`
  const imports = [...masked.matchAll(/^import\b/gm)]
  const last = imports.at(-1)
  if (!last) return `${line}\n${text}`
  const at = statementEnd(masked, last.index)
  return `${text.slice(0, at)}\n${line}${text.slice(at)}`
}
