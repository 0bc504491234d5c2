/**
 * Pins `lib/live/server/state-signature.ts` to FluxStack Live's signed state with the library's
 * defaults (security/StateSignature.ts at fluxstack-live@d8538f75, signState/validateState/
 * extractData; nonces and encryption off, the registry always asking for compression): the
 * signed object's keys are `data, signature, timestamp, version, componentId, compressed,
 * encrypted` in that order; `data` is the state's JSON, replaced by base64 gzip only when the
 * JSON is over 1024 characters and the base64 is under 90% of its length; `signature` is hex
 * HMAC-SHA256 with the UTF-8 secret over `componentId:version:timestamp:data` (`:nonce` appended
 * when a nonce is present); the flags are not signed. validate (`skipNonce`): age first (`State
 * expired` past 30 minutes, future timestamps pass), then `Invalid signature` on any change to a
 * signed field. extract: decrypt (AES-256-GCM `iv:tag:ciphertext`) when `encrypted`, gunzip
 * when `compressed`, then JSON.parse, letting the runtime's own error messages through.
 */
import { createHash, createHmac } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { SignedStateShape } from '@/lib/live/protocol-validate'
import { signedJson } from '@/lib/live/server/component-registry'
import { MAX_STATE_AGE_MS, StateSigner } from '@/lib/live/server/state-signature'

const SECRET = 'sécret ☃ key'
const T0 = 1_700_000_000_000

function clock(start = T0) {
  const c = { t: start, now: () => c.t }
  return c
}

/** The library's HMAC, recomputed independently. */
function hmac(secret: string, componentId: string, version: number, timestamp: number, data: string, nonce?: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${componentId}:${version}:${timestamp}:${data}${nonce ? `:${nonce}` : ''}`).digest('hex')
}

/** Deterministic text that gzip cannot shrink much: base64 of chained SHA-256 digests. */
function noise(length: number, seed = 1): string {
  let out = ''
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${i}`).digest('base64').slice(0, 43)
  return out.slice(0, length)
}

/** A state whose JSON is exactly `length` characters: {"s":"xxx…","__componentName":"C"}. */
function stateOfLength(length: number, fill: (n: number) => string): Record<string, unknown> {
  const overhead = JSON.stringify({ s: '', __componentName: 'C' }).length
  const state = { s: fill(length - overhead), __componentName: 'C' }
  expect(JSON.stringify(state)).toHaveLength(length)
  return state
}

describe('sign', () => {
  it('builds the library object, keys in order, with an independent HMAC', () => {
    const signer = new StateSigner(SECRET, () => T0)
    const state = { count: 1, label: 'é', __componentName: 'Counter' }
    const ss = signer.sign('c1', state, 3)
    const data = '{"count":1,"label":"é","__componentName":"Counter"}'
    expect(Object.keys(ss)).toEqual(['data', 'signature', 'timestamp', 'version', 'componentId', 'compressed', 'encrypted'])
    expect(ss).toStrictEqual({ data, signature: hmac(SECRET, 'c1', 3, T0, data), timestamp: T0, version: 3, componentId: 'c1', compressed: false, encrypted: false })
    expect(JSON.stringify(ss)).toBe(`{"data":${JSON.stringify(data)},"signature":"${hmac(SECRET, 'c1', 3, T0, data)}","timestamp":${T0},"version":3,"componentId":"c1","compressed":false,"encrypted":false}`)
    expect(ss.signature).toMatch(/^[0-9a-f]{64}$/)
  })

  it.each([
    ['ascii secret', 'abc'],
    ['non-ASCII secret (UTF-8 bytes)', 'ключ-☃'],
    ['empty secret', ''],
  ])('signs with the %s', (_name, secret) => {
    const ss = new StateSigner(secret, () => T0).sign('id', { a: 1 }, 1)
    expect(ss.signature).toBe(hmac(secret, 'id', 1, T0, '{"a":1}'))
  })

  it('takes the timestamp from the injected clock', () => {
    const c = clock()
    const signer = new StateSigner(SECRET, c.now)
    c.t = T0 + 1234
    expect(signer.sign('c', {}, 1).timestamp).toBe(T0 + 1234)
  })

  it('different secrets give different signatures', () => {
    const a = new StateSigner('one', () => T0).sign('c', { a: 1 }, 1)
    const b = new StateSigner('two', () => T0).sign('c', { a: 1 }, 1)
    expect(a.signature).not.toBe(b.signature)
  })
})

