import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mayRedactJsonValues, redactValue } from '@/lib/store/redaction'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl'

describe('mayRedactJsonValues (the writers skip walking a trace it clears)', () => {
  it.each([
    ['a plain trace', [{ layer: 'actionAuth.roles', outcome: 'pass', inputs: { held: ['admin'] }, durationUs: 12.5 }], false],
    ['a JWT in a value', [{ inputs: { header: JWT } }], true],
    ['a bearer credential', [{ reason: 'Authorization: Bearer abc.def' }], true],
    ['a secret URL parameter', [{ url: '/cb?code=1&access_token=xyz' }], true],
    ['a private key block', [{ pem: '-----BEGIN PRIVATE KEY-----\nMII' }], true],
    ['a JWT in a key', [{ [JWT]: 1 }], true],
    ['JSON text inside a string', [{ body: JSON.stringify({ auth: `Bearer ${JWT}` }) }], true],
  ])('%s: %s', (_name, trace, expected) => {
    expect(mayRedactJsonValues(JSON.stringify(trace))).toBe(expected)
    if (expected) expect(redactValue(trace, { valuesOnly: true }).redacted).toBe(true)
  })

  it('asks for a walk when the nesting could be cut', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 70; i++) deep = [deep]
    expect(mayRedactJsonValues(JSON.stringify(deep))).toBe(true)
    expect(redactValue(deep, { valuesOnly: true }).redacted).toBe(true)
  })

  it('never clears a value the values-only rules would change', () => {
    const secretish = fc.constantFrom(JWT, `Bearer ${JWT}`, 'Basic dXNlcjpwYXNz', 'a=b', '?password=x', '-----BEGIN RSA PRIVATE KEY-----', 'eyJ', 'basic', '====')
    const text = fc.oneof(fc.string(), secretish, fc.tuple(fc.string(), secretish, fc.string()).map((p) => p.join('')))
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
    })).node
    fc.assert(fc.property(value, (v) => {
      if (!mayRedactJsonValues(JSON.stringify(v) ?? 'null')) expect(redactValue(v, { valuesOnly: true }).redacted).toBe(false)
    }), { numRuns: 2000 })
  })
})
