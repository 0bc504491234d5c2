import { describe, expect, it } from 'vitest'
import type { DecisionView } from '@/lib/api/decide'
import { compareAnswer, deniedReason, type ServerAnswer } from '@/components/trace/compare'

const decision = (verdict: 'allow' | 'deny', reason?: string): DecisionView => ({
  kind: 'mount', verdict, ...(reason !== undefined && { reason }), profile: 'documented', trace: [], durationUs: 1, sessionFieldsRead: [], warnings: [],
})
const ROLES = 'Insufficient roles. Required one of: admin, moderator'

describe('deniedReason', () => {
  it.each([
    [`AUTH_DENIED: ${ROLES}`, ROLES],
    ['AUTH_DENIED: undefined', 'undefined'],
    ['COMPONENT_REHYDRATION_REQUIRED:abc', undefined],
  ])('%s -> %s', (error, reason) => expect(deniedReason(error)).toBe(reason))
})

describe('compareAnswer', () => {
  const cases: Array<[string, ServerAnswer, DecisionView, string, string]> = [
    ['both allow', { ok: true }, decision('allow'), 'agree', 'Both allow.'],
    ['same denial', { ok: false, error: `AUTH_DENIED: ${ROLES}` }, decision('deny', ROLES), 'agree', 'Both deny with the same reason.'],
    ['server allows, studio denies', { ok: true }, decision('deny', ROLES), 'disagree', `The server allowed it; the studio predicts a denial: ${ROLES}`],
    ['server denies, studio allows', { ok: false, error: `AUTH_DENIED: ${ROLES}` }, decision('allow'), 'disagree', `The server denied it (${ROLES}); the studio predicts allow.`],
    ['different reasons', { ok: false, error: 'AUTH_DENIED: Authentication required' }, decision('deny', ROLES), 'disagree', `Both deny, with different reasons. Server: "Authentication required". Studio: "${ROLES}".`],
    ['action body failed after auth', { ok: false, error: 'boom' }, decision('allow'), 'inconclusive', 'The studio predicts allow; the server failed after auth or for another reason: boom'],
    ['non-auth error vs predicted denial', { ok: false, error: 'boom' }, decision('deny', ROLES), 'disagree', `The studio predicts a denial (${ROLES}); the server answered a non-auth error: boom`],
  ]
  it.each(cases)('%s', (_name, answer, prediction, status, note) => {
    expect(compareAnswer(answer, prediction)).toEqual({ status, note })
  })
})
