/**
 * A light scanner over TypeScript text (no compiler): masks comments and string
 * contents so brace matching and regexes only see code, keeping every offset.
 * Regex literals are not recognised; a quote inside one could confuse masking,
 * which is why the checks built on this stay conservative.
 */

const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' }
const CLOSE = new Set([')', ']', '}'])

/** Replaces comment text with spaces and string/template contents with spaces (quotes kept). */
export function maskSource(text: string): string {
  const out = text.split('')
  let i = 0
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' '
  }
  while (i < text.length) {
    const c = text[i]
    const next = text[i + 1]
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i)
      const stop = end === -1 ? text.length : end
      blank(i, stop)
      i = stop
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      const stop = end === -1 ? text.length : end + 2
      blank(i, stop)
      i = stop
    } else if (c === "'" || c === '"' || c === '`') {
      let k = i + 1
      while (k < text.length && text[k] !== c && !(c !== '`' && text[k] === '\n')) k += text[k] === '\\' ? 2 : 1
      blank(i + 1, Math.min(k, text.length))
      i = k + 1
    } else i++
  }
  return out.join('')
}

/** Index of the bracket closing the one at `open` in masked text, or -1. */
export function matchBracket(masked: string, open: number): number {
  const stack: string[] = []
  for (let i = open; i < masked.length; i++) {
    const c = masked[i] ?? ''
    const closer = OPEN[c]
    if (closer !== undefined) stack.push(closer)
    else if (CLOSE.has(c)) {
      if (stack.pop() !== c) return -1
      if (stack.length === 0) return i
    }
  }
  return -1
}

/** Index of the bracket opening the innermost group that contains `at`, or -1. */
export function enclosingOpen(masked: string, at: number, opener = '{'): number {
  let depth = 0
  for (let i = at - 1; i >= 0; i--) {
    const c = masked[i] ?? ''
    if (CLOSE.has(c)) depth++
    else if (OPEN[c] !== undefined) {
      if (depth === 0) return c === opener ? i : -1
      depth--
    }
  }
  return -1
}

/** Maps offsets to 1-based line/column. */
export function positionMapper(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 }
  }
}

/** Index of the first non-whitespace character at or after `from`. */
export function skipSpace(text: string, from: number): number {
  let i = from
  while (i < text.length && /\s/.test(text[i] ?? '')) i++
  return i
}

export interface TopLevelKey {
  readonly name: string
  /** Offset of the key's first character. */
  readonly offset: number
}

/**
 * Keys of the object literal whose braces sit at `open`/`close` (masked text
 * for structure, original text for quoted names). `spread` says whether a
 * `...x` entry makes the key list incomplete.
 */
export function objectKeys(text: string, masked: string, open: number, close: number): { keys: TopLevelKey[]; spread: boolean } {
  const keys: TopLevelKey[] = []
  let spread = false
  let i = open + 1
  while (i < close) {
    i = skipSpace(masked, i)
    if (i >= close) break
    if (masked.startsWith('...', i)) spread = true
    else {
      const quoted = masked[i] === "'" || masked[i] === '"'
      const m = quoted ? /^(['"])(.*?)\1/.exec(text.slice(i, close)) : /^[A-Za-z_$][\w$]*/.exec(masked.slice(i, close))
      if (m) keys.push({ name: quoted ? (m[2] ?? '') : m[0], offset: i })
    }
    i = nextTopLevelComma(masked, i, close) + 1
  }
  return { keys, spread }
}

/** Offset of the next `,` at depth 0 between `from` and `end` (or `end`). */
export function nextTopLevelComma(masked: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = masked[i] ?? ''
    if (OPEN[c] !== undefined) {
      const close = matchBracket(masked, i)
      if (close === -1) return end
      i = close
    } else if (c === ',') return i
  }
  return end
}

/** Offset of the `{` opening a class body (skips generics such as `LiveComponent<{ a: string }>`). */
export function classBodyOpen(masked: string, from: number): number {
  let angle = 0
  for (let i = from; i < masked.length; i++) {
    const c = masked[i]
    if (c === '<') angle++
    else if (c === '>' && masked[i - 1] !== '=') angle--
    else if (c === '{' && angle <= 0) return i
    else if (c === '{' || c === '(' || c === '[') {
      const close = matchBracket(masked, i)
      if (close === -1) return -1
      i = close
    } else if (c === ';') return -1
  }
  return -1
}
