import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase64url, encodeBase64url } from '@/lib/tokens'
import { jsonErrorAt, parseJson } from '@/lib/tokens/json-error'

describe('base64url', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64url(bytes)
        expect(text).toBe(Buffer.from(bytes).toString('base64url'))
        expect(decodeBase64url(text)).toEqual({ ok: true, value: bytes })
      }),
    )
  })

  it.each([
    { text: 'ab=', message: 'has "=" padding at position 2 (base64url has no padding)' },
    { text: 'a/b', message: 'has "/" at position 1 (standard base64, not base64url)' },
    { text: 'ab c', message: 'has an invalid character " " at position 2' },
    { text: 'abcde', message: 'has an impossible length (5 characters)' },
  ])('$text is refused', ({ text, message }) => {
    expect(decodeBase64url(text)).toEqual({ ok: false, message })
  })
})

describe('parseJson positions', () => {
  it.each([
    { text: '{"a":1', position: 6, expected: '"," or "}"' },
    { text: '{"a" 1}', position: 5, expected: '":"' },
    { text: '{a:1}', position: 1, expected: 'a property name in double quotes' },
    { text: '[1,]', position: 3, expected: 'a JSON value' },
    { text: '{"a":1}x', position: 7, expected: 'end of input' },
    { text: '{"a":tru}', position: 5, expected: '"true"' },
    { text: '', position: 0, expected: 'a JSON value' },
    { text: '"\u0001"', position: 0, expected: 'a valid string' },
  ])('$text fails at $position', ({ text, position, expected }) => {
    expect(parseJson(text)).toEqual({ ok: false, position, expected })
  })

  const validJson = (text: string) => {
    try {
      JSON.parse(text)
      return true
    } catch {
      return false
    }
  }

  it('the scanner accepts exactly what JSON.parse accepts', () => {
    fc.assert(fc.property(fc.json(), (text) => jsonErrorAt(text) === undefined))
    const mangled = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', ' ')).map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1) + 1))
    fc.assert(fc.property(mangled, (text) => (jsonErrorAt(text) === undefined) === validJson(text)), { numRuns: 500 })
  })
})
