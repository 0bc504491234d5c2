/**
 * `lib/cluster/messages.ts`: every bus message is JSON with the sender's id and
 * is checked on arrival; what does not parse is refused with the path of its
 * first problem, never half-applied.
 */
import { describe, expect, it } from 'vitest'
import { redactRedisUrl } from '@/lib/cluster/cluster-config'
import { generateInstanceId } from '@/lib/cluster/instance-id'
import { decodeBusMessage, encodeBusMessage, type BusBody } from '@/lib/cluster/messages'

const record = { id: 7, at: 1, kind: 'mount', verdict: 'deny' as const, profile: 'fluxstack', durationUs: 3, repeatCount: 1, payloadDigest: null, payloadJson: null, payloadTruncated: false, reason: 'no', trace: [] }

describe('bus messages', () => {
  it.each<[string, BusBody]>([
    ['a room frame', { kind: 'room', roomId: 'chat:1', frame: '{"type":"ROOM_EVENT","roomId":"chat:1"}', exclude: 'c-1' }],
    ['a silent membership change', { kind: 'room', roomId: 'chat:1', member: { op: 'leave', componentId: 'c-1' } }],
    ['a state diff', { kind: 'room', roomId: 'r', diff: { a: { b: null } } }],
    ['a decision (extra fields kept)', { kind: 'decision', record }],
    ['a workspace change', { kind: 'workspace', workspaceId: 'demo', version: 4 }],
    ['connection counts', { kind: 'connections', full: true, counts: { '127.0.0.1': 3 } }],
    ['sandbox spend', { kind: 'sandbox-spend', spent: { '::1': 12.5 } }],
    ['an admin epoch', { kind: 'admin-epoch', epoch: 2 }],
    ['a sign-in failure', { kind: 'sign-in-failure', client: '127.0.0.1', at: 5 }],
    ['inspector interest', { kind: 'inspector', listening: true }],
    ['a sync request', { kind: 'sync' }],
  ])('%s goes through the wire unchanged', (_name, body) => {
    const decoded = decodeBusMessage(encodeBusMessage('web-1', body))
    expect(decoded).toEqual({ ok: true, message: { ...body, origin: 'web-1' } })
  })

  it.each<[string, string, string]>([
    ['not JSON', '{nope', 'not JSON'],
    ['an unknown kind', '{"kind":"gossip","origin":"a"}', 'kind'],
    ['no origin', '{"kind":"sync"}', 'origin'],
    ['a bad origin', '{"kind":"sync","origin":"a b"}', 'origin'],
    ['a bad room name', '{"kind":"room","roomId":"no spaces","origin":"a"}', 'roomId'],
    ['a negative count', '{"kind":"connections","full":false,"counts":{"x":-1},"origin":"a"}', 'counts.x'],
    ['a decision without a verdict', `{"kind":"decision","record":${JSON.stringify({ ...record, verdict: 'maybe' })},"origin":"a"}`, 'record.verdict'],
    ['a fractional version', '{"kind":"workspace","workspaceId":"w","version":1.5,"origin":"a"}', 'version'],
  ])('%s is refused', (_name, raw, path) => {
    const decoded = decodeBusMessage(raw)
    expect(decoded.ok).toBe(false)
    if (!decoded.ok) expect(decoded.error).toContain(path)
  })
})

describe('instance ids', () => {
  it.each([
    ['Web-1.internal', 'web-1-internal-abc123'],
    ['', 'studio-abc123'],
    ['___', 'studio-abc123'],
  ])('%j makes a readable id', (host, id) => {
    expect(generateInstanceId(host, 'abc123')).toBe(id)
  })

  it('two generated ids on one host differ', () => {
    expect(generateInstanceId('h')).not.toBe(generateInstanceId('h'))
  })
})

describe('redactRedisUrl', () => {
  it.each([
    ['redis://:s3cret@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['rediss://user:pw@cache.example:6380', 'rediss://user:***@cache.example:6380'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['redis://[bad', 'redis://(unreadable URL)'],
  ])('%s shows as %s', (url, shown) => {
    expect(redactRedisUrl(url)).toBe(shown)
  })
})
