import { exportJWK, exportPKCS8, exportSPKI, importJWK, importPKCS8, importSPKI, importX509, type JWK } from 'jose'
import { ALGORITHMS, algorithmsForKey, isHmacAlgorithm, isSigningAlgorithm, type SigningAlgorithm } from './algorithms'
import { TokenError, messageOf } from './errors'
import { keyMaterial, makeStudioKey, publicPartOf, type StudioKey } from './keys'
import type { Clock } from './time'

export interface ImportKeyOptions {
  /** Required for PEM and for RSA/oct JWKs without an `alg` member. */
  readonly alg?: SigningAlgorithm
  readonly now: Clock
  readonly kid?: string
  readonly label?: string
}

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/

function requireAsymmetricAlg(alg: SigningAlgorithm | undefined, what: string): SigningAlgorithm {
  if (alg === undefined) throw new TokenError('TOKEN_KEY_OPTIONS_INVALID', `Choose the algorithm to import this ${what} for`)
  if (!isSigningAlgorithm(alg)) throw new TokenError('TOKEN_ALG_UNSUPPORTED', `Unsupported algorithm ${String(alg)}`)
  if (isHmacAlgorithm(alg)) {
    throw new TokenError('TOKEN_ALG_KEY_MISMATCH', `${alg} takes a shared secret, not a ${what}: a PEM is never an HMAC key`)
  }
  return alg
}

/**
 * Imports a PEM: SPKI public key, PKCS#8 private key or X.509 certificate.
 * @throws TokenError TOKEN_KEY_INVALID_PEM for anything else (PKCS#1, SEC1, junk).
 */
export async function importPem(pem: string, options: ImportKeyOptions): Promise<StudioKey> {
  const label = PEM_LABEL.exec(pem)?.[1]
  if (label === undefined) throw new TokenError('TOKEN_KEY_INVALID_PEM', 'Not a PEM: no "-----BEGIN ...-----" line')
  const alg = requireAsymmetricAlg(options.alg, 'PEM key')
  const load = {
    'PUBLIC KEY': () => importSPKI(pem, alg, { extractable: true }),
    'PRIVATE KEY': () => importPKCS8(pem, alg, { extractable: true }),
    CERTIFICATE: () => importX509(pem, alg, { extractable: true }),
  }[label]
  if (!load) {
    const hint = label.endsWith('PRIVATE KEY') ? ' (convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt)' : ''
    throw new TokenError('TOKEN_KEY_INVALID_PEM', `Unsupported PEM type "${label}"; expected PUBLIC KEY, PRIVATE KEY or CERTIFICATE${hint}`)
  }
  let cryptoKey: CryptoKey
  try {
    cryptoKey = await load()
  } catch (error) {
    throw new TokenError('TOKEN_KEY_INVALID_PEM', `This ${label} does not hold a key usable for ${alg}: ${messageOf(error)}`, { cause: error })
  }
  const jwk = await exportJWK(cryptoKey)
  return label === 'PRIVATE KEY' ? makeStudioKey({ ...options, alg, privateJwk: jwk }) : makeStudioKey({ ...options, alg, publicJwk: jwk })
}

function inferAlg(jwk: JWK, given: SigningAlgorithm | undefined): SigningAlgorithm {
  const fits = algorithmsForKey(String(jwk.kty), jwk.crv)
  if (fits.length === 0) throw new TokenError('TOKEN_KEY_UNSUPPORTED', `No signing algorithm fits a ${String(jwk.kty)} ${String(jwk.crv ?? '')} key`.replace(/ {2}/, ' '))
  const wanted = given ?? jwk.alg ?? (fits.length === 1 ? fits[0] : undefined)
  if (wanted === undefined) throw new TokenError('TOKEN_KEY_OPTIONS_INVALID', `Choose the algorithm for this ${String(jwk.kty)} JWK (${fits.join(', ')})`)
  if (!isSigningAlgorithm(wanted)) throw new TokenError('TOKEN_ALG_UNSUPPORTED', `Unsupported algorithm ${wanted}`)
  if (!fits.includes(wanted)) {
    throw new TokenError('TOKEN_ALG_KEY_MISMATCH', `A ${String(jwk.kty)}${jwk.crv ? ` ${jwk.crv}` : ''} key cannot be used for ${wanted}`)
  }
  return wanted
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/**
 * Imports one JWK (public or private). The algorithm comes from the option,
 * the JWK's `alg`, or the curve; RSA and oct keys without `alg` need the option.
 */
export async function importJwk(input: unknown, options: ImportKeyOptions): Promise<StudioKey> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TokenError('TOKEN_KEY_INVALID_JWK', 'A JWK must be a JSON object')
  const jwk = input as JWK
  if (typeof jwk.kty !== 'string') throw new TokenError('TOKEN_KEY_INVALID_JWK', 'The JWK has no "kty" member')
  if (!['oct', 'RSA', 'EC', 'OKP'].includes(jwk.kty)) throw new TokenError('TOKEN_KEY_UNSUPPORTED', `Unsupported key type "${jwk.kty}"`)
  const alg = inferAlg(jwk, options.alg)
  try {
    await importJWK(jwk, alg)
  } catch (error) {
    throw new TokenError('TOKEN_KEY_INVALID_JWK', `The JWK is not a valid ${alg} key: ${messageOf(error)}`, { cause: error })
  }
  const hasPrivate = PRIVATE_MEMBERS.some((name) => Object.hasOwn(jwk, name))
  const kid = options.kid ?? (typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined)
  const common = { ...options, alg, ...(kid !== undefined ? { kid } : {}) }
  const { use: _use, key_ops: _ops, ext: _ext, kid: _kid, alg: _alg, ...material } = jwk
  return hasPrivate ? makeStudioKey({ ...common, privateJwk: material }) : makeStudioKey({ ...common, publicJwk: material })
}

