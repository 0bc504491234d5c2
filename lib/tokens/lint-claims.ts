/**
 * Finds secret- or PII-looking claims anywhere in a payload (claims are only
 * base64url-encoded: anyone holding the token can read them).
 */

export interface ClaimFinding {
  readonly kind: 'secret' | 'pii'
  /** Dotted path of the claim, e.g. "act.password". */
  readonly path: string
  readonly why: string
}

const SECRET_NAMES = new Set(['pwd', 'apikey', 'privatekey', 'clientsecret', 'accesstoken', 'refreshtoken', 'sessiontoken', 'secretkey'])
const PII_NAMES = new Set(['ssn', 'socialsecuritynumber', 'creditcard', 'creditcardnumber', 'cardnumber', 'ccnumber', 'cvv', 'cvc', 'iban', 'taxid', 'passport', 'passportnumber'])
const SECRET_VALUES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}$/, 'a Stripe-style secret key'],
  [/^AKIA[0-9A-Z]{16}$/, 'an AWS access key id'],
  [/^gh[pousr]_[A-Za-z0-9]{30,}$/, 'a GitHub token'],
  [/^xox[abprs]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
  [/^sbsec_[A-Za-z0-9_-]+$/, 'a State Backed secret key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key'],
]
const SSN = /^\d{3}-\d{2}-\d{4}$/
const CARD = /^\d(?:[ -]?\d){12,18}$/
const MAX_DEPTH = 8
const MAX_NODES = 2000

/** Luhn checksum (ISO/IEC 7812) used by payment card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits.charAt(digits.length - 1 - index))
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return digits.length > 0 && sum % 10 === 0
}

function byName(name: string): Omit<ClaimFinding, 'path'> | undefined {
  const normalized = name.toLowerCase().replace(/[_\-\s.]/g, '')
  if (normalized.includes('password') || normalized.includes('passwd') || normalized.includes('secret') || SECRET_NAMES.has(normalized)) {
    return { kind: 'secret', why: 'its name suggests a secret' }
  }
  if (PII_NAMES.has(normalized)) return { kind: 'pii', why: 'its name suggests personal or payment data' }
  return undefined
}

function byValue(value: string): Omit<ClaimFinding, 'path'> | undefined {
  for (const [pattern, what] of SECRET_VALUES) if (pattern.test(value)) return { kind: 'secret', why: `its value looks like ${what}` }
  if (SSN.test(value)) return { kind: 'pii', why: 'its value looks like a US social security number' }
  if (CARD.test(value) && luhnValid(value.replace(/[ -]/g, ''))) return { kind: 'pii', why: 'its value looks like a payment card number (Luhn-valid)' }
  return undefined
}

/**
 * Walks own properties (bounded depth and size) and reports suspicious claims;
 * names in `sensitive` (e.g. "email") are reported wherever they appear.
 */
export function findSensitiveClaims(payload: Readonly<Record<string, unknown>>, sensitive: readonly string[] = []): ClaimFinding[] {
  const findings: ClaimFinding[] = []
  const marked = new Set(sensitive.map((name) => name.toLowerCase()))
  let nodes = 0
  const visit = (value: unknown, path: string, name: string, depth: number): void => {
    if (++nodes > MAX_NODES) return
    const hit = (name && byName(name)) || (typeof value === 'string' ? byValue(value) : undefined)
    if (hit) findings.push({ ...hit, path })
    else if (name && marked.has(name.toLowerCase())) findings.push({ kind: 'pii', path, why: 'it is marked sensitive' })
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key]
      visit(child, path ? `${path}.${key}` : key, Array.isArray(value) ? '' : key, depth + 1)
    }
  }
  visit(payload, '', '', 0)
  return findings
}
