import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openPrivateJwk, sealPrivateJwk } from '@/lib/store/private-key-codec'
import { deriveKey, ENVELOPE_PREFIX, SecretBox } from '@/lib/store/secret-box'
import { GENERATED_SECRET_FILE, loadStoreKey } from '@/lib/store/store-secret'

const dirs: string[] = []
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-box-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** The envelope with its last byte (ciphertext) changed. */
function flipLastByte(envelope: string): string {
  const raw = Buffer.from(envelope.slice(ENVELOPE_PREFIX.length), 'base64')
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0x01
  return ENVELOPE_PREFIX + raw.toString('base64')
}

describe('SecretBox', () => {
  const box = new SecretBox(deriveKey('one secret'))

  it('round-trips through a versioned envelope with a fresh IV each time', () => {
    const a = box.seal('{"d":"private"}', 'aad')
    const b = box.seal('{"d":"private"}', 'aad')
    expect(a.startsWith(ENVELOPE_PREFIX)).toBe(true)
    expect(a).not.toBe(b)
    expect(a).not.toContain('private')
    expect(box.open(a, 'aad')).toBe('{"d":"private"}')
  })

  it.each([
    ['another secret', () => new SecretBox(deriveKey('two secret')).open(box.seal('x', 'aad'), 'aad'), 'SECRET_MISMATCH'],
    ['another place (additional data)', () => box.open(box.seal('x', 'keys/w/k1'), 'keys/w/k2'), 'SECRET_MISMATCH'],
    ['a flipped ciphertext byte', () => box.open(flipLastByte(box.seal('xyz'))), 'SECRET_MISMATCH'],
    ['not an envelope', () => box.open('{"k":"plain"}'), 'SECRET_MALFORMED'],
    ['a truncated envelope', () => box.open(`${ENVELOPE_PREFIX}AAAA`), 'SECRET_MALFORMED'],
  ])('refuses %s', (_name, run, code) => {
    expect(run).toThrow(expect.objectContaining({ name: 'SecretBoxError', code }))
  })

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow('The store key must be 32 bytes, not 16')
  })
})

describe('private key codec', () => {
  const box = new SecretBox(deriveKey('codec'))

  it('seals a JWK for its workspace and kid; plain JSON rows (before migration 8) still read', () => {
    const stored = sealPrivateJwk(box, 'w', 'k1', { kty: 'oct', k: 'c2VjcmV0' })
    expect(openPrivateJwk(box, 'w', 'k1', stored)).toEqual({ kty: 'oct', k: 'c2VjcmV0' })
    expect(openPrivateJwk(box, 'w', 'k1', '{"kty":"oct","k":"bGVnYWN5"}')).toEqual({ kty: 'oct', k: 'bGVnYWN5' })
  })

  it('names the key and the secret mismatch, never the key material', () => {
    const stored = sealPrivateJwk(box, 'w', 'k1', { kty: 'oct', k: 'c2VjcmV0' })
    const run = () => openPrivateJwk(new SecretBox(deriveKey('other')), 'w', 'k1', stored)
    expect(run).toThrow(expect.objectContaining({ name: 'StoreError', code: 'STORE_SECRET_MISMATCH' }))
    expect(run).toThrow(/The private part of key "k1" cannot be decrypted: the store secret .* does not match/)
    expect(() => openPrivateJwk(box, 'w', 'other-kid', stored)).toThrow(expect.objectContaining({ code: 'STORE_SECRET_MISMATCH' }))
  })
})

describe('store secret sources', () => {
  it('derives the same key from the same text, another from other text', () => {
    const dir = tmp()
    expect(loadStoreKey({ kind: 'text', value: 'a' }, dir).equals(loadStoreKey({ kind: 'text', value: 'a' }, dir))).toBe(true)
    expect(loadStoreKey({ kind: 'text', value: 'a' }, dir).equals(loadStoreKey({ kind: 'text', value: 'b' }, dir))).toBe(false)
    expect(fs.existsSync(path.join(dir, GENERATED_SECRET_FILE))).toBe(false)
  })

  it('reads a secret file (trailing newline ignored) and says which file it cannot read', () => {
    const dir = tmp()
    const file = path.join(dir, 'studio-secret')
    fs.writeFileSync(file, 'from a file\n')
    expect(loadStoreKey({ kind: 'file', path: file }, dir).equals(loadStoreKey({ kind: 'text', value: 'from a file' }, dir))).toBe(true)
    expect(() => loadStoreKey({ kind: 'file', path: path.join(dir, 'missing') }, dir)).toThrow(`STUDIO_SECRET_FILE ${path.join(dir, 'missing')} cannot be read`)
    fs.writeFileSync(file, '\n')
    expect(() => loadStoreKey({ kind: 'file', path: file }, dir)).toThrow('is empty')
  })

  it('generates secret.key once (mode 0600) and keeps using it', () => {
    const dir = path.join(tmp(), 'nested')
    const first = loadStoreKey({ kind: 'generated' }, dir)
    const file = path.join(dir, GENERATED_SECRET_FILE)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const text = fs.readFileSync(file, 'utf8')
    expect(loadStoreKey({ kind: 'generated' }, dir).equals(first)).toBe(true)
    expect(fs.readFileSync(file, 'utf8')).toBe(text)
  })
})
