import { describe, expect, it } from 'vitest'
import { coerceValue, customClaims, freshClaimName, parseClaimsJson, renameClaim, setClaim, stringList } from '@/components/tokens/claims-model'

describe('parseClaimsJson', () => {
  it.each([
    ['{"sub":"u1"}', { ok: true, value: { sub: 'u1' } }],
    ['[1]', { ok: false, message: 'Claims must be a JSON object ({ ... })' }],
    ['null', { ok: false, message: 'Claims must be a JSON object ({ ... })' }],
    ['{"exp":1,"iat":2}', { ok: false, message: 'Set iat, exp with the time controls, not in the claims' }],
  ])('%s', (text, expected) => {
    expect(parseClaimsJson(text)).toEqual(expected)
  })

  it('says where invalid JSON breaks', () => {
    const result = parseClaimsJson('{"sub": }')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(/^Not valid JSON: /)
  })
})

describe('claim edits', () => {
  const claims = { sub: 'u1', plan: 'free', team: 'a' }
  it.each([
    ['sets in place', setClaim(claims, 'plan', 'pro'), ['sub', 'plan', 'team'], 'pro'],
    ['appends a new claim', setClaim(claims, 'name', 'N'), ['sub', 'plan', 'team', 'name'], 'free'],
    ['removes on undefined', setClaim(claims, 'plan', undefined), ['sub', 'team'], undefined],
    ['keeps an empty string', setClaim(claims, 'plan', ''), ['sub', 'plan', 'team'], ''],
  ])('%s', (_name, result, keys, plan) => {
    expect(Object.keys(result)).toEqual(keys)
    expect(result.plan).toBe(plan)
  })

  it.each([
    ['team', 'squad', { ok: true, value: { sub: 'u1', plan: 'free', squad: 'a' } }],
    ['team', 'plan', { ok: false, message: '"plan" is already used' }],
    ['team', 'exp', { ok: false, message: '"exp" is already used' }],
    ['team', ' ', { ok: false, message: 'A claim needs a name' }],
  ])('renames %s to %j', (from, to, expected) => {
    expect(renameClaim(claims, from, to)).toEqual(expected)
  })

  it('lists custom claims, string lists and fresh names', () => {
    expect(customClaims({ sub: 'x', roles: ['a'], team: 't', n: 1 })).toEqual([
      ['team', 't'],
      ['n', 1],
    ])
    expect(stringList({ roles: ['a', 2, 'b'] }, 'roles')).toEqual(['a', 'b'])
    expect(stringList({ roles: 'admin' }, 'roles')).toEqual([])
    expect(freshClaimName({ claim: 1, claim2: 2 })).toBe('claim3')
  })
})

describe('coerceValue', () => {
  it.each([
    ['string', '42', { ok: true, value: '42' }],
    ['number', '42', { ok: true, value: 42 }],
    ['number', '', { ok: false, message: '"" is not a number' }],
    ['number', 'x', { ok: false, message: '"x" is not a number' }],
    ['boolean', 'true', { ok: true, value: true }],
    ['boolean', 'yes', { ok: false, message: 'Choose true or false' }],
    ['json', '{"a":[1]}', { ok: true, value: { a: [1] } }],
    ['json', '{a}', { ok: false, message: 'Not valid JSON' }],
  ] as const)('%s %j', (kind, raw, expected) => {
    expect(coerceValue(kind, raw)).toEqual(expected)
  })
})
