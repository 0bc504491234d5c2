/**
 * Where the key that encrypts private keys at rest comes from: STUDIO_SECRET (any
 * text), STUDIO_SECRET_FILE (a file holding it), else `<dataDir>/secret.key`,
 * generated on first start with mode 0600 so a laptop needs no configuration.
 * Whatever the source, the text is turned into a key with HKDF (secret-box.ts).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { StoreError } from './errors'
import { deriveKey } from './secret-box'

export type SecretSource =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'generated' }

export const GENERATED_SECRET_FILE = 'secret.key'

function readSecretFile(file: string, what: string): string {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8').trim()
  } catch (error) {
    throw new StoreError('STORE_UNREADABLE', `${what} ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (text === '') throw new StoreError('STORE_UNREADABLE', `${what} ${file} is empty`)
  return text
}

/** The generated secret of `dataDir`, created (0600, never overwritten) when missing. */
function generatedSecret(dataDir: string): string {
  const file = path.resolve(dataDir, GENERATED_SECRET_FILE)
  fs.mkdirSync(dataDir, { recursive: true })
  try {
    // 'wx': two processes starting at once cannot both write one; the loser reads the winner's.
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') {
      throw new StoreError('STORE_UNREADABLE', `The store secret ${file} cannot be created: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return readSecretFile(file, 'The store secret')
}

/** The 32-byte key for `source`. */
export function loadStoreKey(source: SecretSource, dataDir: string): Buffer {
  if (source.kind === 'text') return deriveKey(source.value)
  if (source.kind === 'file') return deriveKey(readSecretFile(source.path, 'STUDIO_SECRET_FILE'))
  return deriveKey(generatedSecret(dataDir))
}