describe('sign: compression', () => {
  const repeat = (n: number) => 'x'.repeat(n)
  const rows: ReadonlyArray<readonly [name: string, length: number, fill: (n: number) => string, compressed: boolean]> = [
    ['short text', 100, repeat, false],
    ['exactly 1024 characters, very compressible', 1024, repeat, false],
    ['1025 characters, very compressible', 1025, repeat, true],
    ['large and compressible', 20_000, repeat, true],
    ['large and incompressible', 5_000, (n) => noise(n), false],
  ]
  it.each(rows)('%s: compressed=%s', (_name, length, fill, compressed) => {
    const state = stateOfLength(length, fill)
    const json = JSON.stringify(state)
    const ss = new StateSigner(SECRET, () => T0).sign('c', state, 1)
    expect(ss.compressed).toBe(compressed)
    expect(ss.data).toBe(compressed ? gzipSync(Buffer.from(json, 'utf8')).toString('base64') : json)
    expect(ss.signature).toBe(hmac(SECRET, 'c', 1, T0, ss.data))
    if (compressed) expect(gunzipSync(Buffer.from(ss.data, 'base64')).toString('utf8')).toBe(json)
  })

  it('compresses exactly when the base64 is under 90% of the JSON length', () => {
    const signer = new StateSigner(SECRET, () => T0)
    const outcomes = new Set<boolean>()
    // From fully compressible to fully random, around the 90% line.
    for (let noisy = 0; noisy <= 2000; noisy += 50) {
      const state = { s: noise(noisy, noisy + 1) + 'y'.repeat(2000 - noisy), __componentName: 'C' }
      const json = JSON.stringify(state)
      const packed = gzipSync(Buffer.from(json, 'utf8')).toString('base64')
      const expected = packed.length < json.length * 0.9
      outcomes.add(expected)
      const ss = signer.sign('c', state, 1)
      expect(ss.compressed, `noise ${noisy}: ${packed.length}/${json.length}`).toBe(expected)
      expect(ss.data).toBe(expected ? packed : json)
    }
    expect([...outcomes].sort()).toEqual([false, true])
  })

  it('measures the JSON in characters, not bytes', () => {
    // 1024 characters of multi-byte text: more than 1024 bytes, still not compressed.
    const state = stateOfLength(1024, (n) => 'é'.repeat(n))
    expect(Buffer.byteLength(JSON.stringify(state))).toBeGreaterThan(1024)
    expect(new StateSigner(SECRET, () => T0).sign('c', state, 1).compressed).toBe(false)
  })
})

