import { execFileSync } from 'node:child_process'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { redactDecisionText } from '@/lib/store/decision-text-redaction'
import { isSecretKey, normalizeKeyName, REDACTION_SOURCE, redactPayload, redactValue, type RedactionContext, type RedactionResult } from '@/lib/store/redaction'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LWZyZWUifQ.c2lnbmF0dXJlLWJ5dGVz'
const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYtYnl0ZXM.Y2lwaGVydGV4dA.dGFnLWJ5dGVz'
const pem = (label: string, body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7') => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`

describe('normalizeKeyName', () => {
  it.each<[string, string]>([
    ['password', 'password'],
    ['Pass_Word', 'password'],
    ['pass-word.x y', 'passwordxy'],
    ['pass\u200Bword', 'password'],
    ['\uFEFFpa\u200Css\u200Dwo\u2060rd\u00AD', 'password'],
    ['ｐａｓｓｗｏｒｄ', 'password'],
    ['ＰＡＳＳ＿ＷＯＲＤ', 'password'],
    ['𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝', 'password'],
    ['𝔰𝔢𝔰𝔰𝔦𝔬𝔫', 'session'],
    ['ⓣⓞⓚⓔⓝ', 'token'],
    ['maﬆer_key', 'masterkey'],
    ['ſecret', 'secret'],
    ['pa\u0301ssword', 'password'],
    ['раssword', 'password'],
    ['τοken', 'token'],
  ])('%j -> %j', (key, normalized) => {
    expect(normalizeKeyName(key)).toBe(normalized)
  })
})

describe('isSecretKey', () => {
  it.each([
    'password', 'PASSWORD', 'passwd', 'passwordConfirm', 'new_password', 'pwd', 'pass', 'db_pass', 'passConfirm', 'pass2', 'passphrase', 'passcode',
    'session', 'userSession', 'sessionData', 'ssn', 'userSSN', 'social_security_number', 'creditCard', 'credit-card', 'cardNumber', 'card_number', 'ccNumber',
    'cvv', 'cvv2', 'card_cvv', 'cvc', 'iban', 'privateKey', 'private_key', 'clientSecret', 'client_secret', 'refreshToken', 'access_token', 'X-Auth-Token',
    'otp', 'otpCode', 'pin', 'userPin', 'pinCode', 'apiKey', 'x-api-key', 'secretKey', 'aws_secret_access_key', 'signingKey', 'masterKey', 'sessionKey',
    'authorization', 'Proxy-Authorization', 'auth', 'basicAuth', 'authHeader', 'cookie', 'Set-Cookie', 'credentials', 'jwt', 'bearer', 'mfaCode',
    // zero-width, NFKC and look-alike spellings
    'pass\u200Bword', 'p\u200Dwd', '\uFEFFsession', 'ss\u2060n', 'ｐａｓｓｗｏｒｄ', 'ＰＷＤ', '𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝', '𝓈𝑒𝒸𝓇𝑒𝓉', '𝔰𝔢𝔰𝔰𝔦𝔬𝔫', 'ⓣⓞⓚⓔⓝ', 'maﬆerKey', 'clientſecret',
    'раssword', 'τοken', 'pa\u0301ss', 'p_a_s_s', 'P.W.D', 'c v v',
  ])('%j is secret', (key) => {
    expect(isSecretKey(key)).toBe(true)
  })

  it.each([
    'passengers', 'passenger_count', 'compass', 'encompass', 'bypass', 'passThrough', 'passport', 'passage', 'sessionId', 'session_count', 'sessionTimeout',
    'className', 'classname', 'businessName', 'spin', 'pinned', 'happiness', 'opinion', 'options', 'authorizedBy', 'author', 'authority', 'authType', 'oauthProvider',
    'keyboard', 'monkey', 'key', 'publicKey', 'public_key', 'email', 'userId', 'value', 'id', 'note', 'cardholder', 'description',
  ])('%j is not secret', (key) => {
    expect(isSecretKey(key)).toBe(false)
  })
})

type Case = [name: string, input: unknown, expected: unknown, context?: RedactionContext]

const CASES: Case[] = [
  // values under secret keys
  ['every secret key named in the issue', { pwd: 'a1', pass: 'b2', passphrase: 'c3 d4', session: { id: 'u-1', roles: ['x'] }, ssn: '078-05-1120', creditCard: '4111 1111 1111 1111', cvv: '123' },
    { pwd: '[redacted]', pass: '[redacted]', passphrase: '[redacted]', session: '[redacted]', ssn: '[redacted]', creditCard: '[redacted]', cvv: '[redacted]' }],
  ['numbers, booleans, null and "" under secret keys stay', { tokenCount: 3, session_count: 4, pin: 1234, cvvEnabled: true, password: null, secret: '' },
    { tokenCount: 3, session_count: 4, pin: 1234, cvvEnabled: true, password: null, secret: '' }],
  ['false positives stay', { passengers: ['ann'], compass: 'north', sessionId: 'u-free', className: 'big', passThrough: 'yes' },
    { passengers: ['ann'], compass: 'north', sessionId: 'u-free', className: 'big', passThrough: 'yes' }],
  ['zero-width and look-alike keys', { 'pass\u200Bword': 'z1', 'ｐａｓｓｗｏｒｄ': 'z2', '𝐜𝐯𝐯': 'z3', '\uFEFFotp': 'z4', 'раss': 'z5' },
    { 'pass\u200Bword': '[redacted]', 'ｐａｓｓｗｏｒｄ': '[redacted]', '𝐜𝐯𝐯': '[redacted]', '\uFEFFotp': '[redacted]', 'раss': '[redacted]' }],
  ['nested arrays and objects', { users: [{ name: 'a', credentials: { user: 'a', pw: 'x' } }, [[{ apiKey: 'k' }]]], ok: [1, 'two'] },
    { users: [{ name: 'a', credentials: '[redacted]' }, [[{ apiKey: '[redacted]' }]]], ok: [1, 'two'] }],
  // secret-shaped strings anywhere
  ['a bare JWT', JWT, '[redacted: token]'],
  ['a JWT inside a sentence', `sent ${JWT}. Then more`, 'sent [redacted: token]. Then more'],
  ['a JWE (five segments)', `t=${JWE}`, 't=[redacted: token]'],
  ['Bearer with a non-JWT credential', 'Authorization: Bearer xxx', 'Authorization: [redacted: bearer]'],
  ['Bearer with a JWT', `Bearer ${JWT}`, '[redacted: bearer]'],
  ['lowercase bearer with a token-like credential', 'curl -H "authorization: bearer sk_live_51abc"', 'curl -H "authorization: [redacted: bearer]"'],
  ['"bearer" in prose stays', 'the bearer of bad news', 'the bearer of bad news'],
  ['Basic credentials', 'Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: [redacted: basic]'],
  ['"Basic" in prose stays', 'Basic usage and basic auth', 'Basic usage and basic auth'],
  ['an RSA private key inside a longer string', `key: ${pem('RSA PRIVATE KEY')} (old)`, 'key: [redacted: private key] (old)'],
  ['a PKCS#8 private key', pem('PRIVATE KEY'), '[redacted: private key]'],
  ['an encrypted private key', pem('ENCRYPTED PRIVATE KEY'), '[redacted: private key]'],
  ['EC, OpenSSH and PGP private keys', [pem('EC PRIVATE KEY'), pem('OPENSSH PRIVATE KEY'), pem('PGP PRIVATE KEY BLOCK')], ['[redacted: private key]', '[redacted: private key]', '[redacted: private key]']],
  ['a private key with escaped newlines', '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n', '[redacted: private key]\\n'],
  ['a private key without its END line', 'start -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0', 'start [redacted: private key]'],
  ['other secret key armour', pem('OpenVPN Static key V1', 'e5f2c1'), '[redacted: private key]'],
  ['public keys and certificates stay', [pem('PUBLIC KEY'), pem('CERTIFICATE')], [pem('PUBLIC KEY'), pem('CERTIFICATE')]],
  ['secret URL and form parameters', 'https://app/cb?code=1&access_token=abc123&state=s#id_token=xyz', 'https://app/cb?code=1&access_token=[redacted]&state=s#id_token=[redacted]'],
  ['a form body; numeric secret parameters stay', 'user=ann&password=hunter2&tokenCount=3', 'user=ann&password=[redacted]&tokenCount=3'],
  ['JSON held in a string', '{"user":"ann","password":"hunter2","n":1}', '{"user":"ann","password":"[redacted]","n":1}'],
  ['a secret used as a key', { grants: { [JWT]: { scope: 'a' }, other: 1 } }, { grants: { '[redacted: token]': { scope: 'a' }, other: 1 } }],
  // context
  ['keyHint redacts the whole value', { nested: 'value' }, '[redacted]', { keyHint: 'password' }],
  ['a look-alike keyHint', 'hunter2', '[redacted]', { keyHint: 'ｐａｓｓ\u200B' }],
  ['a harmless keyHint changes nothing', 'blue', 'blue', { keyHint: 'color' }],
  ['valuesOnly ignores key names', { password: 'x', note: 'Bearer abc' }, { password: 'x', note: '[redacted: bearer]' }, { valuesOnly: true }],
]

function deep(levels: number, leaf: unknown): unknown {
  let v = leaf
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? { child: v } : [v]
  return v
}

describe('redactValue', () => {
  it.each(CASES)('%s', (_name, input, expected, context) => {
    const result = redactValue(input, context)
    expect(result.value).toEqual(expected)
    expect(result.redacted).toBe(JSON.stringify(expected) !== JSON.stringify(input))
  })

  it('returns an input with nothing secret as is, and redacts idempotently', () => {
    const clean = { a: [1, { b: 'c' }], n: null }
    expect(redactValue(clean)).toEqual({ value: clean, redacted: false })
    expect(redactValue(clean).value).toBe(clean)
    const once = redactValue({ password: 'x', note: `Bearer ${JWT}` }).value
    expect(redactValue(once)).toEqual({ value: once, redacted: false })
  })

  it('keeps a __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__":{"password":"x"},"y":1}') as unknown
    const { value } = redactValue(input)
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(JSON.stringify(value)).toBe('{"__proto__":{"password":"[redacted]"},"y":1}')
  })

  it('cuts nesting deeper than 64 levels instead of walking it (the secret below is gone)', () => {
    const { value, redacted } = redactValue(deep(200, { note: 'nothing', password: 'deep-secret' }))
    expect(redacted).toBe(true)
    expect(JSON.stringify(value)).toContain('[redacted: too deep]')
    expect(JSON.stringify(value)).not.toContain('deep-secret')
    expect(redactValue(deep(30, { ok: 1 })).redacted).toBe(false)
  })

  it('replaces cycles with [Circular] and walks shared (non-cyclic) objects twice', () => {
    const a: Record<string, unknown> = { password: 'x' }
    a.self = a
    const shared = { note: 'fine' }
    const { value } = redactValue({ a, left: shared, right: shared })
    expect(value).toEqual({ a: { password: '[redacted]', self: '[Circular]' }, left: { note: 'fine' }, right: { note: 'fine' } })
  })
})

