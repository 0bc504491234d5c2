/**
 * Copy-as-code snippets for a minted token. Secrets are never inlined: the
 * snippets read them from environment variables.
 */
import type { Claims } from './claims-model'

export interface SnippetInput {
  readonly claims: Claims
  readonly alg: string
  readonly kid?: string
  readonly typ?: string
  /** A jose time span ('1h') or undefined for no exp. */
  readonly expiresIn?: string
  /** Epoch seconds; wins over expiresIn. */
  readonly expiresAt?: number
  readonly notBeforeIn?: string
  readonly issuedAt: boolean
  /** State Backed profile only. */
  readonly issuer?: string
}

const indent = (text: string, spaces: number) => text.replace(/\n/g, `\n${' '.repeat(spaces)}`)
const literal = (claims: Claims) => indent(JSON.stringify(claims, null, 2), 0)

/** jose in Node: import the key from an env var and sign the same claims. */
export function joseSnippet(input: SnippetInput): string {
  const symmetric = input.alg.startsWith('HS')
  const key = symmetric
    ? "const key = new TextEncoder().encode(process.env.JWT_SECRET) // or importJWK(JSON.parse(process.env.JWT_JWK), alg)"
    : `const key = await importPKCS8(process.env.JWT_PRIVATE_KEY_PEM, '${input.alg}')`
  const header = { alg: input.alg, ...(input.typ ? { typ: input.typ } : {}), ...(input.kid ? { kid: input.kid } : {}) }
  const calls = [
    `.setProtectedHeader(${JSON.stringify(header)})`,
    ...(input.issuedAt ? ['.setIssuedAt()'] : []),
    ...(input.notBeforeIn ? [`.setNotBefore('${input.notBeforeIn}')`] : []),
    ...(input.expiresAt !== undefined ? [`.setExpirationTime(${input.expiresAt})`] : input.expiresIn ? [`.setExpirationTime('${input.expiresIn}')`] : []),
    '.sign(key)',
  ]
  return [
    `import { SignJWT${symmetric ? '' : ', importPKCS8'} } from 'jose'`,
    '',
    key,
    `const token = await new SignJWT(${literal(input.claims)})`,
    ...calls.map((call) => `  ${call}`),
  ].join('\n')
}

/** `@statebacked/token` signToken with the same end-user claims. */
export function stateBackedSnippet(input: SnippetInput): string {
  const expires = input.expiresAt !== undefined ? `{ at: ${input.expiresAt} }` : `{ in: '${input.expiresIn ?? '7d'}' }`
  const options = `{ expires: ${expires}${input.issuer ? `, issuer: ${JSON.stringify(input.issuer)}` : ''} }`
  return [
    "import { signToken } from '@statebacked/token'",
    '',
    'const token = await signToken(',
    '  { stateBackedKeyId: process.env.SB_KEY_ID, stateBackedSecretKey: process.env.SB_SECRET_KEY },',
    `  ${indent(literal(input.claims), 2)},`,
    `  ${options},`,
    ')',
  ].join('\n')
}

/** The FluxStack Live client: hand the token to the live connection. */
export function fluxstackSnippet(): string {
  return [
    "import { useLiveComponents } from '@fluxstack/live-react'",
    '',
    'const { authenticate } = useLiveComponents()',
    'const ok = await authenticate({ token }) // token: the JWT minted above',
  ].join('\n')
}