describe('validate', () => {
  const c = clock()
  const signer = new StateSigner(SECRET, c.now)
  c.t = T0
  const good = signer.sign('comp-1', { n: 1, __componentName: 'Counter' }, 2)
  const big = signer.sign('comp-1', { s: 'z'.repeat(5000), __componentName: 'Counter' }, 2)

  const at = (t: number, ss: SignedStateShape) => {
    c.t = t
    return signer.validate(ss)
  }

  it.each([
    ['just signed', 0],
    ['a minute later', 60_000],
    ['exactly 30 minutes later', MAX_STATE_AGE_MS],
    ['from the future (an hour ahead)', -3_600_000],
  ])('accepts a state %s', (_name, age) => {
    expect(at(T0 + age, good)).toEqual({ ok: true })
    expect(at(T0 + age, big)).toEqual({ ok: true })
  })

  it('rejects a state older than 30 minutes with the library text', () => {
    expect(MAX_STATE_AGE_MS).toBe(30 * 60 * 1000)
    expect(at(T0 + MAX_STATE_AGE_MS + 1, good)).toEqual({ ok: false, error: 'State expired' })
  })

  it('checks the age before the signature', () => {
    expect(at(T0 + MAX_STATE_AGE_MS + 1, { ...good, signature: 'bad' })).toEqual({ ok: false, error: 'State expired' })
  })

  const flip = (hex: string, i: number) => hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1)
  const tampered: ReadonlyArray<readonly [string, () => SignedStateShape]> = [
    ['data changed', () => ({ ...good, data: good.data.replace('"n":1', '"n":2') })],
    ['data re-serialized with a space', () => ({ ...good, data: good.data.replace(':', ': ') })],
    ['compressed data changed', () => ({ ...big, data: gzipSync(Buffer.from(JSON.stringify({ s: 'z'.repeat(4999), __componentName: 'Counter' }))).toString('base64') })],
    ['first signature character', () => ({ ...good, signature: flip(good.signature, 0) })],
    ['last signature character', () => ({ ...good, signature: flip(good.signature, 63) })],
    ['signature upper-cased', () => ({ ...good, signature: good.signature.toUpperCase() })],
    ['signature truncated', () => ({ ...good, signature: good.signature.slice(0, 63) })],
    ['signature extended', () => ({ ...good, signature: `${good.signature}0` })],
    ['signature empty', () => ({ ...good, signature: '' })],
    ['signature with multi-byte characters', () => ({ ...good, signature: 'é'.repeat(64) })],
    ['version + 1', () => ({ ...good, version: good.version + 1 })],
    ['version as a float', () => ({ ...good, version: good.version + 0.5 })],
    ['timestamp + 1', () => ({ ...good, timestamp: good.timestamp + 1 })],
    ['timestamp made fresher', () => ({ ...good, timestamp: good.timestamp + 60_000 })],
    ['componentId changed', () => ({ ...good, componentId: 'comp-2' })],
    ['componentId emptied', () => ({ ...good, componentId: '' })],
    ['signed by another secret', () => new StateSigner('other', () => T0).sign('comp-1', { n: 1, __componentName: 'Counter' }, 2)],
  ]
  it.each(tampered)('rejects tampering: %s', (_name, make) => {
    expect(at(T0, make())).toEqual({ ok: false, error: 'Invalid signature' })
  })

  it('does not sign the compressed/encrypted flags (the library does not either)', () => {
    expect(at(T0, { ...good, compressed: true })).toEqual({ ok: true })
    expect(at(T0, { ...big, compressed: false })).toEqual({ ok: true })
    expect(at(T0, { ...good, encrypted: true })).toEqual({ ok: true })
    const { compressed: _c, encrypted: _e, ...withoutFlags } = good
    expect(at(T0, withoutFlags)).toEqual({ ok: true })
  })

  it('accepts a state whose fields the client re-ordered', () => {
    const { componentId, version, timestamp, signature, data } = good
    expect(at(T0, { componentId, version, timestamp, signature, data })).toEqual({ ok: true })
  })

  it('accepts a state signed over the library formula', () => {
    const data = '{"any":"json","__componentName":"X"}'
    const forged = { data, signature: hmac(SECRET, 'x9', 7, T0, data), timestamp: T0, version: 7, componentId: 'x9' }
    expect(at(T0, forged)).toEqual({ ok: true })
  })

  // StateSignature.computeSignatureWithKey appends `:${nonce}` to the HMAC input whenever the
  // state carries a nonce, even on rehydrate (skipNonce only skips the nonce checks).
  it('rejects a nonce added to a state signed without one (upstream signs `…:data:nonce`)', () => {
    expect(at(T0, { ...good, nonce: 'injected' })).toEqual({ ok: false, error: 'Invalid signature' })
  })

  it('accepts a state signed with its nonce in the HMAC input (upstream formula)', () => {
    const data = '{"n":1}'
    const withNonce = { data, signature: hmac(SECRET, 'c', 1, T0, data, 'n0nce'), timestamp: T0, version: 1, componentId: 'c', nonce: 'n0nce' }
    expect(at(T0, withNonce)).toEqual({ ok: true })
  })

  it('ignores an empty nonce (falsy, not appended upstream either)', () => {
    expect(at(T0, { ...good, nonce: '' })).toEqual({ ok: true })
  })
})