describe('redactPayload', () => {
  it.each<[string, unknown, string | undefined, unknown]>([
    ['a PROPERTY_UPDATE of password', { value: 'hunter2' }, 'property:password', { value: '[redacted]' }],
    ['a PROPERTY_UPDATE of a look-alike secret property', { value: { nested: 1 } }, 'property:ｓｅｃｒｅｔ', { value: '[redacted]' }],
    ['a PROPERTY_UPDATE of a number under a secret property', { value: 1234 }, 'property:pin', { value: 1234 }],
    ['a PROPERTY_UPDATE of a harmless property', { value: 'blue' }, 'property:color', { value: 'blue' }],
    ['a harmless property still gets string rules', { value: `Bearer ${JWT}` }, 'property:note', { value: '[redacted: bearer]' }],
    ['an action whose name is not a property', { value: 'hunter2' }, 'password', { value: 'hunter2' }],
    ['no action', { password: 'x' }, undefined, { password: '[redacted]' }],
  ])('%s', (_name, payload, action, expected) => {
    const result = redactPayload(payload, action)
    expect(result.value).toEqual(expected)
    expect(result.redacted).toBe(JSON.stringify(expected) !== JSON.stringify(payload))
  })
})

describe('redactDecisionText', () => {
  it('cuts secret-shaped text from reason, component, action and warnings; keeps everything else', () => {
    const input = { at: 1, verdict: 'deny', action: `Bearer opaque-1`, component: `C ${JWT}`, reason: "Action 'Bearer opaque-1' is not callable", warnings: ['plain', pem('PRIVATE KEY')], trace: [] }
    expect(redactDecisionText(input)).toEqual({
      at: 1, verdict: 'deny', action: '[redacted: bearer]', component: 'C [redacted: token]', reason: "Action '[redacted: bearer]' is not callable",
      warnings: ['plain', '[redacted: private key]'], trace: [],
    })
  })

  it('returns the very input when nothing is secret (no copy on the hot path)', () => {
    const input = { action: 'deleteUser', reason: "Insufficient roles for action 'deleteUser'", warnings: ['Library sharp edge (provider-truthy): x'] }
    expect(redactDecisionText(input)).toBe(input)
    const bare: { at: number; reason?: string } = { at: 1 }
    expect(redactDecisionText(bare)).toBe(bare)
  })
})

