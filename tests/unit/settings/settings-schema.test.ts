import { describe, expect, it } from 'vitest'
import { mergeSettings, workspaceSettingsSchema } from '@/lib/api/settings'
import { parseLiveSettings } from '@/lib/live/server/live-settings'

const message = (body: unknown) => {
  const r = workspaceSettingsSchema.safeParse(body)
  return r.success ? 'ok' : `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`
}

describe('workspaceSettingsSchema', () => {
  it.each([
    ['empty body (all defaults)', {}],
    ['profile only', { profile: 'fluxstack-live@0.11' }],
    ['full jwt', { profile: 'documented', jwt: { algorithms: ['HS256', 'ES256'], issuer: 'https://auth.example.com', audience: ['app', 'admin'], clockToleranceS: 0, maxTokenAgeS: 3600 } }],
    ['mapping', { jwt: { mapping: { idClaim: 'uid', rolesClaim: 'https://x.io/roles', fields: { plan: 'https://x.io/plan' }, passThrough: false } } }],
    ['exp opt-out', { jwt: { requireExp: false } }],
  ])('accepts %s, and the live server reads it back unchanged', (_name, body) => {
    const parsed = workspaceSettingsSchema.parse(body)
    const live = parseLiveSettings(parsed)
    // Absent requireExp means required.
    expect({ profile: live.profile, jwt: live.jwt }).toEqual({ ...parsed, jwt: { requireExp: true, ...parsed.jwt } })
  })

  it.each([
    ['unknown profile', { profile: 'fluxstack-live@0.12' }, 'profile: Invalid option: expected one of "documented"|"fluxstack-live@0.11"'],
    ['unknown top-level key', { profile: 'documented', extra: 1 }, ': Unrecognized key: "extra"'],
    ['unknown jwt key', { jwt: { issuers: 'x' } }, 'jwt: Unrecognized key: "issuers"'],
    ['alg none', { jwt: { algorithms: ['none'] } }, 'jwt.algorithms.0: Invalid option: expected one of "HS256"|"HS384"|"HS512"|"RS256"|"RS384"|"RS512"|"PS256"|"PS384"|"PS512"|"ES256"|"ES384"|"ES512"|"EdDSA"'],
    ['empty algorithms', { jwt: { algorithms: [] } }, 'jwt.algorithms: Choose at least one algorithm, or leave the list out to accept each key’s own'],
    ['duplicate algorithm', { jwt: { algorithms: ['HS256', 'HS256'] } }, 'jwt.algorithms: An algorithm is listed twice'],
    ['negative tolerance', { jwt: { clockToleranceS: -1 } }, 'jwt.clockToleranceS: Too small: expected number to be >=0'],
    ['huge tolerance', { jwt: { clockToleranceS: 301 } }, 'jwt.clockToleranceS: Clock tolerance is at most 300 s'],
    ['fractional tolerance', { jwt: { clockToleranceS: 1.5 } }, 'jwt.clockToleranceS: Clock tolerance must be whole seconds'],
    ['zero max age', { jwt: { maxTokenAgeS: 0 } }, 'jwt.maxTokenAgeS: Too small: expected number to be >0'],
    ['blank issuer', { jwt: { issuer: '  ' } }, 'jwt.issuer: Cannot be blank'],
    ['blank claim name', { jwt: { mapping: { idClaim: '' } } }, 'jwt.mapping.idClaim: A claim name cannot be blank'],
    ['__proto__ field', { jwt: { mapping: { fields: JSON.parse('{"__proto__":"x"}') as unknown } } }, 'jwt.mapping.fields.__proto__: The session field name "__proto__" is reserved'],
    ['non-identifier field', { jwt: { mapping: { fields: { 'a-b': 'x' } } } }, 'jwt.mapping.fields.a-b: The session field name "a-b" must be an identifier (letters, digits, _ or $)'],
    ['array body', [], ': Invalid input: expected object, received array'],
  ])('rejects %s', (_name, body, expected) => {
    expect(message(body)).toBe(expected)
  })
})

describe('mergeSettings', () => {
  const update = workspaceSettingsSchema.parse({ profile: 'fluxstack-live@0.11' })
  it.each([
    ['keeps keys owned by others', { theme: 'dark', profile: 'documented', jwt: { audience: 'old' } }, { theme: 'dark', profile: 'fluxstack-live@0.11', jwt: { clockToleranceS: 30 } }],
    ['non-object stored value', 'garbage', { profile: 'fluxstack-live@0.11', jwt: { clockToleranceS: 30 } }],
    ['nothing stored', {}, { profile: 'fluxstack-live@0.11', jwt: { clockToleranceS: 30 } }],
  ])('%s', (_name, stored, expected) => {
    expect(mergeSettings(stored, update)).toEqual(expected)
  })
})
