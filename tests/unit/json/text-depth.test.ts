/**
 * Pins `lib/json/text-depth.ts` to the pre-parse nesting scan of FluxStack Live
 * (LiveServer.handleMessage, LiveServer.ts:399-423 at fluxstack-live@d8538f75): `{` and `[`
 * open a level and `}` / `]` close one; brackets inside string literals do not count, a
 * backslash inside a string escapes the next character (so `\"` does not end the string and
 * `\\` does not escape the quote after it), backslashes outside strings mean nothing; the text
 * is measured whether or not it is valid JSON (unbalanced closers simply lower the count), and
 * the answer is "too deep" as soon as more than `max` levels are open at once. The library's
 * limit is MAX_JSON_DEPTH = 32 and its answer is `JSON nesting too deep (max 32)`.
 */
import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, jsonTooDeepError, textDeeperThan } from '@/lib/json/text-depth'

const open = (n: number) => '['.repeat(n)
const close = (n: number) => ']'.repeat(n)
const arrays = (n: number) => open(n) + close(n)
const objects = (n: number) => '{"a":'.repeat(n - 1) + '{}' + '}'.repeat(n - 1)

/** The deepest nesting of a text by the library's rules, scanned without early exit (test oracle). */
function maxDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  let escaped = false
  for (const ch of text) {
    if (escaped) escaped = false
    else if (inString) {
      if (ch === '\\') escaped = true
      else if (ch === '"') inString = false
    } else if (ch === '"') inString = true
    else if (ch === '{' || ch === '[') max = Math.max(max, ++depth)
    else if (ch === '}' || ch === ']') depth--
  }
  return max
}

describe('constants', () => {
  it('uses the library limit and text', () => {
    expect(MAX_JSON_DEPTH).toBe(32)
    expect(jsonTooDeepError()).toBe('JSON nesting too deep (max 32)')
    expect(jsonTooDeepError(5)).toBe('JSON nesting too deep (max 5)')
  })
})

describe('textDeeperThan', () => {
  const rows: ReadonlyArray<readonly [name: string, text: string, depth: number]> = [
    ['empty text', '', 0],
    ['a scalar', '42', 0],
    ['a string', '"x"', 0],
    ['empty array', '[]', 1],
    ['empty object', '{}', 1],
    ['three arrays', '[[[]]]', 3],
    ['mixed', '{"a":{"b":[1,{"c":[]}]}}', 5],
    ['siblings do not add up', '[[],[],[[]]]', 3],
    ['brackets inside a string', '["[[[[{{{{"]', 1],
    ['brackets inside a key', '{"[[[[":1}', 1],
    ['closers inside a string', '[["]]]]"]]', 2],
    ['escaped quote keeps the string open', '["\\"[[[["]', 1],
    ['escaped backslash closes before the quote', '["\\\\",[[]]]', 3],
    ['escaped backslash then escaped quote', '["\\\\\\"[[["]', 1],
    ['unicode escape', '["\\u005b[[", []]', 2],
    ['a backslash outside a string means nothing', '\\"[[["', 0],
    ['unterminated string hides the rest', '["[[[[', 1],
    ['unclosed arrays (invalid JSON) still count', open(5), 5],
    ['garbage between brackets', '[x[y[z', 3],
    ['unbalanced closers lower the count', ']]][[[[', 1],
    ['after closing, depth restarts', '[[]][[[]]]', 3],
    ['non-ASCII text', '{"é":"[","ü":[["☃"]]}', 3],
  ]

  it.each(rows)('%s: %s has depth %i', (_name, text, depth) => {
    expect(maxDepth(text)).toBe(depth)
    expect(textDeeperThan(text, depth)).toBe(false)
    if (depth > 0) expect(textDeeperThan(text, depth - 1)).toBe(true)
  })

  it.each([
    ['arrays', arrays],
    ['objects', objects],
    ['unclosed arrays', open],
  ])('%s: exactly 32 levels pass, 33 do not', (_name, make) => {
    expect(textDeeperThan(make(32), MAX_JSON_DEPTH)).toBe(false)
    expect(textDeeperThan(make(33), MAX_JSON_DEPTH)).toBe(true)
  })

  it('32 levels of brackets inside a string are not counted', () => {
    expect(textDeeperThan(`{"k":"${open(100)}"}`, MAX_JSON_DEPTH)).toBe(false)
    expect(textDeeperThan(`["\\"${open(100)}"]`, MAX_JSON_DEPTH)).toBe(false)
  })

  it('stops at the first level too many, whatever follows', () => {
    expect(textDeeperThan(open(33) + '"unterminated', MAX_JSON_DEPTH)).toBe(true)
    expect(textDeeperThan(`${open(33)}${close(33)}${close(40)}`, MAX_JSON_DEPTH)).toBe(true)
  })

  it('counts real nesting after a long run of closers', () => {
    expect(textDeeperThan(close(10) + open(32), MAX_JSON_DEPTH)).toBe(false)
    expect(textDeeperThan(arrays(32) + arrays(33), MAX_JSON_DEPTH)).toBe(true)
  })

  it('handles deep JSON.stringify output of real values', () => {
    let v: unknown = { s: '[{"}' }
    for (let i = 1; i < 32; i++) v = i % 2 === 0 ? [v] : { k: v }
    const text = JSON.stringify(v)
    expect(maxDepth(text)).toBe(32)
    expect(textDeeperThan(text, 32)).toBe(false)
    expect(textDeeperThan(`[${text}]`, 32)).toBe(true)
  })

  it('agrees with the oracle on generated texts', () => {
    const alphabet = ['[', ']', '{', '}', '"', '\\', 'a', ',', ':']
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let run = 0; run < 500; run++) {
      let text = ''
      const len = next() % 60
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length]
      const depth = maxDepth(text)
      for (const max of [0, 1, 2, 3, 5]) expect(textDeeperThan(text, max), text).toBe(depth > max)
    }
  })
})
