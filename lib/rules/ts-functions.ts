/**
 * Finds rule functions (`authorize: (auth) => ...`, `authorize(auth) { ... }`,
 * `authorize: async function (...) {...}`) in masked TypeScript text. Calls
 * such as `rule.authorize(auth)` are not definitions and are skipped.
 */
import { matchBracket, skipSpace } from './ts-scan'

export interface FunctionSpan {
  /** Offset of the rule's name (e.g. `authorize`). */
  readonly nameOffset: number
  /** Block body: offset of `{`; expression body: offset of the expression. */
  readonly bodyStart: number
  /** Exclusive end of the body (after `}` for blocks). */
  readonly bodyEnd: number
  readonly block: boolean
}

const IDENT = /^[A-Za-z_$][\w$]*/

/** End of a concise arrow body: first `,` `;` or closing bracket at depth 0. */
function expressionEnd(masked: string, from: number): number {
  for (let i = from; i < masked.length; i++) {
    const c = masked[i] ?? ''
    if (c === '(' || c === '[' || c === '{') {
      const close = matchBracket(masked, i)
      if (close === -1) return masked.length
      i = close
    } else if (c === ',' || c === ';' || c === ')' || c === ']' || c === '}') return i
  }
  return masked.length
}

/** From just after a parameter list: skip a return type, expect `=>` (arrow) or `{` (method/function). */
function bodyAfterParams(masked: string, from: number, arrow: boolean): { start: number; end: number; block: boolean } | undefined {
  let i = skipSpace(masked, from)
  if (masked[i] === ':') {
    // Return type: scan to `=>` / `{` at depth 0 outside the type's own brackets.
    for (i++; i < masked.length; i++) {
      if (arrow && masked.startsWith('=>', i)) break
      if (!arrow && masked[i] === '{' && /[>\w\])]\s*$/.test(masked.slice(Math.max(0, i - 40), i))) break
      const c = masked[i] ?? ''
      if (c === ';' || c === ',') return undefined
      if (c === '(' || c === '[') {
        const close = matchBracket(masked, i)
        if (close === -1) return undefined
        i = close
      }
    }
  }
  if (arrow) {
    if (!masked.startsWith('=>', i)) return undefined
    i = skipSpace(masked, i + 2)
  }
  if (masked[i] === '{') {
    const close = matchBracket(masked, i)
    return close === -1 ? undefined : { start: i, end: close + 1, block: true }
  }
  return arrow ? { start: i, end: expressionEnd(masked, i), block: false } : undefined
}

/** Parses the function value starting at `at` (after `name:` or `name =`). */
function functionValue(masked: string, at: number): { start: number; end: number; block: boolean } | undefined {
  let i = skipSpace(masked, at)
  if (masked.startsWith('async', i) && !/[\w$]/.test(masked[i + 5] ?? '')) i = skipSpace(masked, i + 5)
  if (masked.startsWith('function', i) && !/[\w$]/.test(masked[i + 8] ?? '')) {
    const open = masked.indexOf('(', i)
    const close = open === -1 ? -1 : matchBracket(masked, open)
    return close === -1 ? undefined : bodyAfterParams(masked, close + 1, false)
  }
  if (masked[i] === '(') {
    const close = matchBracket(masked, i)
    return close === -1 ? undefined : bodyAfterParams(masked, close + 1, true)
  }
  const param = IDENT.exec(masked.slice(i))
  return param ? bodyAfterParams(masked, i + param[0].length, true) : undefined
}

/** Every definition of a function named `name` (default `authorize`) in masked text. */
export function findRuleFunctions(masked: string, name = 'authorize'): FunctionSpan[] {
  const spans: FunctionSpan[] = []
  const re = new RegExp(`(?<![\\w$.])${name}\\s*(?=[:(=])`, 'g')
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const after = m.index + m[0].length
    let body: { start: number; end: number; block: boolean } | undefined
    if (masked[after] === '(') {
      const close = matchBracket(masked, after)
      body = close === -1 ? undefined : bodyAfterParams(masked, close + 1, false)
    } else if (masked[after] === ':' || (masked[after] === '=' && masked[after + 1] !== '=')) {
      body = functionValue(masked, after + 1)
    }
    if (body) spans.push({ nameOffset: m.index, bodyStart: body.start, bodyEnd: body.end, block: body.block })
  }
  return spans
}

/** Ranges of function bodies nested inside a block body (their `return`s are not the rule's). */
export function nestedFunctionBodies(masked: string, span: FunctionSpan): [number, number][] {
  const ranges: [number, number][] = []
  for (let i = span.bodyStart + 1; i < span.bodyEnd - 1; i++) {
    if (masked[i] !== '{') continue
    const before = masked.slice(span.bodyStart, i).trimEnd()
    const isFn = before.endsWith('=>') || (before.endsWith(')') && /\bfunction\b[^{}]*$/.test(before))
    const close = matchBracket(masked, i)
    if (isFn && close !== -1) {
      ranges.push([i, close])
      i = close
    }
  }
  return ranges
}
