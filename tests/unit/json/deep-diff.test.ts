/**
 * Pins `lib/json/deep-diff.ts` to FluxStack Live's state diff (utils/deepDiff.ts at
 * fluxstack-live@d8538f75), as used with depth 3 by rooms and component state: only plain
 * objects (prototype Object.prototype) are compared key by key; arrays and everything else go
 * by reference and are sent whole; `undefined` new values are skipped; a key missing from
 * `next` is reported as `null` only inside nested objects (at the top level `next` is a partial
 * update); keys follow `next`'s order with removals after them; an object reached below
 * `maxDepth` is sent whole. `deepAssign` deletes a key for a nested `null`, sets a top-level
 * `null`, skips `undefined`, merges plain objects in place and stores structured clones of
 * plain objects it copies in (arrays and other values by reference).
 * Studio difference (deliberate, not wire-visible): keys are written with defineProperty, so
 * an own `__proto__` key stays a key instead of reaching a prototype; the default `maxDepth`
 * is 3 here (upstream's default parameter is 100, but both of its callers pass 3).
 */
import { describe, expect, it } from 'vitest'
import { computeDeepDiff, deepAssign, isPlainObject } from '@/lib/json/deep-diff'

type Json = Record<string, unknown>

describe('isPlainObject', () => {
  class Box {}
  it.each<[string, unknown, boolean]>([
    ['an object literal', { a: 1 }, true],
    ['a JSON.parse object', JSON.parse('{"a":1}'), true],
    ['a null-prototype object', Object.create(null), false],
    ['an array', [], false],
    ['null', null, false],
    ['a Date', new Date(0), false],
    ['a class instance', new Box(), false],
    ['a Map', new Map(), false],
    ['a string', 'x', false],
  ])('%s: %s', (_name, value, expected) => {
    expect(isPlainObject(value)).toBe(expected)
  })
})

