import { describe, expect, it } from 'vitest'
import { workspaceSettingsSchema } from '@/lib/api/settings'
import { changedFields, fromForm, isDirty, toForm, type SettingsForm } from '@/components/settings/settings-model'
import { staleVersionNote } from '@/components/live/use-studio-data'

const defaults = toForm(workspaceSettingsSchema.parse({}))
const form = (patch: Partial<SettingsForm>): SettingsForm => ({ ...defaults, ...patch })

describe('toForm / fromForm', () => {
  it.each([
    ['defaults', {}],
    ['profile + narrowed algorithms', { profile: 'fluxstack-live@0.11', jwt: { algorithms: ['HS256', 'ES256'], clockToleranceS: 5 } }],
    ['issuer list, audience, max age', { jwt: { issuer: ['a', 'b'], audience: 'app', clockToleranceS: 30, maxTokenAgeS: 600 } }],
    ['mapping', { jwt: { clockToleranceS: 30, mapping: { idClaim: 'uid', fields: { plan: 'x:plan', org: 'org_id' }, passThrough: false } } }],
  ])('round-trips %s', (_name, raw) => {
    const settings = workspaceSettingsSchema.parse(raw)
    expect(fromForm(toForm(settings))).toEqual({ ok: true, value: settings })
  })

  it('lists checked algorithms in the canonical order', () => {
    expect(toForm(workspaceSettingsSchema.parse({ jwt: { algorithms: ['EdDSA', 'ES256', 'HS256'] } })).algorithms).toEqual(['HS256', 'ES256', 'EdDSA'])
  })

  it.each([
    ['issuer with commas and blanks', form({ issuer: ' a , ,b\nc ' }), { issuer: ['a', 'b', 'c'] }],
    ['one audience', form({ audience: ' app ' }), { audience: 'app' }],
    ['blank claim inputs are left out', form({ idClaim: '  ', rolesClaim: 'grp' }), { mapping: { rolesClaim: 'grp' } }],
    ['fields lines', form({ fields: 'plan = x:plan\n\n org=o ' }), { mapping: { fields: { plan: 'x:plan', org: 'o' } } }],
    ['pass-through off', form({ passThrough: false }), { mapping: { passThrough: false } }],
  ])('builds %s', (_name, f, jwtPart) => {
    const r = fromForm(f)
    expect(r).toEqual({ ok: true, value: { profile: 'documented', jwt: { clockToleranceS: 30, ...jwtPart } } })
  })

  it.each([
    ['blank tolerance', form({ clockToleranceS: '' }), { clockToleranceS: 'Clock tolerance is required (0 for none)' }],
    ['text tolerance', form({ clockToleranceS: '5s' }), { clockToleranceS: 'Clock tolerance must be a whole number of seconds' }],
    ['tolerance too big', form({ clockToleranceS: '301' }), { clockToleranceS: 'Clock tolerance is at most 300 s' }],
    ['negative max age', form({ maxTokenAgeS: '-5' }), { maxTokenAgeS: 'Max token age must be a whole number of seconds' }],
    ['zero max age', form({ maxTokenAgeS: '0' }), { maxTokenAgeS: 'Too small: expected number to be >0' }],
    ['bad fields line', form({ fields: 'plan\n' }), { fields: 'Line 1: write it as field = claim' }],
    ['duplicate field', form({ fields: 'a = x\na = y' }), { fields: 'Line 2: the field "a" is mapped twice' }],
    ['reserved field', form({ fields: '__proto__ = x' }), { fields: 'Line 1: The session field name "__proto__" is reserved' }],
    ['non-identifier field', form({ fields: 'a-b = x' }), { fields: 'Line 1: The session field name "a-b" must be an identifier (letters, digits, _ or $)' }],
    ['two errors at once', form({ clockToleranceS: 'x', maxTokenAgeS: 'y' }), { clockToleranceS: 'Clock tolerance must be a whole number of seconds', maxTokenAgeS: 'Max token age must be a whole number of seconds' }],
  ])('reports %s on its field', (_name, f, errors) => {
    expect(fromForm(f)).toEqual({ ok: false, errors })
  })
})

describe('dirty state', () => {
  it.each([
    ['unchanged', defaults, []],
    ['profile', form({ profile: 'fluxstack-live@0.11' }), ['profile']],
    ['algorithms and issuer', form({ algorithms: ['HS256'], issuer: 'x' }), ['algorithms', 'issuer']],
    ['pass-through', form({ passThrough: false }), ['passThrough']],
  ] as const)('%s', (_name, f, fields) => {
    expect(changedFields(f, defaults)).toEqual(fields)
    expect(isDirty(f, defaults)).toBe(fields.length > 0)
  })
})

describe('staleVersionNote', () => {
  it.each([
    [1, 2, 'runs workspace v1; v2 is current — re-mount to use it'],
    [3, 7, 'runs workspace v3; v7 is current — re-mount to use it'],
    [2, 2, undefined],
    [3, 2, undefined],
    [undefined, 2, undefined],
    [1, undefined, undefined],
  ])('mounted v%s, current v%s', (mounted, current, note) => {
    expect(staleVersionNote(mounted, current)).toBe(note)
  })
})
