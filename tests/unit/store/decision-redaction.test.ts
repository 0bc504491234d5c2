import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as getDecision } from '@/app/api/decisions/[id]/route'
import { GET as exportJsonl } from '@/app/api/decisions/export/route'
import { GET as listDecisions } from '@/app/api/decisions/route'
import { GET as inspectorStream } from '@/app/api/inspector/stream/route'
import { InspectorHub } from '@/lib/live/server/inspector-hub'
import { setRuntime, type StudioRuntime } from '@/lib/server/registry'
import { payloadDigest, type DecisionInput, type DecisionRecord } from '@/lib/store/model/decision'
import type { SqliteDecisionStore } from '@/lib/store/sqlite/decision-store'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

// Every secret carries S3CRET (or is this JWT), so one search finds any leak of any of them.
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTM0NSRVQifQ.UzNDUkVULXNpZ25hdHVyZQ'
const PEM = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFS3CRETpemBodyLine1\nS3CRETpemBodyLine2==\n-----END ENCRYPTED PRIVATE KEY-----'
const LEAKS = ['S3CRET', JWT, 'UzNDUkVULXNpZ25hdHVyZQ', 'czNjcmV0']

const base = { kind: 'action', verdict: 'deny' as const, profile: 'documented', durationUs: 5, auth: { authenticated: true, session: { id: 'u-free', roles: ['user'] } } }

const DECISIONS: DecisionInput[] = [
  {
    ...base, at: 1, component: 'Leaky', action: 'submit', reason: 'VISIBLE-reason',
    payload: {
      visible: 'VISIBLE-payload', pwd: 'S3CRET-pwd', pass: 'S3CRET-pass', passphrase: 'S3CRET phrase', session: { token: 'S3CRET-session' }, ssn: 'S3CRET-ssn',
      creditCard: 'S3CRET-4111', cvv: 'S3CRET-cvv', 'pass\u200Bword': 'S3CRET-zero-width', '\u0440\u0430ss': 'S3CRET-cyrillic', 'ｐａｓｓｗｏｒｄ': 'S3CRET-fullwidth', '𝐬𝐞𝐜𝐫𝐞𝐭': 'S3CRET-math',
      note: `Authorization: Bearer S3CRET-opaque and ${JWT} in a sentence`, basic: 'Basic czNjcmV0OlMzQ1JFVA==', key: `my key: ${PEM} (rotated)`,
      nested: [{ deeper: { clientSecret: 'S3CRET-client', refreshToken: 'S3CRET-refresh' } }], passengers: 3, session_count: 2,
    },
    trace: [
      { layer: 'actionAuth.authorize', outcome: 'error', inputs: { thrown: `bad token ${JWT}`, sessionFieldsRead: ['roles'] } },
      { layer: 'provider.authorizeAction', outcome: 'deny', inputs: { rawResult: '"Bearer S3CRET-raw"', rawType: 'string' }, detail: PEM },
    ],
  },
  { ...base, at: 2, kind: 'property', component: 'Leaky', action: 'property:password', reason: 'VISIBLE-property', payload: { value: 'S3CRET-property' }, trace: [{ layer: 'property.updatable' }] },
  { ...base, at: 3, kind: 'property', component: 'Leaky', action: 'property:pass\u200Bphrase', payload: { value: { old: 'S3CRET-old' } }, trace: [] },
  { ...base, at: 4, kind: 'property', component: 'Leaky', action: 'property:\u0440\u0430ssword', payload: { value: 'S3CRET-cyrillic-property' }, trace: [] },
  // Free text quotes the client: an action name is the client's string, a provider's exception its own text.
  {
    ...base, at: 5, component: 'Leaky', action: 'Bearer S3CRET-action-name', reason: "Action 'Bearer S3CRET-action-name' is not callable",
    warnings: [`Library sharp edge (provider-exception-leaks): threw 'bad token ${JWT}'`, `key ${PEM}`], trace: [],
  },
]

let dir: string
let store: Store
let log: SqliteDecisionStore
const published: DecisionRecord[] = []
let streamed = ''

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  while (!done(text)) {
    const chunk = await reader.read()
    if (chunk.done) break
    text += decoder.decode(chunk.value)
  }
  return text
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-redaction-'))
  store = new Store({ dataDir: dir })
  log = store.decisions
  const inspector = new InspectorHub()
  log.onWritten((r) => inspector.publish(r), () => inspector.subscriberCount > 0)
  log.onWritten((r) => published.push(r))
  setRuntime({ store, inspector, decisions: log } as unknown as StudioRuntime)
  const abort = new AbortController()
  const res = inspectorStream(new Request('http://studio.test/api/inspector/stream', { signal: abort.signal }))
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  await readUntil(reader, (t) => t.includes(': connected'))
  for (const d of DECISIONS) log.append(d)
  await log.flush()
  streamed = await readUntil(reader, (t) => t.split('event: decision').length > DECISIONS.length)
  abort.abort()
})

