/**
 * Pins `lib/json/sanitize-payload.ts` to FluxStack Live's payload sanitizer
 * (packages/core/src/security/sanitize.ts at fluxstack-live@d8538f75, which LiveServer runs on
 * every truthy `payload`): `__proto__`, `constructor` and `prototype` keys and function values are
 * removed at every depth up to MAX_JSON_DEPTH = 32 (the root is depth 0; deeper values are left
 * alone, so an array's function element at depth 33 survives while an object's function property
 * at depth 33 does not); nothing is copied when nothing changes (the same object comes back, and
 * unchanged branches of a changed object are shared); a changed object keeps its key order; own
 * `__proto__` keys made by JSON.parse never reach a prototype. The verbatim upstream file stored
 * locally is the older 9eb925c3 copy with MAX_DEPTH = 10; when it is present it is loaded with
 * that one constant set to the d8538f75 value (32) and compared against on fixed and random inputs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { sanitizePayload } from '@/lib/json/sanitize-payload'
import { MAX_JSON_DEPTH } from '@/lib/json/text-depth'

// ---------------------------------------------------------------------------
// The upstream sanitizer at the d8538f75 depth, when ../shared is around.

type Sanitize = (value: unknown, depth?: number) => unknown
const UPSTREAM_FILE = fileURLToPath(new URL('../../../../shared/reference/fluxstack-live/upstream/sanitize.ts', import.meta.url))
const UPSTREAM_SOURCE = existsSync(UPSTREAM_FILE) ? readFileSync(UPSTREAM_FILE, 'utf8') : ''
const HAS_UPSTREAM = UPSTREAM_SOURCE.includes('const MAX_DEPTH = 10')
const tempDir = HAS_UPSTREAM ? mkdtempSync(join(tmpdir(), 'sanitize-upstream-')) : ''
let upstream: Sanitize = () => {
  throw new Error('upstream sanitizer not loaded')
}
if (HAS_UPSTREAM) {
  const file = join(tempDir, 'sanitize.ts')
  writeFileSync(file, UPSTREAM_SOURCE.replace('const MAX_DEPTH = 10', 'const MAX_DEPTH = 32'))
  upstream = ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { sanitizePayload: Sanitize }).sanitizePayload
}
afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true })
})

// ---------------------------------------------------------------------------
// Helpers.

type Json = Record<string, unknown>
const fn = () => 'called'
const parse = (text: string): Json => JSON.parse(text) as Json

/** `leaf` placed at `depth` (the root is depth 0) under single-key objects `{ n: ... }`. */
function nest(depth: number, leaf: unknown): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = { n: v }
  return v
}
/** The value at `depth` of a `nest` chain. */
function dig(value: unknown, depth: number): unknown {
  let v = value
  for (let i = 0; i < depth; i++) v = (v as Json).n
  return v
}
/** Same as `nest`, with one-element arrays. */
function nestInArrays(depth: number, leaf: unknown): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = [v]
  return v
}
function digArrays(value: unknown, depth: number): unknown {
  let v = value
  for (let i = 0; i < depth; i++) v = (v as unknown[])[0]
  return v
}

function ownKeysOf(v: object): string[] {
  return Reflect.ownKeys(v).map(String)
}

/** Where a result shares the input's objects ('same') and where it is new, as a comparable tree. */
function sharing(out: unknown, input: unknown): unknown {
  if (out === input) return 'same'
  if (typeof out !== 'object' || out === null) return typeof out
  const inp = (typeof input === 'object' && input !== null ? input : {}) as Json
  return ownKeysOf(out).map((k) => [k, sharing((out as Json)[k], inp[k])])
}

// ---------------------------------------------------------------------------

describe('values without objects', () => {
  it.each<[string, unknown]>([
    ['a number', 1],
    ['a string', '__proto__'],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', false],
  ])('%s comes back as is', (_name, value) => {
    expect(sanitizePayload(value)).toBe(value)
  })

  it('turns a function into undefined', () => {
    expect(sanitizePayload(fn)).toBeUndefined()
  })

  it('leaves a function passed at a depth past the limit', () => {
    expect(sanitizePayload(fn, MAX_JSON_DEPTH + 1)).toBe(fn)
    expect(sanitizePayload(fn, MAX_JSON_DEPTH)).toBeUndefined()
  })

  it('uses the library limit of 32', () => {
    expect(MAX_JSON_DEPTH).toBe(32)
  })
})