describe('computeDeepDiff', () => {
  const shared = [1, 2]
  const date = new Date(0)
  const rows: ReadonlyArray<readonly [name: string, prev: Json, next: Json, diff: Json | null]> = [
    ['nothing changed', { a: 1, b: { c: 2 } }, { a: 1, b: { c: 2 } }, null],
    ['empty update', { a: 1 }, {}, null],
    ['a changed primitive', { a: 1, b: 2 }, { a: 3 }, { a: 3 }],
    ['a new key', { a: 1 }, { b: 2 }, { b: 2 }],
    ['undefined is skipped', { a: 1 }, { a: undefined, b: undefined }, null],
    ['undefined skipped, others kept', { a: 1 }, { a: undefined, c: 3 }, { c: 3 }],
    ['top-level missing keys are not removals', { a: 1, b: 2 }, { a: 1 }, null],
    ['null is a value', { a: 1 }, { a: null }, { a: null }],
    ['null to null is no change', { a: null }, { a: null }, null],
    ['a nested change only', { o: { x: 1, y: 2 } }, { o: { x: 1, y: 3 } }, { o: { y: 3 } }],
    ['a nested removal is null', { o: { x: 1, y: 2 } }, { o: { x: 1 } }, { o: { y: null } }],
    ['a nested unchanged object with a new reference', { o: { x: { y: 1 } } }, { o: { x: { y: 1 } } }, null],
    ['an array with the same contents is sent whole', { l: [1, 2] }, { l: [1, 2] }, { l: [1, 2] }],
    ['the same array reference is no change', { l: shared }, { l: shared }, null],
    ['a nested array is sent whole', { o: { l: [1] } }, { o: { l: [1, 2] } }, { o: { l: [1, 2] } }],
    ['a Date is compared by reference', { d: date }, { d: new Date(0) }, { d: new Date(0) }],
    ['the same Date is no change', { d: date }, { d: date }, null],
    ['object replaced by a primitive', { o: { x: 1 } }, { o: 5 }, { o: 5 }],
    ['primitive replaced by an object', { o: 5 }, { o: { x: 1 } }, { o: { x: 1 } }],
    ['array replaced by an object', { o: [1] }, { o: { 0: 1 } }, { o: { 0: 1 } }],
    ['object replaced by null', { o: { x: 1 } }, { o: null }, { o: null }],
    ['nested undefined is skipped (not a removal)', { o: { x: 1, y: 2 } }, { o: { x: 1, y: undefined } }, null],
    ['nested null value', { o: { x: 1 } }, { o: { x: null } }, { o: { x: null } }],
    ['a new nested object is sent whole', {}, { o: { x: { y: 1 } } }, { o: { x: { y: 1 } } }],
    ['all nested keys removed', { o: { x: 1, y: 2 } }, { o: {} }, { o: { x: null, y: null } }],
  ]
  it.each(rows)('%s', (_name, prev, next, diff) => {
    expect(computeDeepDiff(prev, next, 0, 3)).toEqual(diff)
  })

  it('sends a whole non-plain value by reference', () => {
    const list = [1]
    const next = { l: list, o: { inner: list } }
    const diff = computeDeepDiff({ l: [1], o: { inner: [1] } }, next, 0, 3)
    expect(diff?.l).toBe(list)
    expect((diff?.o as Json).inner).toBe(list)
  })

  it("follows next's key order, nested removals after the changed keys", () => {
    const diff = computeDeepDiff({ o: { a: 1, b: 2, c: 3 } }, { z: 1, o: { d: 4, a: 9, c: 3 }, y: 2 }, 0, 3)
    expect(JSON.stringify(diff)).toBe('{"z":1,"o":{"d":4,"a":9,"b":null},"y":2}')
  })

  describe('depth limit', () => {
    const four = (leaf: Json): Json => ({ a: { b: { c: { d: leaf } } } })
    const three = (leaf: Json): Json => ({ a: { b: { c: leaf } } })

    it('diffs key by key down to depth 3', () => {
      expect(computeDeepDiff(three({ x: 1, y: 1 }), three({ x: 1, y: 2 }), 0, 3)).toEqual(three({ y: 2 }))
      expect(computeDeepDiff(three({ x: 1, y: 1 }), three({ x: 1 }), 0, 3)).toEqual(three({ y: null }))
    })

    it('sends an object below depth 3 whole (the same reference)', () => {
      const leaf = { x: 1, y: 2 }
      const diff = computeDeepDiff(four({ x: 1, y: 1 }), four(leaf), 0, 3)
      expect(diff).toEqual(four({ x: 1, y: 2 }))
      expect((((diff?.a as Json).b as Json).c as Json).d).toBe(leaf)
    })

    it('sends it whole on a removal too (no null sentinel)', () => {
      expect(computeDeepDiff(four({ x: 1, y: 1 }), four({ x: 1 }), 0, 3)).toEqual(four({ x: 1 }))
    })

    it('still reports no change for an equal reference below the limit', () => {
      const leaf = { x: 1 }
      expect(computeDeepDiff(four(leaf), four(leaf), 0, 3)).toBeNull()
    })

    it.each([
      [0, { o: { x: 1, y: 2 } }],
      [1, { o: { y: 2 } }],
    ])('maxDepth %i', (maxDepth, expected) => {
      expect(computeDeepDiff({ o: { x: 1, y: 1 } }, { o: { x: 1, y: 2 } }, 0, maxDepth)).toEqual(expected)
    })

    it('uses 3 by default', () => {
      expect(computeDeepDiff(four({ x: 1, y: 1 }), four({ x: 1, y: 2 }))).toEqual(four({ x: 1, y: 2 }))
      expect(computeDeepDiff(three({ x: 1, y: 1 }), three({ x: 1, y: 2 }))).toEqual(three({ y: 2 }))
    })
  })

  it('terminates on a cyclic next', () => {
    const next: Json = { v: 1 }
    next.self = next
    const diff = computeDeepDiff({ self: { v: 0 } }, next, 0, 3)
    expect(diff?.self).toBe(next)
    expect(diff?.v).toBe(1)
  })

  it('does not mutate its inputs', () => {
    const prev = { o: { x: 1, y: 2 } }
    const next = { o: { x: 2 } }
    computeDeepDiff(prev, next, 0, 3)
    expect(prev).toEqual({ o: { x: 1, y: 2 } })
    expect(next).toEqual({ o: { x: 2 } })
  })
})