let closed = false
function closeAll(): void {
  if (closed) return
  closed = true
  setRuntime(undefined)
  // Closes the decision log's writer, reader and retention with the store.
  void store.close()
}

afterAll(() => {
  closeAll()
  fs.rmSync(dir, { recursive: true, force: true })
})

const expectNoLeak = (text: string) => {
  for (const leak of LEAKS) expect(text).not.toContain(leak)
}

describe('secrets never leave the decision writer', () => {
  it('the stored rows: payload and trace redacted, digest of the original, not replayable', () => {
    const rows = log.log.list({ component: 'Leaky' }).reverse()
    expect(rows).toHaveLength(DECISIONS.length)
    expectNoLeak(JSON.stringify(rows))
    rows.forEach((row, i) => {
      const payload = DECISIONS[i]?.payload
      expect(row.payloadDigest).toBe(payload === undefined ? null : payloadDigest(payload))
      expect(row.payloadTruncated).toBe(payload !== undefined)
    })
    const [first, property, , cyrillic] = rows.map((r) => JSON.parse(r.payloadJson ?? 'null') as Record<string, unknown>)
    expect(cyrillic).toEqual({ value: '[redacted]' })
    expect(rows[4]).toMatchObject({
      action: '[redacted: bearer]', reason: "Action '[redacted: bearer]' is not callable",
      warnings: ["Library sharp edge (provider-exception-leaks): threw 'bad token [redacted: token]'", 'key [redacted: private key]'],
    })
    expect(first).toMatchObject({
      visible: 'VISIBLE-payload', pwd: '[redacted]', session: '[redacted]', 'pass\u200Bword': '[redacted]', passengers: 3, session_count: 2,
      note: 'Authorization: [redacted: bearer] and [redacted: token] in a sentence', basic: '[redacted: basic]', key: 'my key: [redacted: private key] (rotated)',
    })
    expect(property).toEqual({ value: '[redacted]' })
    expect(rows[0]?.trace).toEqual([
      { layer: 'actionAuth.authorize', outcome: 'error', inputs: { thrown: 'bad token [redacted: token]', sessionFieldsRead: ['roles'] } },
      { layer: 'provider.authorizeAction', outcome: 'deny', inputs: { rawResult: '"[redacted: bearer]"', rawType: 'string' }, detail: '[redacted: private key]' },
    ])
  })

  it('the records published to subscribers and streamed over SSE', () => {
    expect(published).toHaveLength(DECISIONS.length)
    expectNoLeak(JSON.stringify(published))
    expect(published[0]?.trace).toEqual(log.log.list({ component: 'Leaky' }).at(-1)?.trace)
    // A trace with nothing secret is published as reported.
    expect(published[1]?.trace).toEqual([{ layer: 'property.updatable' }])
    expect(streamed.split('event: decision')).toHaveLength(DECISIONS.length + 1)
    expect(streamed).toContain('VISIBLE-payload')
    expectNoLeak(streamed)
  })

  it('GET /api/decisions/:id, the list and the JSONL export', async () => {
    const listed = await (await listDecisions(new Request('http://studio.test/api/decisions?component=Leaky'))).text()
    expect(listed).toContain('VISIBLE-reason')
    expectNoLeak(listed)
    const exported = await exportJsonl(new Request('http://studio.test/api/decisions/export?component=Leaky')).text()
    expect(exported.trimEnd().split('\n')).toHaveLength(DECISIONS.length)
    expectNoLeak(exported)
    for (const [i, id] of published.map((r) => r.id).entries()) {
      const res = await getDecision(new Request(`http://studio.test/api/decisions/${id}`), { params: Promise.resolve({ id: String(id) }) })
      expect(res.status).toBe(200)
      const one = await res.text()
      expect(one).toContain(`"payloadTruncated":${DECISIONS[i]?.payload !== undefined}`)
      expectNoLeak(one)
    }
  })

  it('the SQLite file itself (after a checkpoint)', () => {
    closeAll()
    const bytes = Buffer.concat([store.file, `${store.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)))
    // The rows are in the file (SQLite stores text as is), the secrets are not.
    expect(bytes.includes('VISIBLE-payload')).toBe(true)
    for (const leak of LEAKS) expect(bytes.includes(leak)).toBe(false)
  })
})
