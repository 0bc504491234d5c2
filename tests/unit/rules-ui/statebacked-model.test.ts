import { describe, expect, it } from 'vitest'
import { simRequestSchema } from '@/lib/api/workspace'
import {
  applyPreset, buildSimRequest, EMPTY_FORM, jsonFieldError, presetsFor, SIM_PRESETS, stateBackedPayloadOf, type SimForm,
} from '@/components/rules/statebacked-model'

const personas = [
  { id: 'pro-user', claims: { sub: 'u-pro', roles: ['user'] } },
  { id: 'anonymous', claims: null },
] as const

const form = (over: Partial<SimForm>): SimForm => ({ ...EMPTY_FORM, machine: 'profile', instance: 'u-pro', persona: 'pro-user', ...over })

describe('State Backed simulator form', () => {
  it('wraps a persona\'s claims in act, as signToken does; anonymous has no claims', () => {
    expect(stateBackedPayloadOf(personas[0])).toEqual({ act: { sub: 'u-pro', roles: ['user'] } })
    expect(stateBackedPayloadOf(personas[1])).toEqual({})
  })

  it('builds a read with the persona token and no empty state or context', () => {
    const built = buildSimRequest(form({}), personas)
    expect(built).toEqual({
      ok: true,
      body: { machine: 'profile', instance: { name: 'u-pro' }, request: { kind: 'read' }, tokenPayload: { act: { sub: 'u-pro', roles: ['user'] } } },
    })
  })

  it('builds a write with its event, and an initialization without one', () => {
    const write = buildSimRequest(form({ kind: 'write', event: '{"type":"rename"}', state: '"idle"', context: '{"a":1}' }), personas)
    expect(write.ok && write.body).toMatchObject({ instance: { name: 'u-pro', state: 'idle', context: { a: 1 } }, request: { kind: 'write', event: { type: 'rename' } } })
    const init = buildSimRequest(form({ kind: 'initialization', event: 'not json' }), personas)
    expect(init.ok && init.body.request).toEqual({ kind: 'initialization' })
  })

  it.each([
    ['instance', form({ instance: '  ' }), /Name the instance/],
    ['state', form({ state: '{oops' }), /Not valid JSON/],
    ['context', form({ context: '[1]' }), /JSON object/],
    ['event', form({ kind: 'write', event: '' }), /Enter a JSON value/],
    ['persona', form({ persona: 'ghost' }), /Pick a persona/],
    ['payload', form({ source: 'payload', payload: '"x"' }), /JSON object/],
    ['machine', form({ machine: '' }), /Pick a machine/],
  ] as const)('reports a bad %s on that field', (field, f, message) => {
    const built = buildSimRequest(f, personas)
    expect(built.ok).toBe(false)
    if (!built.ok) expect(built.errors[field]).toMatch(message)
  })

  it('uses a pasted payload as is', () => {
    const built = buildSimRequest(form({ source: 'payload', payload: '{"act":{"sub":"x","groups":["g"]}}' }), personas)
    expect(built.ok && built.body.tokenPayload).toEqual({ act: { sub: 'x', groups: ['g'] } })
  })

  it('every preset builds a body the API schema accepts', () => {
    for (const preset of SIM_PRESETS) {
      const built = buildSimRequest(applyPreset(EMPTY_FORM, preset), personas)
      expect(built.ok, preset.id).toBe(true)
      if (built.ok) expect(simRequestSchema.safeParse(built.body).success, preset.id).toBe(true)
    }
  })

  it('offers only presets for machines the workspace has, with an allow and a deny for each demo machine', () => {
    expect(presetsFor([])).toEqual([])
    expect(presetsFor(['profile']).map((p) => p.expect)).toEqual(['allow', 'deny'])
    expect(presetsFor(['profile', 'team-board']).map((p) => p.form.machine)).toEqual(['profile', 'profile', 'team-board', 'team-board'])
  })

  it('reports JSON editor errors inline', () => {
    expect(jsonFieldError('')).toBeUndefined()
    expect(jsonFieldError('', { optional: false })).toMatch(/Enter a JSON value/)
    expect(jsonFieldError('{"a":')).toMatch(/Not valid JSON/)
  })
})
