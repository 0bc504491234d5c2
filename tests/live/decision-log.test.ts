import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_STORED_PAYLOAD_CHARS, canonicalJson, payloadDigest } from '@/lib/store/model/decision'
import { DecisionLog } from '@/lib/store/sqlite/decision-log'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

let dir: string
let store: Store
let log: DecisionLog

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decision-log-'))
  store = new Store({ dataDir: dir })
  log = new DecisionLog(store.file)
})
afterAll(() => {
  log.close()
  void store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const base = { kind: 'action', verdict: 'deny' as const, profile: 'documented', durationUs: 1, trace: [], auth: { authenticated: false } }

describe('DecisionLog', () => {
  it('loses nothing in a burst: count in = count written = rows', async () => {
    const before = log.count()
    for (let i = 0; i < 5000; i++) log.append({ ...base, at: i, component: 'C', action: `a${i % 7}` })
    await new Promise((r) => setTimeout(r, 50))
    expect(log.written).toBe(log.received)
    expect(log.count() - before).toBe(5000)
    expect(log.count({ component: 'C', action: 'a3' })).toBe(714)
  })

  it.each([
    [{ b: 1, a: [{ d: 2, c: 3 }] }, '{"a":[{"c":3,"d":2}],"b":1}'],
    [JSON.parse('{"__proto__":{"x":1},"a":1}'), '{"__proto__":{"x":1},"a":1}'],
    [null, 'null'],
  ])('canonical JSON of %j', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected)
  })

  it('digests equal payloads equally whatever their key order, and truncates stored text', () => {
    expect(payloadDigest({ a: 1, b: 2 })).toBe(payloadDigest({ b: 2, a: 1 }))
    log.append({ ...base, at: 1, component: 'Big', payload: { s: 'y'.repeat(10_000) } })
    log.flush()
    const [rec] = log.list({ component: 'Big' })
    expect(rec?.payloadJson).toHaveLength(MAX_STORED_PAYLOAD_CHARS)
    expect(rec?.payloadDigest).toBe(payloadDigest({ s: 'y'.repeat(10_000) }))
  })
})
