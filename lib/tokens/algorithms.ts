/**
 * The JWS algorithms the studio signs and verifies (RFC 7518 section 3, RFC 8037).
 * `none` is deliberately absent: it is decoded and linted, never signed or accepted.
 */

export const SIGNING_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]
export type AlgorithmFamily = 'HMAC' | 'RSA' | 'RSA-PSS' | 'ECDSA' | 'EdDSA'
/** JWK `kty` values of the keys that fit a supported algorithm. */
export type KeyKind = 'oct' | 'RSA' | 'EC' | 'OKP'
export type CurveName = 'P-256' | 'P-384' | 'P-521' | 'Ed25519'

export interface AlgorithmInfo {
  readonly alg: SigningAlgorithm
  readonly family: AlgorithmFamily
  /** Size of the hash in bits (Ed25519 hashes with SHA-512 internally). */
  readonly hashBits: 256 | 384 | 512
  /** The key kind that fits; no other kind may ever verify this algorithm. */
  readonly kty: KeyKind
  /** The only curve that fits, for EC and OKP algorithms. */
  readonly crv?: CurveName
  readonly symmetric: boolean
}

function info(alg: SigningAlgorithm, family: AlgorithmFamily, hashBits: 256 | 384 | 512, kty: KeyKind, crv?: CurveName): AlgorithmInfo {
  return { alg, family, hashBits, kty, symmetric: kty === 'oct', ...(crv ? { crv } : {}) }
}

/** Facts per algorithm; ES512 uses P-521 (RFC 7518 3.4), not a "P-512". */
export const ALGORITHMS: Readonly<Record<SigningAlgorithm, AlgorithmInfo>> = {
  HS256: info('HS256', 'HMAC', 256, 'oct'),
  HS384: info('HS384', 'HMAC', 384, 'oct'),
  HS512: info('HS512', 'HMAC', 512, 'oct'),
  RS256: info('RS256', 'RSA', 256, 'RSA'),
  RS384: info('RS384', 'RSA', 384, 'RSA'),
  RS512: info('RS512', 'RSA', 512, 'RSA'),
  PS256: info('PS256', 'RSA-PSS', 256, 'RSA'),
  PS384: info('PS384', 'RSA-PSS', 384, 'RSA'),
  PS512: info('PS512', 'RSA-PSS', 512, 'RSA'),
  ES256: info('ES256', 'ECDSA', 256, 'EC', 'P-256'),
  ES384: info('ES384', 'ECDSA', 384, 'EC', 'P-384'),
  ES512: info('ES512', 'ECDSA', 512, 'EC', 'P-521'),
  EdDSA: info('EdDSA', 'EdDSA', 512, 'OKP', 'Ed25519'),
}

/** True for the supported algorithm names (exact casing, as JOSE requires). */
export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && Object.hasOwn(ALGORITHMS, value)
}

/** True for `none` in any casing: every such token is unsecured. */
export function isNoneAlgorithm(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'none'
}

/** True for the HMAC algorithms (shared-secret keys). */
export function isHmacAlgorithm(alg: SigningAlgorithm): boolean {
  return ALGORITHMS[alg].symmetric
}

/** Minimum HMAC secret length in bytes: the hash size (RFC 7518 3.2). */
export function minimumSecretBytes(alg: SigningAlgorithm): number {
  return ALGORITHMS[alg].hashBits / 8
}

/** Algorithms a key of this kind (and curve) can sign and verify. */
export function algorithmsForKey(kty: string, crv?: string): SigningAlgorithm[] {
  return SIGNING_ALGORITHMS.filter((alg) => {
    const entry = ALGORITHMS[alg]
    return entry.kty === kty && (entry.crv === undefined || entry.crv === crv)
  })
}
