/**
 * Secrets kept out of what the decision log stores (action payloads, traces):
 * values under secret-named keys, and secret-shaped text anywhere in a string
 * (JWTs, `Bearer` / `Basic` credentials, private-key blocks, secret URL
 * parameters). Pure and import-free: the decision-writer thread is plain
 * JavaScript evaluated from a string, so every rule lives in one
 * self-contained factory whose text it embeds (`REDACTION_SOURCE`), and this
 * module exports the very same functions to everything else.
 */

export interface RedactionContext {
  /** The key `value` sits under (a PROPERTY_UPDATE's property name): a secret one redacts the whole value. */
  readonly keyHint?: string
  /** Only secret-shaped strings are redacted; key names are not looked at (for traces, whose keys are the studio's). */
  readonly valuesOnly?: boolean
}

export interface RedactionResult {
  readonly value: unknown
  /** True when `value` is not the input (something was cut); an unchanged input is returned as is. */
  readonly redacted: boolean
}

interface Redaction {
  mayRedactJsonValues(json: string): boolean
  normalizeKeyName(key: string): string
  isSecretKey(key: string): boolean
  redactValue(value: unknown, context?: RedactionContext): RedactionResult
  redactPayload(payload: unknown, action?: string | null): RedactionResult
}

// Everything the rules use is inside this function (outside it: language
// built-ins only), so its source text runs as is in the writer thread. It is
// long for that reason; each inner function is one rule.
function createRedaction(): Redaction {
  const REDACTED = '[redacted]'
  const MAX_DEPTH = 64
  const MAX_JSON_IN_STRING = 100_000
  const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu
  const MARKS = /\p{M}/gu
  const NOT_ALNUM = /[^\p{L}\p{N}]+/gu
  // Cyrillic and Greek letters drawn like Latin ones (NFKC leaves them alone).
  const LOOKALIKES: Readonly<Record<string, string>> = {
    а: 'a', в: 'b', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ѕ: 's', ј: 'j', ԁ: 'd', к: 'k', м: 'm', т: 't', ԛ: 'q', ԝ: 'w',
    α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  }
  const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu')
  // Matched inside the key with separators dropped: `client_secret`, `X-Auth-Token`, `aws_secret_access_key`.
  const FRAGMENTS = [
    'password', 'passwd', 'passwort', 'passphrase', 'passcode', 'secret', 'token', 'credential', 'authorization', 'cookie',
    'apikey', 'accesskey', 'privatekey', 'privkey', 'signingkey', 'clientkey', 'sessionkey', 'encryptionkey', 'masterkey',
    'creditcard', 'cardnum', 'ccnum', 'cardverification', 'securitycode', 'socialsecurity',
  ]
  // Short names matched as a whole word of the key (`card_cvv`, `userSSN`), never inside one (`classname`).
  const ANY_WORDS = new Set(['pwd', 'pswd', 'ssn', 'cvv', 'cvc', 'cvn', 'iban'])
  // Ambiguous names matched as the whole key or its last word (`db_pass`, `userPin`), not `passThrough` or `sessionCount`.
  const LAST_WORDS = new Set(['pass', 'pw', 'pin', 'otp', 'totp', 'hotp', 'mfa', 'session', 'sessions', 'auth', 'jwt', 'bearer'])
  // Trailing words that do not change what a key holds: `pinCode`, `passConfirm`, `otp_value`, `pass2`.
  const QUALIFIERS = new Set(['code', 'codes', 'number', 'num', 'no', 'nr', 'value', 'val', 'hash', 'hashed', 'digits', 'str', 'string', 'text', 'input', 'field', 'confirm', 'confirmation', 'again', 'repeat', 'old', 'new', 'current', 'plain', 'raw', 'header', 'data'])
  const known = new Map<string, boolean>()

  function clean(key: string): string {
    return key.normalize('NFKC').replace(IGNORABLE, '').normalize('NFD').replace(MARKS, '')
  }
  function fold(text: string): string {
    return text.toLowerCase().replace(LOOKALIKE, (c) => LOOKALIKES[c] ?? c)
  }
  function normalizeKeyName(key: string): string {
    return fold(clean(key)).replace(NOT_ALNUM, '')
  }
  function keyWords(key: string): string[] {
    const split = clean(key).replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2').replace(/(\p{L})(\p{N})/gu, '$1 $2')
    return fold(split).split(NOT_ALNUM).filter((w) => w !== '')
  }
  function secretByWords(joined: string, words: string[]): boolean {
    if (LAST_WORDS.has(joined) || ANY_WORDS.has(joined) || words.some((w) => ANY_WORDS.has(w))) return true
    let end = words.length
    while (end > 1 && (QUALIFIERS.has(words[end - 1] ?? '') || /^\d+$/.test(words[end - 1] ?? ''))) end--
    return LAST_WORDS.has(words[end - 1] ?? '')
  }
  function isSecretKey(key: string): boolean {
    const cached = known.get(key)
    if (cached !== undefined) return cached
    const joined = normalizeKeyName(key)
    const secret = FRAGMENTS.some((f) => joined.includes(f)) || secretByWords(joined, keyWords(key))
    if (known.size >= 2000) known.clear()
    known.set(key, secret)
    return secret
  }

  // PEM-style armour: private keys of any type (`RSA`, `EC`, `OPENSSH`, `ENCRYPTED`, `PGP ... BLOCK`) and other secret keys;
  // public keys and certificates stay. A block without its END line is cut to the end of the text.
  const ARMOUR = /-{4,5} ?(BEGIN|END) ([^\r\n-]{1,80}?) ?-{4,5}/g
  function isSecretLabel(label: string): boolean {
    const l = label.toUpperCase()
    return /PRIVATE|SECRET/.test(l) || (/\bKEY\b/.test(l) && !/PUBLIC/.test(l))
  }
  function redactArmour(text: string): string {
    let out = ''
    let from = 0
    let open: string | undefined
    ARMOUR.lastIndex = 0
    for (let m = ARMOUR.exec(text); m !== null; m = ARMOUR.exec(text)) {
      if (open === undefined && m[1] === 'BEGIN' && isSecretLabel(m[2] ?? '')) {
        out += `${text.slice(from, m.index)}[redacted: private key]`
        open = m[2]
      } else if (open !== undefined && m[1] === 'END' && m[2] === open) {
        from = ARMOUR.lastIndex
        open = undefined
      }
    }
    return open !== undefined ? out : out + text.slice(from)
  }
  // `Bearer <anything>`; in other spellings (`bearer`) only a token-like credential, so prose like "the bearer of" stays.
  const BEARER = /\b(bearer)[ \t]+([^\s"'<>,;]+)/gi
  const TOKEN_LIKE = /^(?=.*[\d+/=_.~-]).{8,}$/
  function redactBearer(all: string, scheme: string, credential: string): string {
    if (credential.startsWith('[redacted')) return all
    return scheme === 'Bearer' || scheme === 'BEARER' || TOKEN_LIKE.test(credential) ? '[redacted: bearer]' : all
  }
  // `Basic <base64 of user:password>`: only when it decodes to something with a colon, so "Basic usage" stays.
  const BASIC = /\b(basic)[ \t]+([A-Za-z0-9+/]{4,}={0,2})(?![\w+/=-])/gi
  function redactBasic(all: string, _scheme: string, credential: string): string {
    if (credential.length % 4 !== 0) return all
    try {
      return atob(credential).includes(':') ? '[redacted: basic]' : all
    } catch {
      return all
    }
  }
  // JWS (three segments, the signature may be empty) and JWE (five): a base64url JSON header starts with `eyJ`.
  const JWT = /eyJ[\w-]{4,}\.[\w-]*\.[\w-]*(?:\.[\w-]+){0,2}/g
  // `?access_token=...`, `&password=...`, `client_secret=...` in URLs, form bodies and log lines.
  const PARAM = /(^|[?&;#\s])([\w.%[\]-]{1,64})=([^\s&#;"'<>]+)/g
  const PLAIN = /^(?:-?\d+(?:\.\d+)?|true|false|null|\[redacted.*)$/
  function redactParam(all: string, before: string, name: string, value: string): string {
    let key = name
    try {
      key = decodeURIComponent(name.replace(/\+/g, ' '))
    } catch {
      // a malformed escape: match the name as written
    }
    return isSecretKey(key) && !PLAIN.test(value) ? `${before}${name}=${REDACTED}` : all
  }
  const MAYBE_SECRET = /eyJ|-{4}|bearer|basic|=/i
  // A JSON text none of whose strings (keys included) has a MAYBE_SECRET shape, nested less than MAX_DEPTH
  // deep (fewer brackets than that), is returned unchanged by the values-only rules: no walk needed.
  function mayRedactJsonValues(json: string): boolean {
    if (MAYBE_SECRET.test(json)) return true
    let brackets = 0
    for (let i = 0; i < json.length; i++) {
      const c = json.charCodeAt(i)
      if ((c === 91 || c === 123) && ++brackets >= MAX_DEPTH) return true
    }
    return false
  }
  function redactString(text: string): string {
    if (!MAYBE_SECRET.test(text)) return text
    return redactArmour(text).replace(BEARER, redactBearer).replace(BASIC, redactBasic).replace(JWT, '[redacted: token]').replace(PARAM, redactParam)
  }

  interface Walk {
    readonly valuesOnly: boolean
    readonly stack: Set<object>
  }
  function concealable(v: unknown): boolean {
    return v !== null && v !== undefined && v !== '' && typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'bigint'
  }
  // A string holding JSON (`'{"password":"x"}'`) is redacted as that JSON and written back.
  function redactText(text: string, depth: number, walk: Walk): string {
    if (text.length <= MAX_JSON_IN_STRING && /^\s*[[{]/.test(text)) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return redactString(text)
      }
      const safe = redactAny(parsed, depth + 1, false, walk)
      return Object.is(safe, parsed) ? text : JSON.stringify(safe)
    }
    return redactString(text)
  }
  function redactArray(v: readonly unknown[], depth: number, walk: Walk): readonly unknown[] {
    let changed = false
    const out = v.map((x) => {
      const safe = redactAny(x, depth + 1, false, walk)
      if (!Object.is(safe, x)) changed = true
      return safe
    })
    return changed ? out : v
  }
  function redactObject(v: object, depth: number, walk: Walk): object {
    let changed = false
    const used = new Set<string>()
    const entries: [string, unknown][] = []
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key]
      const safe = redactAny(x, depth + 1, !walk.valuesOnly && isSecretKey(key), walk)
      // A key can be a secret too (a map of tokens); two keys redacted alike stay apart.
      const safeKey = redactString(key)
      let name = safeKey
      for (let n = 2; used.has(name); n++) name = `${safeKey} (${n})`
      used.add(name)
      if (name !== key || !Object.is(safe, x)) changed = true
      entries.push([name, safe])
    }
    // fromEntries defines own properties, so a '__proto__' key stays data.
    return changed ? Object.fromEntries(entries) : v
  }
  function redactAny(v: unknown, depth: number, secretKey: boolean, walk: Walk): unknown {
    if (secretKey && concealable(v)) return REDACTED
    if (typeof v === 'string') return redactText(v, depth, walk)
    if (v === null || typeof v !== 'object') return v
    if (depth >= MAX_DEPTH) return '[redacted: too deep]'
    if (walk.stack.has(v)) return '[Circular]'
    walk.stack.add(v)
    try {
      return Array.isArray(v) ? redactArray(v, depth, walk) : redactObject(v, depth, walk)
    } finally {
      walk.stack.delete(v)
    }
  }
  function redactValue(value: unknown, context: RedactionContext = {}): RedactionResult {
    const secretKey = typeof context.keyHint === 'string' && isSecretKey(context.keyHint)
    const safe = redactAny(value, 0, secretKey, { valuesOnly: context.valuesOnly === true, stack: new Set() })
    return { value: safe, redacted: !Object.is(safe, value) }
  }
  // A PROPERTY_UPDATE is logged as action `property:<name>`, payload `{ value }`: the property name is the key of `value`.
  function redactPayload(payload: unknown, action?: string | null): RedactionResult {
    const whole = redactValue(payload)
    const property = typeof action === 'string' && action.startsWith('property:') ? action.slice('property:'.length) : undefined
    const isRecord = typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    if (property === undefined || !isRecord || !Object.prototype.hasOwnProperty.call(payload, 'value') || !isSecretKey(property)) return whole
    const original = (payload as Record<string, unknown>).value
    const value = redactValue(original, { keyHint: property }).value
    if (Object.is(value, original)) return whole
    const entries = Object.entries(whole.value as object).map(([k, x]) => [k, k === 'value' ? value : x])
    return { value: Object.fromEntries(entries), redacted: true }
  }

  return { normalizeKeyName, isSecretKey, redactValue, redactPayload, mayRedactJsonValues }
}

const rules = createRedaction()

/**
 * A key name as the secret-key rules see it: NFKC, default-ignorable
 * characters (zero-width spaces, joiners, BOM) and combining marks removed,
 * Cyrillic/Greek look-alikes mapped to Latin, lowercase, separators dropped.
 * @example normalizeKeyName('Ｐａｓｓ_\u200BWord') // 'password'
 */
export function normalizeKeyName(key: string): string {
  return rules.normalizeKeyName(key)
}

/**
 * Whether values under `key` are secrets (`password`, `pwd`, `client_secret`, `cardNumber`, `session`...),
 * look-alike spellings included; `passengers`, `compass`, `sessionId` are not.
 * @example isSecretKey('refresh_token') // true
 */
export function isSecretKey(key: string): boolean {
  return rules.isSecretKey(key)
}

/**
 * `value` with secrets replaced: a value under a secret key becomes `[redacted]` (numbers, booleans, null
 * and '' stay), secret-shaped parts of any string become `[redacted: token|bearer|basic|private key]`.
 * Nesting beyond 64 levels is cut, cycles become `[Circular]`.
 * @example redactValue({ note: 'Authorization: Bearer abc' }) // { value: { note: 'Authorization: [redacted: bearer]' }, redacted: true }
 */
export function redactValue(value: unknown, context?: RedactionContext): RedactionResult {
  return rules.redactValue(value, context)
}

/**
 * A logged decision's payload redacted; for a `property:<name>` action the
 * property name counts as the key of the payload's `value`.
 * @example redactPayload({ value: 'hunter2' }, 'property:password') // { value: { value: '[redacted]' }, redacted: true }
 */
export function redactPayload(payload: unknown, action?: string | null): RedactionResult {
  return rules.redactPayload(payload, action)
}

/**
 * False when `redactValue(JSON.parse(json), { valuesOnly: true })` is sure to return the value unchanged
 * (no string in the text has a secret's shape, and it is not nested deep enough to be cut), so a
 * writer can store `json` as is without walking it. True means "walk it".
 * @example mayRedactJsonValues('[{"layer":"auth","outcome":"pass"}]') // false
 */
export function mayRedactJsonValues(json: string): boolean {
  return rules.mayRedactJsonValues(json)
}

/**
 * JavaScript that defines `REDACTION` (the functions above) where this module
 * cannot be imported (the decision-writer thread). tsx compiles with esbuild's
 * `keepNames`, whose output calls a `__name` helper the thread lacks: the
 * wrapper supplies a no-op one.
 */
export const REDACTION_SOURCE = `const REDACTION = (function (__name) { return (${createRedaction.toString()})() })(function (f) { return f })`
