import { describe, expect, it } from 'vitest'
import { coerceValue, customClaims, freshClaimName, parseClaimsJson, renameClaim, setClaim, stateBackedSubWarning, stringList } from '@/components/tokens/claims-model'

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
    ['team', 'squad', 'fluxstack', { ok: true, value: { sub: 'u1', plan: 'free', squad: 'a' } }],
    ['team', 'plan', 'fluxstack', { ok: false, message: '"plan" is already used' }],
    ['team', 'roles', 'fluxstack', { ok: false, message: '"roles" is already used' }],
    // State Backed has no roles control: a custom field may take the name.
    ['team', 'roles', 'statebacked', { ok: true, value: { sub: 'u1', plan: 'free', roles: 'a' } }],
    ['team', 'groups', 'statebacked', { ok: false, message: '"groups" is already used' }],
    ['team', 'exp', 'generic', { ok: false, message: 'Set exp with the time controls, not as a claim' }],
    ['team', ' ', 'generic', { ok: false, message: 'A claim needs a name' }],
  ] as const)('renames %s to %j under %s', (from, to, profile, expected) => {
    expect(renameClaim(claims, from, to, profile)).toEqual(expected)
  })

  it("lists as custom fields the claims without a control in the profile's form", () => {
    const mixed = { sub: 'x', name: 'N', plan: 'pro', type: 'bot', roles: ['a'], groups: ['g'], iss: 'i', team: 't', n: 1 }
    expect(customClaims(mixed, 'fluxstack').map(([name]) => name)).toEqual(['groups', 'iss', 'team', 'n'])
    expect(customClaims(mixed, 'generic').map(([name]) => name)).toEqual(['plan', 'type', 'groups', 'team', 'n'])
    // FluxStack's name, plan, type and roles have no control under State Backed, so they stay in sight here.
    expect(customClaims(mixed, 'statebacked')).toEqual([
      ['name', 'N'],
      ['plan', 'pro'],
      ['type', 'bot'],
      ['roles', ['a']],
      ['iss', 'i'],
      ['team', 't'],
      ['n', 1],
    ])
    expect(stringList({ roles: ['a', 2, 'b'] }, 'roles')).toEqual(['a', 'b'])
    expect(stringList({ roles: 'admin' }, 'roles')).toEqual([])
    expect(freshClaimName({ claim: 1, claim2: 2 })).toBe('claim3')
  })
})

describe('stateBackedSubWarning', () => {
  it.each([
    [{ sub: 'u-1' }, null],
    [{ sub: '' }, 'sub is empty: act.sub = "" names no end user, so rules such as authContext.sub === machineInstanceName never match. Type the end user\'s id.'],
    [{ sub: '  ' }, 'sub is blank: act.sub = "  " names no end user, so rules such as authContext.sub === machineInstanceName never match. Type the end user\'s id.'],
    [{ name: 'x' }, "No sub: authContext.sub is undefined, so rules such as authContext.sub === machineInstanceName never match. Type the end user's id."],
    [{ sub: 42 }, "sub is a number, not the end user's id as a string."],
    [{ sub: null }, "sub is null, not the end user's id as a string."],
    [{ sub: ['a'] }, "sub is a list, not the end user's id as a string."],
  ])('%j -> %s', (claims, expected) => {
    expect(stateBackedSubWarning(claims)).toBe(expected)
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