describe('extract', () => {
  const signer = new StateSigner(SECRET, () => T0)

  it.each([
    ['a small state', { n: 1, nested: { l: [1, 'two', null] }, __componentName: 'C' }],
    ['a large compressed state', { s: 'q'.repeat(10_000), list: Array.from({ length: 100 }, (_, i) => i), __componentName: 'C' }],
    ['non-ASCII text, compressed', { s: 'ü☃'.repeat(2000), __componentName: 'C' }],
  ])('returns %s as signed', (_name, state) => {
    const ss = signer.sign('c', state, 1)
    expect(signer.extract(ss)).toStrictEqual(state)
  })

  it('parses uncompressed data as is, and gunzips compressed data', () => {
    expect(signer.extract({ data: '{"a":[1]}', signature: '', timestamp: 0, version: 1, componentId: 'c' })).toEqual({ a: [1] })
    const data = gzipSync(Buffer.from('{"b":2}')).toString('base64')
    expect(signer.extract({ data, signature: '', timestamp: 0, version: 1, componentId: 'c', compressed: true })).toEqual({ b: 2 })
  })

  it('returns whatever JSON the data holds (no shape check here)', () => {
    expect(signer.extract({ data: '[1,2]', signature: '', timestamp: 0, version: 1, componentId: 'c' })).toEqual([1, 2])
    expect(signer.extract({ data: 'null', signature: '', timestamp: 0, version: 1, componentId: 'c' })).toBeNull()
  })

  /** The message the runtime itself throws for `run`. */
  function thrown(run: () => unknown): string {
    try {
      run()
    } catch (e) {
      return (e as Error).message
    }
    throw new Error('expected a throw')
  }

  it.each([
    ['invalid JSON', { data: '{"a":', compressed: false }, () => JSON.parse('{"a":')],
    ['compressed flag on plain JSON', { data: '{"a":1}', compressed: true }, () => gunzipSync(Buffer.from('{"a":1}', 'base64'))],
    ['truncated gzip', { data: gzipSync(Buffer.from('{"a":1}')).toString('base64').slice(0, 12), compressed: true }, () => gunzipSync(Buffer.from(gzipSync(Buffer.from('{"a":1}')).toString('base64').slice(0, 12), 'base64'))],
    ['gzip of invalid JSON', { data: gzipSync(Buffer.from('{oops')).toString('base64'), compressed: true }, () => JSON.parse('{oops')],
    ['compressed state read as plain', { data: gzipSync(Buffer.from('{"a":1}')).toString('base64'), compressed: false }, () => JSON.parse(gzipSync(Buffer.from('{"a":1}')).toString('base64'))],
  ])('lets the runtime error through: %s', (_name, fields, reference) => {
    const ss = { signature: '', timestamp: 0, version: 1, componentId: 'c', ...fields }
    expect(() => signer.extract(ss)).toThrow(thrown(reference))
  })

  it('takes the decrypt path on a state marked encrypted (the flag is not signed) and fails as the library does', () => {
    const base = { signature: '', timestamp: 0, version: 1, componentId: 'c', encrypted: true }
    // extractData splits `iv:tag:ciphertext`; a JSON state's colons make a tag of the wrong length.
    const data = JSON.stringify({ users: ['u-admin', 'u-moderator', 'u-pro', 'u-free'], __componentName: 'AdminPanel' })
    expect(Buffer.from(data.split(':')[1] ?? '', 'base64').length).toBe(33)
    expect(() => signer.extract({ ...base, data })).toThrow('Invalid authentication tag length: 33')
    // No second part: Buffer.from(undefined) throws before any key is used.
    expect(() => signer.extract({ ...base, data: 'abc' })).toThrow(TypeError)
    // A well-formed envelope that no key of this server authenticates.
    const envelope = `${Buffer.alloc(12, 1).toString('base64')}:${Buffer.alloc(16, 2).toString('base64')}:${Buffer.from('{}').toString('base64')}`
    expect(() => signer.extract({ ...base, data: envelope })).toThrow('Unsupported state or unable to authenticate data')
    // Decrypted first, then gunzipped: both flags on a plain JSON state fail at the decrypt step.
    expect(() => signer.extract({ ...base, data, compressed: true })).toThrow('Invalid authentication tag length: 33')
  })
})

describe('renewal signing from JSON text (off the event loop)', () => {
  const states: Record<string, unknown>[] = [
    {},
    { count: 1 },
    { messages: Array.from({ length: 200 }, (_, i) => ({ from: `u${i}`, text: 'x'.repeat(40) })) },
    { __componentName: 'Spoof', a: 1 },
    { nested: { deep: [1, 2, { k: 'v' }] }, unicode: 'é\u2028"\\' },
  ]

  it('builds exactly the text JSON.stringify({ ...state, __componentName }) would, without parsing', () => {
    for (const state of states) {
      expect(signedJson(JSON.stringify(state), 'Counter')).toBe(JSON.stringify({ ...state, __componentName: 'Counter' }))
    }
    expect(signedJson('null', 'C')).toBe(JSON.stringify({ __componentName: 'C' }))
    expect(signedJson('[1,2]', 'C')).toBe(JSON.stringify({ __componentName: 'C' }))
  })

  it('signs byte for byte what sign() does (compressed or not) at the same time', async () => {
    const signer = new StateSigner('secret', () => 1_700_000_000_000)
    for (const state of states) {
      const full = { ...state, __componentName: 'Counter' }
      expect(await signer.signTextAsync('c1', JSON.stringify(full), 7)).toEqual(signer.sign('c1', full, 7))
    }
  })
})
