/**
 * Encryption at rest for the store's secrets (private key parts): AES-256-GCM with
 * a random 12-byte IV per value, in a versioned text envelope
 * `enc:v1:<base64 of iv(12) | tag(16) | ciphertext>`. The version lets a later
 * scheme live next to this one. Additional data binds a value to where it is
 * stored (e.g. workspace and kid), so a row copied elsewhere does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

export const ENVELOPE_PREFIX = 'enc:v1:'
const IV_BYTES = 12
const TAG_BYTES = 16
export const KEY_BYTES = 32
/** Fixed salt of the HKDF that turns any STUDIO_SECRET string into a key. */
const HKDF_SALT = 'live-auth-studio/store-secret'
const HKDF_INFO = 'private-keys/aes-256-gcm/v1'

/** A value that is not an envelope this box can open. */
export class SecretBoxError extends Error {
  constructor(
    readonly code: 'SECRET_MISMATCH' | 'SECRET_MALFORMED' | 'SECRET_KEY_INVALID',
    message: string,
  ) {
    super(message)
    this.name = 'SecretBoxError'
  }
}

/** The 32-byte key for a secret given as text (STUDIO_SECRET): HKDF-SHA256 with a fixed app salt. */
export function deriveKey(secret: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, KEY_BYTES))
}

/** The text is an envelope (of any version this studio knows). */
export function isSealed(text: string): boolean {
  return text.startsWith(ENVELOPE_PREFIX)
}

export class SecretBox {
  private readonly key: Buffer

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new SecretBoxError('SECRET_KEY_INVALID', `The store key must be ${KEY_BYTES} bytes, not ${key.length}`)
    this.key = Buffer.from(key)
  }

  /** Encrypts `plaintext`; `aad` must be given again to open it. */
  seal(plaintext: string, aad = ''): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(aad, 'utf8'))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return ENVELOPE_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
  }

  /** Decrypts an envelope; SECRET_MISMATCH when this key (or `aad`) is not the one it was sealed with. */
  open(envelope: string, aad = ''): string {
    if (!isSealed(envelope)) throw new SecretBoxError('SECRET_MALFORMED', 'The value is not an encrypted envelope')
    const raw = Buffer.from(envelope.slice(ENVELOPE_PREFIX.length), 'base64')
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('SECRET_MALFORMED', 'The encrypted envelope is too short')
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      throw new SecretBoxError('SECRET_MISMATCH', 'The value was encrypted with another secret')
    }
  }
}
