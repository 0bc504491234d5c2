import { describe, expect, it } from 'vitest'
import { applyDelta, replaceState } from '@/lib/live/client/state-merge'

describe('applyDelta', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
    ['sets a scalar', { a: 1, b: 2 }, { b: 3 }, { a: 1, b: 3 }],
    ['adds a key', { a: 1 }, { c: 'x' }, { a: 1, c: 'x' }],
    ['keeps a top-level null as a value', { error: 'x' }, { error: null }, { error: null }],
    ['nested null deletes the key', { user: { name: 'a', tmp: 1 } }, { user: { tmp: null } }, { user: { name: 'a' } }],
    ['deep merge keeps siblings', { a: { b: { c: 1, d: 2 } } }, { a: { b: { c: 5 } } }, { a: { b: { c: 5, d: 2 } } }],
    ['arrays replace', { list: [1, 2, 3] }, { list: [4] }, { list: [4] }],
    ['object replaces scalar, nulls inside dropped', { a: 1 }, { a: { x: 1, y: null } }, { a: { x: 1 } }],
    ['scalar replaces object', { a: { x: 1 } }, { a: 2 }, { a: 2 }],
    ['empty delta', { a: 1 }, {}, { a: 1 }],
  ]
  it.each(cases)('%s', (_name, state, delta, expected) => {
    const before = JSON.stringify(state)
    expect(applyDelta(state, delta)).toEqual(expected)
    expect(JSON.stringify(state)).toBe(before) // input not mutated
  })
})

describe('applyDelta ignores prototype keys', () => {
  const hostile = [
    '{"__proto__":{"polluted":true}}',
    '{"nested":{"__proto__":{"polluted":true}}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"nested":{"constructor":{"prototype":{"polluted":true}}},"prototype":{"polluted":true}}',
  ]
  it.each(hostile)('%s', (text) => {
    const merged = applyDelta({ nested: { ok: 1 } }, JSON.parse(text) as Record<string, unknown>)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect((merged as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(merged)).toEqual(['nested'])
    expect(merged.nested).toEqual({ ok: 1 })
  })

  it('replaceState drops prototype keys from a full state too', () => {
    const state = replaceState(JSON.parse('{"a":1,"__proto__":{"polluted":true},"constructor":1}') as Record<string, unknown>)
    expect(state).toEqual({ a: 1 })
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype)
  })
})
