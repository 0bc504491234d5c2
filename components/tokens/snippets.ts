/**
 * Copy-as-code snippets for a minted token. Each one, run in the same second
 * with the same key, produces exactly the token the page shows (header, claim
 * order, time claims); tests/unit/api/snippets-exact.test.ts runs them to prove it.
 * Secrets are never inlined: the snippets read them from environment variables.
 */
import type { Claims } from './claims-model'

/** A token the studio server signs with a workspace key (generic JWT, FluxStack session). */
export interface JoseSnippetInput {
  readonly profile: 'generic' | 'fluxstack'
  readonly claims: Claims
  readonly alg: string
  /** The workspace key's kid: the server always puts it in the header. */
  readonly kid: string
  readonly typ?: string
  /** A jose time span ('1h'); no exp when neither this nor expiresAt is set. */
  readonly expiresIn?: string
  /** Epoch seconds; wins over expiresIn. */
  readonly expiresAt?: number
  readonly notBeforeIn?: string
  readonly issuedAt: boolean
}

/** A token signed in the page as `@statebacked/token` signToken signs it. */
export interface StateBackedSnippetInput {
  readonly profile: 'statebacked'
  /** The end-user claims (signed inside `act`). */
  readonly claims: Claims
  /** The State Backed key id: not a secret, it travels in every token's header. */
  readonly keyId: string
  readonly expires: { readonly in: string } | { readonly at: number }
  /** Only when the user typed one; signToken's default otherwise. */
  readonly issuer?: string
}

export type SnippetInput = JoseSnippetInput | StateBackedSnippetInput

export type SnippetId = 'statebacked' | 'jose' | 'fluxstack'

/** The snippets that make (or use) this profile's token, the first one shown first. */
export function snippetsFor(profile: SnippetInput['profile']): readonly SnippetId[] {
  return profile === 'statebacked' ? ['statebacked', 'jose'] : ['jose', 'fluxstack']
}

const STATE_BACKED_AUDIENCE = 'https://api.statebacked.dev/'
const js = (value: unknown) => JSON.stringify(value)
const literal = (value: unknown) => JSON.stringify(value, null, 2)
const indent = (text: string, spaces: number) => text.replace(/\n/g, `\n${' '.repeat(spaces)}`)

/** jose in Node: the same header, claims and time claims, in the order the studio sets them. */
export function joseSnippet(input: SnippetInput): string {
  return input.profile === 'statebacked' ? joseStateBacked(input) : joseWorkspaceKey(input)
}

function joseWorkspaceKey(input: JoseSnippetInput): string {
  const symmetric = input.alg.startsWith('HS')
  const key = symmetric
    ? [`// The key's secret as a JWK (Tokens > Keys > ${input.kid} > Reveal secret… > Reveal private JWK).`, `const key = await importJWK(JSON.parse(process.env.JWT_PRIVATE_JWK), ${js(input.alg)})`]
    : [`// The key's private PEM (Tokens > Keys > ${input.kid} > Export private… > Reveal private PEM).`, `const key = await importPKCS8(process.env.JWT_PRIVATE_KEY_PEM, ${js(input.alg)})`]
  // The server's header: alg, then typ, then the key's kid.
  const header = { alg: input.alg, ...(input.typ ? { typ: input.typ } : {}), kid: input.kid }
  const calls = [
    `.setProtectedHeader(${js(header)})`,
    ...(input.issuedAt ? ['.setIssuedAt()'] : []),
    ...(input.notBeforeIn ? [`.setNotBefore(${js(input.notBeforeIn)})`] : []),
    ...(input.expiresAt !== undefined ? [`.setExpirationTime(${input.expiresAt})`] : input.expiresIn ? [`.setExpirationTime(${js(input.expiresIn)})`] : []),
    '.sign(key)',
  ]
  return [
    `import { SignJWT, ${symmetric ? 'importJWK' : 'importPKCS8'} } from 'jose'`,
    '',
    ...key,
    `const token = await new SignJWT(${literal(input.claims)})`,
    ...calls.map((call) => `  ${call}`),
  ].join('\n')
}

/** signToken's own chain written out with jose: `{ act }`, then aud, exp, iss, iat. */
function joseStateBacked(input: StateBackedSnippetInput): string {
  const issuer = input.issuer || `https://${input.keyId}.client.statebacked.dev/`
  const exp = 'at' in input.expires ? String(input.expires.at) : js(input.expires.in)
  return [
    "import { SignJWT } from 'jose'",
    '',
    '// The whole secret string as UTF-8 bytes, "sbsec_" prefix included, as signToken uses it.',
    'const key = new TextEncoder().encode(process.env.SB_SECRET_KEY)',
    `const token = await new SignJWT(${literal({ act: input.claims })})`,
    `  .setProtectedHeader(${js({ alg: 'HS256', kid: input.keyId })})`,
    `  .setAudience(${js(STATE_BACKED_AUDIENCE)})`,
    `  .setExpirationTime(${exp})`,
    `  .setIssuer(${js(issuer)})`,
    '  .setIssuedAt()',
    '  .sign(key)',
  ].join('\n')
}

/** `@statebacked/token` signToken with the same key id, end-user claims and options. */
export function stateBackedSnippet(input: StateBackedSnippetInput): string {
  const expires = 'at' in input.expires ? `{ at: ${input.expires.at} }` : `{ in: ${js(input.expires.in)} }`
  const options = `{ expires: ${expires}${input.issuer ? `, issuer: ${js(input.issuer)}` : ''} }`
  return [
    "import { signToken } from '@statebacked/token'",
    '',
    'const token = await signToken(',
    `  { stateBackedKeyId: ${js(input.keyId)}, stateBackedSecretKey: process.env.SB_SECRET_KEY },`,
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

/** The code of one snippet tab. */
export function snippetCode(id: SnippetId, input: SnippetInput): string {
  if (id === 'fluxstack') return fluxstackSnippet()
  if (id === 'jose') return joseSnippet(input)
  if (input.profile !== 'statebacked') throw new Error('signToken makes State Backed tokens only')
  return stateBackedSnippet(input)
}
