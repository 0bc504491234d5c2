import { describe, expect, it } from 'vitest'
import type { DecisionView, StepView } from '@/lib/api/decide'
import { formatDurationUs, formatInputValue, inputRows, kindMessage, outcomeCounts, summarizeTrace, summaryLine, targetOf } from '@/components/trace/trace-format'

const step = (layer: string, outcome: StepView['outcome'], reason: string, inputs: Record<string, unknown> = {}): StepView => ({ layer, outcome, reason, inputs, durationUs: 1 })

const banUserDenied: DecisionView = {
  kind: 'action',
  verdict: 'deny',
  reason: "Insufficient roles for action 'banUser'. Required one of: admin, moderator",
  decidedBy: 'actionAuth.roles',
  profile: 'documented',
  durationUs: 410,
  sessionFieldsRead: [],
  warnings: [],
  trace: [
    step('blocklist', 'pass', 'not an internal method'),
    step('publicActions', 'pass', 'listed in publicActions', { publicActions: ['getReports', 'banUser'] }),
    step('actionAuth.roles', 'deny', "Insufficient roles for action 'banUser'. Required one of: admin, moderator", { required: ['admin', 'moderator'], held: ['user'], authenticated: true }),
    step('actionAuth.permissions', 'skip', 'not reached'),
  ],
}

describe('formatDurationUs', () => {
  it.each([
    [12, '12 µs'],
    [99.6, '100 µs'],
    [410, '0.41 ms'],
    [12_345, '12.35 ms'],
    [2_500_000, '2.50 s'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%s µs -> %s', (us, text) => expect(formatDurationUs(us)).toBe(text))
})

describe('kindMessage / targetOf', () => {
  it.each([
    ['action', 'CALL_ACTION'],
    ['mount', 'COMPONENT_MOUNT'],
    ['property', 'PROPERTY_UPDATE'],
    ['room', 'ROOM_JOIN'],
    ['auth', 'AUTH'],
    ['other', 'OTHER'],
  ])('%s -> %s', (kind, message) => expect(kindMessage(kind)).toBe(message))

  it.each([
    [{ component: 'ModerationPanel', action: 'banUser' }, 'ModerationPanel.banUser'],
    [{ component: 'AdminPanel' }, 'AdminPanel'],
    [{ component: 'AdminPanel', action: '' }, 'AdminPanel'],
    [{}, ''],
  ])('%j -> %s', (meta, text) => expect(targetOf(meta)).toBe(text))
})

describe('summarizeTrace', () => {
  it('names the deciding layer and the exact reason of a denial', () => {
    const s = summarizeTrace(banUserDenied, { component: 'ModerationPanel', action: 'banUser' })
    expect(s).toEqual({
      verdict: 'DENY',
      message: 'CALL_ACTION',
      target: 'ModerationPanel.banUser',
      layer: 'actionAuth.roles',
      reason: "Insufficient roles for action 'banUser'. Required one of: admin, moderator",
      duration: '0.41 ms',
    })
    expect(summaryLine(s, { persona: 'free-user' }, 'documented')).toBe(
      'CALL_ACTION  ModerationPanel.banUser  persona=free-user  profile=documented  -> DENY  0.41 ms',
    )
  })

  it('falls back to the first deny step when decidedBy is missing, and says when no reason was given', () => {
    const { decidedBy: _d, reason: _r, ...rest } = banUserDenied
    const s = summarizeTrace(rest, {})
    expect(s.layer).toBe('actionAuth.roles')
    expect(s.reason).toBe('denied (no reason given)')
  })

  it('summarises an allow by how many layers passed, with no deciding layer', () => {
    const allow: DecisionView = { ...banUserDenied, verdict: 'allow', trace: [step('auth.required', 'pass', 'ok'), step('auth.roles', 'pass', 'ok'), step('auth.authorize', 'skip', 'none')] }
    const s = summarizeTrace(allow, { component: 'AdminPanel' })
    expect([s.verdict, s.layer, s.reason]).toEqual(['ALLOW', undefined, 'allowed: 2 of 3 layers passed'])
    expect(summarizeTrace({ ...allow, trace: [] }, {}).reason).toBe('allowed: no layer applied')
  })
})

describe('inputRows', () => {
  it('puts required, held and missing first and highlights what explains a denial', () => {
    const rows = inputRows(step('auth.permissions', 'deny', 'x', { authenticated: true, missing: ['users.write'], held: ['content.read'], required: ['users.read', 'users.write'] }))
    expect(rows.map((r) => [r.label, r.value, r.emphasis])).toEqual([
      ['required', '[users.read, users.write]', false],
      ['held', '[content.read]', true],
      ['missing', '[users.write]', true],
      ['authenticated', 'true', false],
    ])
  })

  it.each([
    [null, 'none'],
    [[], '[]'],
    [[1, 'a'], '[1, a]'],
    [{ allowed: 'yes' }, '{"allowed":"yes"}'],
    ['text', 'text'],
    [false, 'false'],
  ])('formats %j as %s', (value, text) => expect(formatInputValue(value)).toBe(text))
})

describe('outcomeCounts', () => {
  it('counts each outcome', () => expect(outcomeCounts(banUserDenied.trace)).toEqual({ pass: 2, deny: 1, skip: 1, error: 0 }))
})
