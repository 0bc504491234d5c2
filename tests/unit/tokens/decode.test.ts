import { describe, expect, it } from 'vitest'
import { decodeToken, encodeBase64url } from '@/lib/tokens'

const part = (value: unknown) => encodeBase64url(typeof value === 'string' ? value : JSON.stringify(value))
const HEADER = part({ alg: 'HS256', kid: 'k1', typ: 'JWT' })
const PAYLOAD = part({ sub: 'u1' })
const SIG = encodeBase64url(new Uint8Array(32).fill(7))

describe('decodeToken', () => {
  const cases = [
    { name: 'well-formed JWS', token: `${HEADER}.${PAYLOAD}.${SIG}`, expected: { kind: 'jws', header: { alg: 'HS256', kid: 'k1', typ: 'JWT' }, payload: { sub: 'u1' }, signatureBytes: 32, alg: 'HS256', kid: 'k1', typ: 'JWT', unsecured: false, issues: [], warnings: [] } },
    { name: 'Bearer prefix and line breaks', token: `Bearer ${HEADER}.\n${PAYLOAD}.${SIG}\n`, expected: { kind: 'jws', payload: { sub: 'u1' }, issues: [], warnings: ['Removed the "Bearer " prefix', 'Removed whitespace inside the token'] } },
    { name: 'alg none', token: `${part({ alg: 'none' })}.${PAYLOAD}.`, expected: { unsecured: true, payload: { sub: 'u1' }, issues: [], warnings: ['alg is "none": the token is unsecured and anyone can forge it'] } },
    { name: 'alg NoNe with a signature', token: `${part({ alg: 'NoNe' })}.${PAYLOAD}.${SIG}`, expected: { unsecured: true, warnings: ['alg is "NoNe": the token is unsecured and anyone can forge it', 'alg is "none" yet a signature is present'] } },
    { name: 'empty string', token: '  ', expected: { kind: 'unknown', issues: [{ part: null, message: 'token is empty' }] } },
    { name: 'not a string', token: 42, expected: { kind: 'unknown', issues: [{ part: null, message: 'token is not a string' }] } },
    { name: 'one part', token: 'hello', expected: { kind: 'unknown', issues: [{ part: null, message: 'token has 1 part, expected 3 (JWS) or 5 (JWE)' }, { part: 0, message: 'header is not valid base64url (has an impossible length (5 characters))' }] } },
    { name: 'four parts keep header and payload', token: `${HEADER}.${PAYLOAD}.${SIG}.x`, expected: { kind: 'unknown', header: { alg: 'HS256' }, payload: { sub: 'u1' }, issues: [{ part: null, message: 'token has 4 parts, expected 3 (JWS) or 5 (JWE)' }] } },
    { name: 'payload not base64url', token: `${HEADER}.e30*.${SIG}`, expected: { header: { kid: 'k1' }, issues: [{ part: 1, message: 'payload is not valid base64url (has an invalid character "*" at position 3)' }] } },
    { name: 'header not JSON', token: `${part('{"alg":"HS256",}')}.${PAYLOAD}.${SIG}`, expected: { payload: { sub: 'u1' }, headerText: '{"alg":"HS256",}', issues: [{ part: 0, message: 'header is not JSON at position 15 (expected a property name in double quotes)' }] } },
    { name: 'payload not JSON keeps the text', token: `${HEADER}.${part('hello world')}.${SIG}`, expected: { payloadText: 'hello world', issues: [{ part: 1, message: 'payload is not JSON at position 0 (expected a JSON value)' }] } },
    { name: 'payload JSON array', token: `${HEADER}.${part([1, 2])}.${SIG}`, expected: { payloadText: '[1,2]', issues: [{ part: 1, message: 'payload is JSON but not an object' }] } },
    { name: 'payload not UTF-8', token: `${HEADER}.${encodeBase64url(Uint8Array.of(0xff, 0xfe))}.${SIG}`, expected: { issues: [{ part: 1, message: 'payload is not valid UTF-8' }] } },
    { name: 'empty signature on HS256', token: `${HEADER}.${PAYLOAD}.`, expected: { signatureBytes: 0, issues: [{ part: 2, message: 'signature is empty' }] } },
    { name: 'header without alg', token: `${part({ typ: 'JWT' })}.${PAYLOAD}.${SIG}`, expected: { issues: [{ part: 0, message: 'header has no "alg" string' }] } },
    { name: 'JWE', token: `${part({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y3Q.dGFn`, expected: { kind: 'jwe', header: { enc: 'A256GCM' }, unsecured: false, issues: [], warnings: ['This is a JWE: its payload is encrypted, only the header can be shown'] } },
    { name: '__proto__ claim stays an own property', token: `${HEADER}.${part('{"__proto__":{"admin":true}}')}.${SIG}`, expected: { issues: [] } },
  ]
  it.each(cases)('$name', ({ token, expected }) => {
    expect(decodeToken(token)).toMatchObject(expected)
  })

  it('never throws on random input', () => {
    const samples = ['.', '..', '....', '.....', '\u0000', 'a.b.c', 'é.é.é', '=.=.=', `${'A'.repeat(1_100_000)}`]
    for (const sample of samples) expect(() => decodeToken(sample)).not.toThrow()
    expect(decodeToken('A'.repeat(1_100_000)).issues).toEqual([{ part: null, message: 'token is too large to decode (1100000 characters)' }])
  })

  it('does not pollute prototypes', () => {
    const decoded = decodeToken(`${HEADER}.${part('{"__proto__":{"admin":true}}')}.${SIG}`)
    expect(Object.hasOwn(decoded.payload ?? {}, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })
})
