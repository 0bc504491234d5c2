import { describe, expect, it } from 'vitest'
import type { DecisionView } from '@/lib/api/decide'
import { compareAnswer, deniedReason, predictedWireText, type ServerAnswer } from '@/components/trace/compare'

const decision = (verdict: 'allow' | 'deny', reason?: string, kind = 'mount', decidedBy?: string): DecisionView => ({
  kind, verdict, ...(reason !== undefined && { reason }), ...(decidedBy !== undefined && { decidedBy }), profile: 'documented', trace: [], durationUs: 1, sessionFieldsRead: [], warnings: [],
})
const ROLES = 'Insufficient roles. Required one of: admin, moderator'
const NOT_CALLABLE = "Action 'setState' is not callable"

describe('deniedReason', () => {
  it.each([
    [`AUTH_DENIED: ${ROLES}`, ROLES],
    ['AUTH_DENIED: undefined', 'undefined'],
    ['COMPONENT_REHYDRATION_REQUIRED:abc', undefined],
  ])('%s -> %s', (error, reason) => expect(deniedReason(error)).toBe(reason))
})

describe('predictedWireText: the text a client of the library receives', () => {
  it.each([
    [decision('deny', ROLES), `AUTH_DENIED: ${ROLES}`],
    [decision('deny', NOT_CALLABLE, 'action', 'blocklist'), NOT_CALLABLE],
    [decision('deny', "Insufficient roles for action 'x'. Required one of: a", 'action', 'actionAuth.roles'), "AUTH_DENIED: Insufficient roles for action 'x'. Required one of: a"],
    [decision('deny', "Access to room 'vip-x' denied by auth provider 'jwt'", 'room', 'provider.authorizeRoom'), "Access to room 'vip-x' denied by auth provider 'jwt'"],
    [decision('allow'), undefined],
  ])('%#', (d, text) => expect(predictedWireText(d)).toBe(text))
})

describe('compareAnswer', () => {
  const cases: Array<[string, ServerAnswer, DecisionView, string, string]> = [
    ['both allow', { ok: true }, decision('allow'), 'agree', 'Both allow.'],
    ['same denial', { ok: false, error: `AUTH_DENIED: ${ROLES}` }, decision('deny', ROLES), 'agree', 'Both deny, with the same answer.'],
    ['same security denial (no prefix)', { ok: false, error: NOT_CALLABLE }, decision('deny', NOT_CALLABLE, 'action', 'blocklist'), 'agree', 'Both deny, with the same answer.'],
    ['server allows, studio denies', { ok: true }, decision('deny', ROLES), 'disagree', `The server allowed it; the studio predicts a denial: AUTH_DENIED: ${ROLES}`],
    ['server denies, studio allows', { ok: false, error: `AUTH_DENIED: ${ROLES}` }, decision('allow'), 'disagree', `The server denied it (AUTH_DENIED: ${ROLES}); the studio predicts allow.`],
    ['different answers', { ok: false, error: 'AUTH_DENIED: Authentication required' }, decision('deny', ROLES), 'disagree', `Both deny, with different answers. Server: "AUTH_DENIED: Authentication required". Studio: "AUTH_DENIED: ${ROLES}".`],
    ['action body failed after auth', { ok: false, error: 'boom' }, decision('allow'), 'inconclusive', 'The studio predicts allow; the server failed after auth or for another reason: boom'],
    ['another error than the predicted denial', { ok: false, error: 'boom' }, decision('deny', ROLES), 'disagree', `Both deny, with different answers. Server: "boom". Studio: "AUTH_DENIED: ${ROLES}".`],
  ]
  it.each(cases)('%s', (_name, answer, prediction, status, note) => {
    expect(compareAnswer(answer, prediction)).toEqual({ status, note })
  })
})