describe('deepAssign', () => {
  const rows: ReadonlyArray<readonly [name: string, target: Json, source: Json, result: Json]> = [
    ['sets a primitive', { a: 1 }, { a: 2, b: 3 }, { a: 2, b: 3 }],
    ['top-level null sets the key to null', { a: 1 }, { a: null }, { a: null }],
    ['top-level null adds a null key', {}, { a: null }, { a: null }],
    ['nested null deletes the key', { o: { x: 1, y: 2 } }, { o: { y: null } }, { o: { x: 1 } }],
    ['nested null for a missing key is harmless', { o: { x: 1 } }, { o: { z: null } }, { o: { x: 1 } }],
    ['deep null deletes', { a: { b: { c: { d: 1, e: 2 } } } }, { a: { b: { c: { d: null } } } }, { a: { b: { c: { e: 2 } } } }],
    ['undefined is a no-op', { a: 1 }, { a: undefined, b: undefined }, { a: 1 }],
    ['merges plain objects', { o: { x: 1, n: { p: 1 } } }, { o: { y: 2, n: { q: 2 } } }, { o: { x: 1, y: 2, n: { p: 1, q: 2 } } }],
    ['replaces an array', { l: [1, 2, 3] }, { l: [9] }, { l: [9] }],
    ['replaces an array with an object', { o: [1] }, { o: { a: 1 } }, { o: { a: 1 } }],
    ['replaces an object with an array', { o: { a: 1 } }, { o: [1] }, { o: [1] }],
    ['replaces an object with a primitive', { o: { a: 1 } }, { o: 'x' }, { o: 'x' }],
    ['a nested null inside a new object is copied as null (nothing to merge into)', {}, { o: { x: null } }, { o: { x: null } }],
  ]
  it.each(rows)('%s', (_name, target, source, result) => {
    deepAssign(target, source)
    expect(target).toStrictEqual(result)
  })

  it('merges into the existing nested objects in place', () => {
    const inner = { x: 1 }
    const target: Json = { o: inner }
    deepAssign(target, { o: { y: 2 } })
    expect(target.o).toBe(inner)
    expect(inner).toEqual({ x: 1, y: 2 })
  })

  it('stores a structured clone of a plain object it copies in', () => {
    const source = { o: { x: { y: 1 } } }
    const target: Json = {}
    deepAssign(target, source)
    expect(target.o).toEqual({ x: { y: 1 } })
    expect(target.o).not.toBe(source.o)
    expect((target.o as Json).x).not.toBe(source.o.x)
    source.o.x.y = 99
    expect(target).toEqual({ o: { x: { y: 1 } } })
  })

  it('assigns arrays and class instances by reference', () => {
    const list = [{ a: 1 }]
    const date = new Date(0)
    const target: Json = { o: {} }
    deepAssign(target, { l: list, d: date, o: { l: list } })
    expect(target.l).toBe(list)
    expect(target.d).toBe(date)
    expect((target.o as Json).l).toBe(list)
  })

  it('applies what computeDeepDiff produced', () => {
    const prev: Json = { a: 1, o: { x: 1, y: 2, n: { k: [1] } }, t: 'keep' }
    const next: Json = { a: 2, o: { x: 1, n: { k: [1, 2] }, z: 3 } }
    const diff = computeDeepDiff(prev, next, 0, 3)
    expect(diff).toEqual({ a: 2, o: { n: { k: [1, 2] }, z: 3, y: null } })
    deepAssign(prev, diff ?? {})
    expect(prev).toEqual({ a: 2, o: { x: 1, n: { k: [1, 2] }, z: 3 }, t: 'keep' })
  })

  it('keeps an own "__proto__" key as data (studio: defineProperty)', () => {
    const target: Json = { o: {} }
    deepAssign(target, JSON.parse('{"o":{"__proto__":{"polluted":true}}}') as Json)
    const o = target.o as Json
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(Object.keys(o)).toEqual(['__proto__'])
    expect(o.polluted).toBeUndefined()
  })
})
