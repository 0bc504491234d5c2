/**
 * JSON parsing that reports the offset of the first error. V8's messages carry
 * a position only for some errors, so a small RFC 8259 scanner finds it.
 */

export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly position: number; readonly expected: string }

class ScanError {
  constructor(
    readonly position: number,
    readonly expected: string,
  ) {}
}

const MAX_DEPTH = 256
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y

function scanner(text: string) {
  let at = 0
  const fail = (expected: string): never => {
    throw new ScanError(at, expected)
  }
  const skip = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++
  }
  const sticky = (pattern: RegExp, expected: string) => {
    pattern.lastIndex = at
    if (!pattern.test(text)) fail(expected)
    at = pattern.lastIndex
  }
  const literal = (word: string) => (text.startsWith(word, at) ? void (at += word.length) : fail(`"${word}"`))
  const list = (close: string, item: () => void, depth: number) => {
    if (depth > MAX_DEPTH) fail('less nesting')
    at++
    skip()
    if (text.charAt(at) === close) return void at++
    for (;;) {
      item()
      skip()
      if (text.charAt(at) === close) return void at++
      if (text.charAt(at) !== ',') fail(`"," or "${close}"`)
      at++
    }
  }
  const value = (depth: number): void => {
    skip()
    const char = text.charAt(at)
    if (char === '{') {
      list('}', () => (skip(), sticky(STRING, 'a property name in double quotes'), skip(), text.charAt(at) === ':' ? at++ : fail('":"'), value(depth + 1)), depth)
    } else if (char === '[') list(']', () => value(depth + 1), depth)
    else if (char === '"') sticky(STRING, 'a valid string')
    else if (char === 't' || char === 'f' || char === 'n') literal(char === 't' ? 'true' : char === 'f' ? 'false' : 'null')
    else sticky(NUMBER, 'a JSON value')
  }
  return () => {
    value(0)
    skip()
    if (at < text.length) fail('end of input')
  }
}

/** Where a text stops being JSON, or undefined when it is valid JSON. */
export function jsonErrorAt(text: string): { readonly position: number; readonly expected: string } | undefined {
  try {
    scanner(text)()
    return undefined
  } catch (error) {
    if (error instanceof ScanError) return { position: error.position, expected: error.expected }
    throw error
  }
}

/** Parses JSON; on failure gives the offset where the text stops being JSON. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // The scanner should always find the error JSON.parse found; fall back to the start.
    return { ok: false, ...(jsonErrorAt(text) ?? { position: 0, expected: 'a JSON value' }) }
  }
}
