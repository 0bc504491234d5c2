import { describe, expect, it } from 'vitest'
import { ruleTestOfEntry } from '@/components/trace/save-as-test'
import type { TraceEntry } from '@/components/trace/trace-format'
import { ruleTestSchema } from '@/lib/rules/rule-tests'

const entry = (over: Partial<TraceEntry['meta']>, decision: Partial<TraceEntry['decision']> = {}): TraceEntry => ({
  key: 'rec-7',
  at: 1_700_000_000_000,
  decision: { kind: 'mount', verdict: 'deny', reason: 'Insufficient roles. Required one of: admin, moderator', decidedBy: 'auth.roles', profile: 'documented', trace: [], durationUs: 5, sessionFieldsRead: [], warnings: [], ...decision } as TraceEntry['decision'],
  meta: { component: 'AdminPanel', ...over },
})

describe('save as rule test from a live trace', () => {
  it('pins a persona mount denial with its reason, as a valid rule test', () => {
    const made = ruleTestOfEntry(entry({ persona: 'free-user', sessionId: 'u-free' }))
    expect(made).toEqual({ test: { id: 'free-user-mount-AdminPanel-deny', persona: 'free-user', kind: 'mount', component: 'AdminPanel', expect: 'deny', reasonContains: 'Insufficient roles. Required one of: admin, moderator' } })
    expect(ruleTestSchema.safeParse('test' in made ? made.test : null).success).toBe(true)
  })
  it('keeps an action payload; an allowed action has no reason', () => {
    const made = ruleTestOfEntry(entry({ persona: 'moderator', action: 'banUser', payloadJson: '{"userId":"u-free"}' }, { kind: 'action', verdict: 'allow', reason: undefined }))
    expect(made).toEqual({ test: { id: 'moderator-action-AdminPanel-banUser-allow', persona: 'moderator', kind: 'action', component: 'AdminPanel', action: 'banUser', payload: { userId: 'u-free' }, expect: 'allow' } })
  })
  it('an anonymous caller becomes the anonymous persona', () => {
    const made = ruleTestOfEntry(entry({}))
    expect('test' in made && made.test.persona).toBe('anonymous')
  })
  it('refuses a caller that matches no persona instead of guessing', () => {
    const made = ruleTestOfEntry(entry({ sessionId: 'someone-else' }))
    expect(made).toEqual({ why: expect.stringContaining('matches no persona') })
  })
  it('has no test form for AUTH decisions', () => {
    expect(ruleTestOfEntry(entry({ persona: 'admin' }, { kind: 'auth' }))).toEqual({ why: expect.stringContaining('no rule-test form') })
  })
})
