import { describe, expect, it } from 'vitest'
import type { ProfileCompareResponse } from '@/lib/api/workspace'
import { confirmCount, groupChanges, previewSummary } from '@/components/settings/profile-preview-model'

type Change = ProfileCompareResponse['changes'][number]
const whitelist = { verdict: 'deny' as const, decidedBy: 'publicActions', reason: 'not listed' }
const entry = { verdict: 'deny' as const, decidedBy: 'actionAuth.authorize', reason: 'denied by custom authorize' }
const change = (persona: string, extra: Partial<Change> = {}): Change => ({
  persona, personaLabel: persona.toUpperCase(), component: 'P', kind: 'action', action: 'edit', listed: false, before: whitelist, after: entry, ...extra,
})

describe('profile preview model', () => {
  it('groups personas with the same target, before and after; verdict changes come first', () => {
    const groups = groupChanges([
      change('a'), change('b'), change('anon', { after: { verdict: 'deny', decidedBy: 'actionAuth.roles', reason: 'Authentication required' }, unreachable: { decidedBy: 'auth.required' } }),
      change('c', { kind: 'mount', action: undefined, listed: true, before: { verdict: 'deny' }, after: { verdict: 'allow' } }),
    ])
    expect(groups.map((g) => [g.target, g.verdictChanges, g.personas.map((p) => `${p.label}${p.unreachable ? '*' : ''}`)])).toEqual([
      ['mount P', true, ['C']],
      ['P.edit', false, ['A', 'B']],
      ['P.edit', false, ['ANON*']],
    ])
  })

  it('says how many decisions change and how, in a sentence and in the confirmation', () => {
    const base = { to: 'fluxstack-live@0.11' as const, compared: 133, version: 4 }
    expect(previewSummary({ ...base, changes: [] })).toBe('Switching to fluxstack-live@0.11 changes none of the 133 decisions on version 4.')
    expect(previewSummary({ ...base, changes: [change('a'), change('b')] }))
      .toBe('Switching to fluxstack-live@0.11 changes 2 of 133 decisions on version 4: no verdict changes; 2 are decided by another layer or with another reason.')
    const flipped = change('c', { after: { verdict: 'allow' } })
    expect(previewSummary({ ...base, changes: [flipped] })).toBe('Switching to fluxstack-live@0.11 changes 1 of 133 decisions on version 4: 1 verdict changes.')
    expect(confirmCount({ changes: [] })).toBe('No decision changes')
    expect(confirmCount({ changes: [change('a'), flipped] })).toBe('2 decisions change (1 verdict)')
    expect(confirmCount({ changes: [change('a')] })).toBe('1 decision changes (no verdict)')
  })
})