export interface JwksImport {
  readonly keys: readonly StudioKey[]
  /** Members that were skipped (encryption keys, unsupported types...), by index. */
  readonly skipped: ReadonlyArray<{ readonly index: number; readonly kid?: string; readonly reason: string }>
}

/** Imports every usable signing key of a JWKS; the rest are listed as skipped. */
export async function importJwks(input: unknown, options: Omit<ImportKeyOptions, 'kid' | 'alg'>): Promise<JwksImport> {
  const members = typeof input === 'object' && input !== null && 'keys' in input ? (input as { keys: unknown }).keys : undefined
  if (!Array.isArray(members)) throw new TokenError('TOKEN_KEY_INVALID_JWKS', 'A JWKS must be an object with a "keys" array')
  const keys: StudioKey[] = []
  const skipped: Array<{ index: number; kid?: string; reason: string }> = []
  for (const [index, member] of members.entries()) {
    const kid = typeof member === 'object' && member !== null && typeof member.kid === 'string' ? member.kid : undefined
    if (typeof member === 'object' && member !== null && member.use !== undefined && member.use !== 'sig') {
      skipped.push({ index, ...(kid ? { kid } : {}), reason: `"use" is "${String(member.use)}", not "sig"` })
      continue
    }
    try {
      keys.push(await importJwk(member, options))
    } catch (error) {
      skipped.push({ index, ...(kid ? { kid } : {}), reason: messageOf(error) })
    }
  }
  return { keys, skipped }
}

/**
 * Imports pasted text: a PEM, a JWK or a JWKS (detected from the content).
 * @throws TokenError when the text is none of them.
 */
export async function importKeyText(text: string, options: ImportKeyOptions): Promise<JwksImport> {
  const trimmed = text.trim()
  if (trimmed.startsWith('-----BEGIN')) return { keys: [await importPem(trimmed, options)], skipped: [] }
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    throw new TokenError('TOKEN_KEY_INVALID_JWK', 'Expected a PEM block, a JWK or a JWKS (JSON)')
  }
  if (typeof parsed === 'object' && parsed !== null && 'keys' in parsed) return importJwks(parsed, options)
  return { keys: [await importJwk(parsed, options)], skipped: [] }
}

function requireAsymmetric(key: StudioKey): void {
  if (ALGORITHMS[key.alg].symmetric) throw new TokenError('TOKEN_KEY_NO_PUBLIC_PART', `Key "${key.kid}" is an HMAC secret: it has no public form`)
}

/** Public key as PEM (SPKI). */
export async function exportPublicPem(key: StudioKey): Promise<string> {
  requireAsymmetric(key)
  const material = await keyMaterial(key, 'verify')
  return exportSPKI(material as CryptoKey)
}

/** Private key as PEM (PKCS#8); only on explicit request. */
export async function exportPrivatePem(key: StudioKey): Promise<string> {
  requireAsymmetric(key)
  if (!key.privateJwk) throw new TokenError('TOKEN_KEY_NO_PRIVATE_PART', `Key "${key.kid}" has no private part`)
  const { use: _use, key_ops: _ops, ...jwk } = key.privateJwk
  return exportPKCS8((await importJWK(jwk, key.alg, { extractable: true })) as CryptoKey)
}

/** Public JWK with `kid`, `alg` and `use: 'sig'`; never private members. */
export function exportPublicJwk(key: StudioKey): JWK {
  requireAsymmetric(key)
  if (!key.publicJwk) throw new TokenError('TOKEN_KEY_NO_PUBLIC_PART', `Key "${key.kid}" has no public part`)
  return { ...publicPartOf(key.publicJwk, key.kty), kid: key.kid, alg: key.alg, use: 'sig' }
}

/** Private JWK (includes secret material); only on explicit request. */
export function exportPrivateJwk(key: StudioKey): JWK {
  if (!key.privateJwk) throw new TokenError('TOKEN_KEY_NO_PRIVATE_PART', `Key "${key.kid}" has no private part`)
  return { ...key.privateJwk, kid: key.kid, alg: key.alg }
}

/** A JWKS of the public keys; HMAC secrets are left out, never published. */
export function exportJwks(keys: readonly StudioKey[]): { keys: JWK[] } {
  return { keys: keys.filter((key) => !ALGORITHMS[key.alg].symmetric && key.publicJwk).map(exportPublicJwk) }
}
