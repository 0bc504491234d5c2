import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_STORED_PAYLOAD_CHARS, payloadDigest, type DecisionRecord } from '@/lib/store/model/decision'
import { DecisionLog } from '@/lib/store/sqlite/decision-log'
import { DecisionWriter } from '@/lib/store/sqlite/decision-writer'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

let dir: string
let store: Store
let log: DecisionLog

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-writer-'))
  store = new Store({ dataDir: dir })
  log = new DecisionLog(store.file)
})
afterAll(() => {
  log.close()
  void store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const base = { at: 1, kind: 'action', verdict: 'allow' as const, profile: 'documented', durationUs: 1, trace: [{ layer: 'x' }], auth: { authenticated: false } }

describe('DecisionLog with its writer thread', () => {
  // The writer computes digests on its own copy of canonicalJson: it must agree with payloadDigest.
  it.each([
    [{ b: 1, a: [{ d: 2, c: 3 }] }],
    [JSON.parse('{"__proto__":{"x":1},"constructor":{"prototype":1}}') as unknown],
    [null],
    [[1, 'two', { z: null, y: [true] }]],
    ['é ☃ \u2028'],
  ])('stores the same digest as payloadDigest for %j', (payload) => {
    log.append({ ...base, component: 'Digest', payload })
    const [rec] = log.list({ component: 'Digest', limit: 1 })
    expect(rec?.payloadDigest).toBe(payloadDigest(payload))
  })

  it('never stores secret-named fields or token-shaped strings; the digest covers the original; the row is not replayable', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LWZyZWUifQ.c2lnbmF0dXJlLWJ5dGVz'
    const payload = {
      email: 'fred@example.com', password: 'hunter2-hunter2', nested: { apiKey: 'k-123', note: jwt, header: `Bearer ${jwt}` }, list: [{ token: 'abc' }], __proto__x: 1,
      aws_secret_access_key: 'AKIA-SECRET', secretKey: 's-1', passwordConfirm: 'hunter2-again', signingKey: 'sk-2',
    }
    log.append({ ...base, component: 'Secrets', payload })
    const [rec] = log.list({ component: 'Secrets', limit: 1 })
    expect(rec?.payloadDigest).toBe(payloadDigest(payload))
    expect(rec?.payloadTruncated).toBe(true)
    expect(JSON.parse(rec?.payloadJson ?? 'null')).toEqual({
      __proto__x: 1, email: 'fred@example.com', list: [{ token: '[redacted]' }], nested: { apiKey: '[redacted]', note: '[redacted: token]', header: '[redacted: bearer]' }, password: '[redacted]',
      aws_secret_access_key: '[redacted]', secretKey: '[redacted]', passwordConfirm: '[redacted]', signingKey: '[redacted]',
    })
    for (const secret of ['hunter2', 'k-123', jwt, 'abc', 'AKIA', 's-1', 'sk-2']) expect(rec?.payloadJson).not.toContain(secret)
    // A payload with nothing secret is stored as is.
    log.append({ ...base, component: 'NoSecrets', payload: { userId: 'u-free', tokenCount: 3 } })
    const [plain] = log.list({ component: 'NoSecrets', limit: 1 })
    expect(plain?.payloadTruncated).toBe(false)
  })

  it('reads see every decision appended before them (no explicit flush)', () => {
    const before = log.count({ component: 'Seen' })
    log.append({ ...base, component: 'Seen' })
    log.append({ ...base, component: 'Seen', verdict: 'deny', reason: 'nope' })
    expect(log.count({ component: 'Seen' })).toBe(before + 2)
    expect(log.list({ component: 'Seen', limit: 1 })[0]).toMatchObject({ verdict: 'deny', reason: 'nope', payloadDigest: null, payloadJson: null })
  })

  it('announces each written record with its row id and payload columns', () => {
    const got: DecisionRecord[] = []
    const off = log.onWritten((r) => got.push(r))
    log.append({ ...base, component: 'Heard', payload: { s: 'y'.repeat(MAX_STORED_PAYLOAD_CHARS + 10) } })
    log.flush()
    off()
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ component: 'Heard', payloadTruncated: true, payloadDigest: payloadDigest({ s: 'y'.repeat(MAX_STORED_PAYLOAD_CHARS + 10) }) })
    expect(got[0]?.payloadJson).toHaveLength(MAX_STORED_PAYLOAD_CHARS)
    expect(got[0]).not.toHaveProperty('payload')
    expect(log.list({ component: 'Heard' })[0]?.id).toBe(got[0]?.id)
  })

  it('builds no records for a listener that is not active, and resumes when it is', () => {
    const got: string[] = []
    let active = false
    const off = log.onWritten((r) => got.push(r.component ?? ''), () => active)
    log.append({ ...base, component: 'Unheard' })
    log.flush()
    expect(got).toEqual([])
    active = true
    log.append({ ...base, component: 'HeardAgain' })
    log.flush()
    off()
    expect(got).toEqual(['HeardAgain'])
  })

  it('count in = count written across several batches, none failed', () => {
    const rows = log.count()
    const received = log.received
    for (let i = 0; i < 3000; i++) log.append({ ...base, at: i, component: 'Burst' })
    expect(log.received - received).toBe(3000)
    expect(log.written).toBe(log.received)
    expect(log.failed).toBe(0)
    expect(log.count() - rows).toBe(3000)
  })

  it('refuses to start on a file that does not exist, with a stable code', () => {
    expect(() => new DecisionWriter({ file: path.join(dir, 'missing.db'), insertSql: 'SELECT 1', reasonIndexSql: 'SELECT 1', foldSql: 'SELECT 1', maxPayloadChars: 10, onAck: () => {} }))
      .toThrow(expect.objectContaining({ code: 'ERR_DECISION_WRITER_OPEN' }))
  })
})