interface Evaluated {
  redactValue(value: unknown, context?: RedactionContext): RedactionResult
  redactPayload(payload: unknown, action?: string): RedactionResult
}

describe('REDACTION_SOURCE (what the writer thread runs)', () => {
  it('defines the same rules in a bare context', () => {
    const bare = vm.runInContext(`${REDACTION_SOURCE}; REDACTION`, vm.createContext({ atob })) as Evaluated
    for (const [, input, expected, context] of CASES) expect(JSON.stringify(bare.redactValue(input, context).value)).toBe(JSON.stringify(expected))
    expect(bare.redactPayload({ value: 'hunter2' }, 'property:password').value).toEqual({ value: '[redacted]' })
  })

  // The server runs under tsx (esbuild with keepNames, which adds `__name` calls to the function's text).
  it('runs when compiled by tsx', () => {
    const script = `const vm = require('node:vm'); const { REDACTION_SOURCE } = require('./lib/store/redaction.ts');
      const r = vm.runInContext(REDACTION_SOURCE + '; REDACTION', vm.createContext({ atob }));
      process.stdout.write(JSON.stringify(r.redactPayload({ value: 'hunter2', note: 'Bearer abc' }, 'property:pass\\u200Bword')))`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({ value: { value: '[redacted]', note: '[redacted: bearer]' }, redacted: true })
  })
})