describe('removals', () => {
  const rows: ReadonlyArray<readonly [string, () => unknown, unknown]> = [
    ['own __proto__ from JSON.parse', () => parse('{"__proto__":{"polluted":true},"a":1}'), { a: 1 }],
    ['constructor', () => ({ constructor: { prototype: { x: 1 } }, a: 1 }), { a: 1 }],
    ['prototype', () => ({ prototype: 1, b: 2 }), { b: 2 }],
    ['all three', () => parse('{"__proto__":1,"constructor":2,"prototype":3}'), {}],
    ['a function value', () => ({ f: fn, a: 1 }), { a: 1 }],
    ['a nested dangerous key', () => ({ a: { b: parse('{"c":1,"__proto__":{"x":1}}') } }), { a: { b: { c: 1 } } }],
    ['a nested function', () => ({ a: [{ f: fn, g: 1 }] }), { a: [{ g: 1 }] }],
    ['a dangerous key in an array element', () => [1, parse('{"__proto__":{"x":1},"k":2}')], [1, { k: 2 }]],
    ['a function array element becomes undefined (index kept)', () => [fn, 1, fn], [undefined, 1, undefined]],
    ['keys that only look dangerous stay', () => ({ __proto: 1, Constructor: 2, prototypes: 3, _proto__: 4 }), { __proto: 1, Constructor: 2, prototypes: 3, _proto__: 4 }],
    ['a dangerous key name as a value stays', () => ({ k: '__proto__', l: ['constructor'] }), { k: '__proto__', l: ['constructor'] }],
  ]
  it.each(rows)('%s', (_name, make, expected) => {
    const input = make()
    const out = sanitizePayload(input)
    expect(out).toStrictEqual(expected)
    if (HAS_UPSTREAM) expect(upstream(input)).toStrictEqual(expected)
  })

  it('never reaches a prototype through own __proto__ keys', () => {
    const out = sanitizePayload(parse('{"a":{"__proto__":{"polluted":true}},"__proto__":{"polluted":true}}'))
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(out.a)).toBe(Object.prototype)
    expect(ownKeysOf(out)).toEqual(['a'])
    expect(ownKeysOf(out.a as object)).toEqual([])
    expect(({} as Json).polluted).toBeUndefined()
  })

  it('does not mutate the input', () => {
    const input = parse('{"a":1,"__proto__":{"x":1},"b":{"constructor":1,"c":2}}')
    const before = ownKeysOf(input)
    sanitizePayload(input)
    expect(ownKeysOf(input)).toEqual(before)
    expect(ownKeysOf(input.b as object)).toEqual(['constructor', 'c'])
  })
})

describe('identity and sharing', () => {
  it.each<[string, unknown]>([
    ['a flat object', { a: 1, b: 'x' }],
    ['a nested object', { a: { b: { c: [1, { d: null }] } } }],
    ['an array', [1, [2, [3]], { a: 1 }]],
    ['an empty object', {}],
    ['a class instance (its prototype is not walked)', new Date(0)],
  ])('returns %s itself when nothing changes', (_name, value) => {
    expect(sanitizePayload(value)).toBe(value)
  })

  it('shares the unchanged branches of a changed object', () => {
    const keep = { x: { y: 1 } }
    const list = [1, 2]
    const input = { keep, list, bad: { constructor: 1, ok: { z: 1 } } }
    const out = sanitizePayload(input)
    expect(out).not.toBe(input)
    expect(out.keep).toBe(keep)
    expect(out.list).toBe(list)
    expect(out.bad).not.toBe(input.bad)
    expect(out.bad.ok).toBe(input.bad.ok)
  })

  it('copies an array only when an element changes', () => {
    const clean = { a: 1 }
    const input = [clean, { f: fn }]
    const out = sanitizePayload(input)
    expect(out).not.toBe(input)
    expect(out[0]).toBe(clean)
    expect(out[1]).toStrictEqual({})
  })

  it('returns a fresh plain object for a changed class instance', () => {
    class Box {
      constructor(public a: number, public f: () => string) {}
    }
    const out = sanitizePayload(new Box(1, fn)) as unknown
    expect(out).toStrictEqual({ a: 1 })
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  })
})

describe('key order', () => {
  it.each<[string, () => Json, string[]]>([
    ['a dangerous key in the middle', () => parse('{"z":1,"__proto__":2,"a":3,"m":4}'), ['z', 'a', 'm']],
    ['a function first', () => ({ f: fn, z: 1, a: 2 }), ['z', 'a']],
    ['a changed nested value in the middle', () => ({ z: 1, a: { constructor: 1 }, b: 2 }), ['z', 'a', 'b']],
    ['several removals', () => ({ y: 1, constructor: 2, x: 3, g: fn, w: 4, prototype: 5 }), ['y', 'x', 'w']],
  ])('%s', (_name, make, keys) => {
    expect(Object.keys(sanitizePayload(make()))).toEqual(keys)
  })
})

