import { describe, expect, it } from 'vitest'
import { parseInspectorData, parseInspectorRecord } from '@/components/trace/trace-record'

const record = {
  id: 7,
  at: 1_700_000_000_000,
  kind: 'mount',
  verdict: 'deny',
  decidedBy: 'auth.roles',
  reason: 'Insufficient roles. Required one of: admin, moderator',
  component: 'AdminPanel',
  persona: 'free-user',
  connectionId: 'c-1',
  profile: 'documented',
  durationUs: 35,
  trace: [{ layer: 'auth.roles', outcome: 'deny', reason: 'Insufficient roles. Required one of: admin, moderator', inputs: { required: ['admin', 'moderator'], held: ['user'] }, durationUs: 3 }],
  warnings: [],
  auth: { authenticated: true },
  payloadDigest: null,
  payloadJson: null,
  payloadTruncated: false,
}

describe('parseInspectorRecord', () => {
  it('turns a decision-log record into a trace entry with its connection', () => {
    const parsed = parseInspectorRecord(record)
    expect(parsed?.connectionId).toBe('c-1')
    expect(parsed?.entry.key).toBe('rec-7')
    expect(parsed?.entry.meta).toEqual({ component: 'AdminPanel', persona: 'free-user' })
    expect(parsed?.entry.decision).toMatchObject({ kind: 'mount', verdict: 'deny', decidedBy: 'auth.roles', sessionFieldsRead: [], warnings: [] })
    expect(parsed?.entry.decision.trace[0]?.inputs).toEqual({ required: ['admin', 'moderator'], held: ['user'] })
  })

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['no verdict', { ...record, verdict: undefined }],
    ['a trace that is not a list of steps', { ...record, trace: [{ layer: 'x', outcome: 'maybe' }] }],
  ])('drops %s', (_name, raw) => expect(parseInspectorRecord(raw)).toBeUndefined())

  it('reads SSE data text and ignores what is not JSON', () => {
    expect(parseInspectorData(JSON.stringify({ ...record, connectionId: null }))?.connectionId).toBeUndefined()
    expect(parseInspectorData('not json')).toBeUndefined()
  })
})
