/**
 * Issue 13 item 6 end to end: every redaction case sent by a real client over
 * the live socket, then looked for on every surface a decision reaches: the
 * list (/api/decisions), one decision (/api/decisions/:id), the JSONL export,
 * the SSE stream (/api/inspector/stream) and the SQLite file's raw bytes.
 * Every secret carries S3CRET, so one search finds a leak of any of them.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as getDecision } from '@/app/api/decisions/[id]/route'
import { GET as exportJsonl } from '@/app/api/decisions/export/route'
import { GET as listDecisions } from '@/app/api/decisions/route'
import { GET as inspectorStream } from '@/app/api/inspector/stream/route'
import type { DecisionRecord } from '@/lib/store/model/decision'
import { LiveClient, mountedId, sqliteOf, startHarness, type Harness } from './helpers/live-harness'

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIS3CRETpemBody\n-----END RSA PRIVATE KEY-----'
const SECRET_KEYS = {
  pwd: 'S3CRET-pwd', pass: 'S3CRET-pass', passphrase: 'S3CRET-passphrase', session: 'S3CRET-session', ssn: 'S3CRET-ssn',
  creditCard: 'S3CRET-card', cvv: 'S3CRET-cvv', 'pass\u200Bword': 'S3CRET-zero-width', '\u0440\u0430ssword': 'S3CRET-cyrillic',
  'ｐａｓｓｗｏｒｄ': 'S3CRET-fullwidth', visible: 'VISIBLE-value',
}

let h: Harness
let c: LiveClient
let streamed = ''
let stopStream = () => {}

beforeAll(async () => {
  h = await startHarness()
  const abort = new AbortController()
  stopStream = () => abort.abort()
  const reader = (inspectorStream(new Request('http://studio.test/api/inspector/stream', { signal: abort.signal })).body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  void (async () => {
    for (let chunk = await reader.read().catch(() => ({ done: true as const, value: undefined })); !chunk.done; chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }))) {
      streamed += decoder.decode(chunk.value)
    }
  })()
  c = await LiveClient.open(h.wsUrl)
  const id = mountedId(await c.mount('LiveChat', { props: { password: 'S3CRET-props', note: 'Bearer S3CRET-props-bearer' } }))
  await c.action(id, 'login', { email: 'ada@example.com', password: 'S3CRET-login' })
  await c.action(id, 'sendMessage', { text: 'Authorization: Bearer S3CRET-opaque' })
  await c.action(id, 'sendMessage', { text: `my key ${PEM}` })
  await c.action(id, 'notAnAction', SECRET_KEYS)
  await c.action(id, 'Bearer S3CRET-action-name', {})
  await c.request({ type: 'PROPERTY_UPDATE', componentId: id, property: 'password', payload: { value: 'S3CRET-property' } })
  await c.request({ type: 'PROPERTY_UPDATE', componentId: id, property: 'pass\u200Bword', payload: { value: 'S3CRET-property-zw' } })
  await c.request({ type: 'PROPERTY_UPDATE', componentId: id, property: 'messages', payload: { value: [{ from: 'x', text: 'Bearer S3CRET-in-state', pwd: 'S3CRET-nested' }] } })
  await c.request({ type: 'ROOM_JOIN', componentId: id, roomId: 'redaction-room', payload: { initialState: { passphrase: 'S3CRET-room', topic: 'VISIBLE-topic' } } })
  await c.request({ type: 'AUTH', payload: { token: 'S3CRET-not-a-jwt' } })
  await h.server.decisions.flush()
  // The stream is written as the log's writer acknowledges; wait for every record.
  const deadline = Date.now() + 5000
  while (streamed.split('event: decision').length <= 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  stopStream()
})

afterAll(async () => {
  stopStream()
  c.close()
  await h.close()
})

const expectNoLeak = (text: string) => expect([...text.matchAll(/.{0,60}S3CRET.{0,20}/g)].map((m) => m[0])).toEqual([])

describe('secrets sent over the live socket never reach a surface', () => {
  let exported = ''
  let records: DecisionRecord[] = []
  beforeAll(async () => {
    exported = await (await exportJsonl(new Request('http://studio.test/api/decisions/export'))).text()
    records = exported.trimEnd().split('\n').map((l) => JSON.parse(l) as DecisionRecord)
  })

  it('every request was logged, with the secret parts redacted (JSONL export)', () => {
    const by = (action: string | undefined) => records.find((r) => r.action === action)
    expect(records.map((r) => `${r.kind}:${r.action ?? ''}`).sort()).toEqual([
      'action:[redacted: bearer]', 'action:login', 'action:notAnAction', 'action:sendMessage', 'action:sendMessage', 'auth:', 'mount:',
      'property:property:messages', 'property:property:password', 'property:property:pass\u200Bword', 'room:room:redaction-room',
    ])
    expect(JSON.parse(by('notAnAction')?.payloadJson ?? '{}')).toEqual({
      pwd: '[redacted]', pass: '[redacted]', passphrase: '[redacted]', session: '[redacted]', ssn: '[redacted]', creditCard: '[redacted]', cvv: '[redacted]',
      'pass\u200Bword': '[redacted]', '\u0440\u0430ssword': '[redacted]', 'ｐａｓｓｗｏｒｄ': '[redacted]', visible: 'VISIBLE-value',
    })
    expect(JSON.parse(records.find((r) => r.kind === 'mount')?.payloadJson ?? '{}')).toEqual({ password: '[redacted]', note: '[redacted: bearer]' })
    expect(by('[redacted: bearer]')?.reason).toBe("Action '[redacted: bearer]' is not callable")
    expect(JSON.parse(by('property:password')?.payloadJson ?? '{}')).toEqual({ value: '[redacted]' })
    expect(JSON.parse(by('room:redaction-room')?.payloadJson ?? '{}')).toEqual({ initialState: { passphrase: '[redacted]', topic: 'VISIBLE-topic' } })
    expect(exported).toContain('VISIBLE-value')
    expectNoLeak(exported)
  })

  it('the list and each decision by id', async () => {
    const listed = await (await listDecisions(new Request('http://studio.test/api/decisions?limit=100'))).text()
    expect(listed).toContain('notAnAction')
    expectNoLeak(listed)
    for (const r of records) {
      const one = await (await getDecision(new Request(`http://studio.test/api/decisions/${r.id}`), { params: Promise.resolve({ id: String(r.id) }) })).text()
      expectNoLeak(one)
    }
  })

  it('the SSE stream', () => {
    expect(streamed.split('event: decision')).toHaveLength(records.length + 1)
    expect(streamed).toContain('VISIBLE-value')
    expectNoLeak(streamed)
  })

  it('the SQLite file (and its write-ahead log)', () => {
    const file = sqliteOf(h.server).file
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)))
    expect(bytes.includes('VISIBLE-value')).toBe(true)
    expect(bytes.includes('S3CRET')).toBe(false)
  })
})
