import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { ALGORITHMS, isHmacAlgorithm, minimumSecretBytes, type KeyKind, type SigningAlgorithm } from './algorithms'
import { encodeBase64url } from './encoding'
import { TokenError, messageOf } from './errors'
import { toDate, type Clock } from './time'

/**
 * A serializable signing/verification key of the studio. Invariants: an `oct`
 * (HMAC) key has `privateJwk` (with `k`) and no `publicJwk`; an asymmetric key
 * always has `publicJwk` and has `privateJwk` only when the private part is known.
 */
export interface StudioKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  readonly kty: KeyKind
  /** ISO 8601 instant. */
  readonly createdAt: string
  readonly publicJwk?: JWK
  readonly privateJwk?: JWK
  readonly label?: string
}

export type RsaModulusLength = 2048 | 3072 | 4096

export interface GenerateKeyOptions {
  readonly alg: SigningAlgorithm
  /** Clock for `createdAt`. */
  readonly now: Clock
  /** Defaults to the RFC 7638 thumbprint. */
  readonly kid?: string
  readonly label?: string
  /** HMAC only; defaults to the hash size (32 bytes for HS256). */
  readonly secretBytes?: number
  /** RSA only; defaults to 2048. */
  readonly modulusLength?: RsaModulusLength
}

const PUBLIC_MEMBERS: Readonly<Record<KeyKind, readonly string[]>> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
  oct: [],
}

/** The public members of a JWK (RFC 7518 section 6), nothing else. */
export function publicPartOf(jwk: JWK, kty: KeyKind): JWK {
  const out: Record<string, unknown> = {}
  const source = jwk as Readonly<Record<string, unknown>>
  for (const name of PUBLIC_MEMBERS[kty]) if (Object.hasOwn(source, name)) out[name] = source[name]
  return out as JWK
}

/** RFC 7638 thumbprint (SHA-256, base64url) used as the default `kid`. */
export async function deriveKid(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256')
}

/** Builds a StudioKey record from JWKs, deriving the kid when none is given. */
export async function makeStudioKey(input: {
  readonly alg: SigningAlgorithm
  readonly now: Clock
  readonly publicJwk?: JWK
  readonly privateJwk?: JWK
  readonly kid?: string
  readonly label?: string
}): Promise<StudioKey> {
  const kty = ALGORITHMS[input.alg].kty
  const publicJwk = input.publicJwk ?? (kty === 'oct' || !input.privateJwk ? undefined : publicPartOf(input.privateJwk, kty))
  const basis = publicJwk ?? input.privateJwk
  if (!basis) throw new TokenError('TOKEN_KEY_OPTIONS_INVALID', 'A key needs a public or private JWK')
  const kid = input.kid ?? (await deriveKid(basis))
  return {
    kid,
    alg: input.alg,
    kty,
    createdAt: toDate(input.now).toISOString(),
    ...(publicJwk ? { publicJwk: { ...publicPartOf(publicJwk, kty), kid, alg: input.alg, use: 'sig' } } : {}),
    ...(input.privateJwk ? { privateJwk: { ...input.privateJwk, kid, alg: input.alg } } : {}),
    ...(input.label !== undefined ? { label: input.label } : {}),
  }
}

/** Generates a fresh key (extractable, so it can be stored and exported). */
export async function generateKey(options: GenerateKeyOptions): Promise<StudioKey> {
  const { alg } = options
  if (!Object.hasOwn(ALGORITHMS, alg)) throw new TokenError('TOKEN_ALG_UNSUPPORTED', `Unsupported algorithm ${String(alg)}`)
  if (isHmacAlgorithm(alg)) {
    const size = options.secretBytes ?? minimumSecretBytes(alg)
    if (!Number.isInteger(size) || size < 1 || size > 1024) {
      throw new TokenError('TOKEN_KEY_OPTIONS_INVALID', `HMAC secret size must be 1..1024 bytes, got ${size}`)
    }
    const secret = crypto.getRandomValues(new Uint8Array(size))
    return makeStudioKey({ ...options, privateJwk: { kty: 'oct', k: encodeBase64url(secret) } })
  }
  const modulusLength = options.modulusLength ?? 2048
  if (![2048, 3072, 4096].includes(modulusLength)) {
    throw new TokenError('TOKEN_KEY_OPTIONS_INVALID', `RSA modulus must be 2048, 3072 or 4096 bits, got ${modulusLength}`)
  }
  const pair = await generateKeyPair(alg, { extractable: true, modulusLength })
  return makeStudioKey({ ...options, privateJwk: await exportJWK(pair.privateKey) })
}

const cache = new WeakMap<StudioKey, Map<string, Promise<CryptoKey | Uint8Array>>>()

/**
 * The WebCrypto key (or HMAC secret bytes) for signing or verifying with this
 * StudioKey under its own algorithm only. Cached per record.
 */
export function keyMaterial(key: StudioKey, use: 'sign' | 'verify'): Promise<CryptoKey | Uint8Array> {
  const jwk = use === 'sign' || key.kty === 'oct' ? key.privateJwk : key.publicJwk
  if (!jwk) {
    const code = use === 'sign' ? 'TOKEN_KEY_NO_PRIVATE_PART' : 'TOKEN_KEY_NO_PUBLIC_PART'
    return Promise.reject(new TokenError(code, `Key "${key.kid}" has no ${use === 'sign' ? 'private' : 'public'} part to ${use} with`))
  }
  const perKey = cache.get(key) ?? new Map<string, Promise<CryptoKey | Uint8Array>>()
  cache.set(key, perKey)
  let pending = perKey.get(use)
  if (!pending) {
    pending = importJWK(stripMetadata(jwk), key.alg).catch((error: unknown) => {
      perKey.delete(use)
      throw new TokenError('TOKEN_KEY_INVALID_JWK', `Key "${key.kid}" cannot be used for ${key.alg}: ${messageOf(error)}`, { cause: error })
    })
    perKey.set(use, pending)
  }
  return pending
}

/** Drops members WebCrypto would check against the usage (`use`, `key_ops`). */
function stripMetadata(jwk: JWK): JWK {
  const { use: _use, key_ops: _ops, ...rest } = jwk
  return rest
}

/** Byte length of an HMAC key's secret, or undefined for other keys. */
export function secretLength(key: StudioKey): number | undefined {
  const k = key.kty === 'oct' ? key.privateJwk?.k : undefined
  return typeof k === 'string' ? Math.floor((k.length * 3) / 4) : undefined
}