describe('depth limit (32)', () => {
  const dangerous = () => parse('{"__proto__":{"x":1},"constructor":1,"keep":1}')

  it.each([0, 1, 31, 32])('cleans a dangerous object at depth %i', (depth) => {
    const out = sanitizePayload(nest(depth, dangerous()))
    expect(ownKeysOf(dig(out, depth) as object)).toEqual(['keep'])
  })

  it.each([33, 34, 40])('leaves a dangerous object at depth %i alone (the same root comes back)', (depth) => {
    const input = nest(depth, dangerous())
    expect(sanitizePayload(input)).toBe(input)
    expect(ownKeysOf(dig(input, depth) as object)).toEqual(['__proto__', 'constructor', 'keep'])
  })

  it.each([
    [31, true],
    [32, true],
    [33, false],
  ])('an object at depth %i has its function property removed: %s', (depth, removed) => {
    const out = sanitizePayload(nest(depth, { f: fn, keep: 1 }))
    expect('f' in (dig(out, depth) as object)).toBe(!removed)
  })

  // The depth check runs before the function check, and an array element is visited one level down.
  it.each([
    [30, undefined],
    [31, undefined],
    [32, fn],
  ])('an array at depth %i holding a function gives element %s', (depth, element) => {
    const out = sanitizePayload(nest(depth, [fn, 1]))
    expect((dig(out, depth) as unknown[])[0]).toBe(element)
  })

  it('counts arrays as levels', () => {
    const cleaned = sanitizePayload(nestInArrays(32, dangerous()))
    expect(ownKeysOf(digArrays(cleaned, 32) as object)).toEqual(['keep'])
    const deep = nestInArrays(33, dangerous())
    expect(sanitizePayload(deep)).toBe(deep)
  })

  it('starts from the depth it is given', () => {
    const input = { n: dangerous() }
    expect(sanitizePayload(input, 32)).toBe(input)
    expect(ownKeysOf(sanitizePayload(input, 31).n)).toEqual(['keep'])
  })

  it.skipIf(!HAS_UPSTREAM)('agrees with upstream at every depth from 0 to 36', () => {
    for (let depth = 0; depth <= 36; depth++) {
      for (const leaf of [dangerous(), { f: fn, k: 1 }, [fn, 1], [dangerous()]]) {
        for (const make of [nest, nestInArrays]) {
          const input = make(depth, leaf)
          const mine = sanitizePayload(input)
          const theirs = upstream(input)
          expect(mine, `depth ${depth}`).toStrictEqual(theirs)
          expect(sharing(mine, input)).toEqual(sharing(theirs, input))
        }
      }
    }
  })
})

describe('random payloads against upstream', () => {
  const KEYS = ['a', 'b', 'z', '1', '$x', '__proto__', 'constructor', 'prototype']
  function build(entries: ReadonlyArray<readonly [string, unknown]>): Json {
    const o: Json = {}
    for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
    return o
  }
  const { value } = fc.letrec<{ value: unknown; leaf: unknown; obj: Json; arr: unknown[] }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('obj'), tie('arr')),
    leaf: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean(), fc.constant(fn)),
    obj: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 5 }).map(build),
    arr: fc.array(tie('value'), { maxLength: 4 }),
  }))
  const payload = fc.tuple(value, fc.nat({ max: 36 }), fc.boolean()).map(([v, depth, arrays]) => (arrays ? nestInArrays(depth, v) : nest(depth, v)))

  it.skipIf(!HAS_UPSTREAM)('gives the same result and shares the same branches', () => {
    fc.assert(
      fc.property(payload, (input) => {
        const mine = sanitizePayload(input)
        const theirs = upstream(input)
        expect(mine).toStrictEqual(theirs)
        expect(sharing(mine, input)).toEqual(sharing(theirs, input))
      }),
      { numRuns: 400 },
    )
  })

  it('leaves no dangerous key or function within 32 levels', () => {
    const check = (v: unknown, depth: number): void => {
      if (depth > MAX_JSON_DEPTH || typeof v !== 'object' || v === null) return
      if (!Array.isArray(v)) {
        for (const k of ownKeysOf(v)) {
          expect(['__proto__', 'constructor', 'prototype']).not.toContain(k)
          expect(typeof (v as Json)[k]).not.toBe('function')
        }
      }
      for (const child of Object.values(v)) {
        if (Array.isArray(v) && depth + 1 <= MAX_JSON_DEPTH) expect(typeof child).not.toBe('function')
        check(child, depth + 1)
      }
    }
    fc.assert(fc.property(value, (input) => check(sanitizePayload(input), 0)), { numRuns: 400 })
  })
})
