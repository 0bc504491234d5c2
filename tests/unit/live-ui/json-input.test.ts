import { describe, expect, it } from 'vitest'
import { parseJsonInput } from '@/components/live/json-input'

describe('parseJsonInput', () => {
  it.each([
    ['', {}, { ok: true, value: undefined }],
    ['   ', { allowEmpty: false }, { ok: false, error: 'Enter a JSON value.' }],
    ['{"userId":"u-free"}', { objectOnly: true }, { ok: true, value: { userId: 'u-free' } }],
    ['[1]', { objectOnly: true }, { ok: false, error: 'Enter a JSON object, e.g. {"key": "value"}.' }],
    ['null', { objectOnly: true }, { ok: false, error: 'Enter a JSON object, e.g. {"key": "value"}.' }],
    ['true', {}, { ok: true, value: true }],
  ])('%j %j', (text, options, result) => expect(parseJsonInput(text, options)).toEqual(result))

  it('explains invalid JSON', () => {
    const result = parseJsonInput('{nope')
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.error).toMatch(/^Not valid JSON: /)
  })

  it('keeps a __proto__ key as inert data', () => {
    const result = parseJsonInput('{"__proto__":{"polluted":true}}', { objectOnly: true })
    expect(result.ok && Object.hasOwn(result.value as object, '__proto__')).toBe(true)
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })
})
