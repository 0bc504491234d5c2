import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_STORED_PAYLOAD_CHARS, payloadDigest, type DecisionInput } from '@/lib/store/model/decision'
import { RowPreparerThread } from '@/lib/store/postgres/row-preparer-thread'
import { createRowPreparer, PREPARED_COLUMNS } from '@/lib/store/postgres/row-preparer'
import { mayRedactJsonValues, redactPayload, redactValue } from '@/lib/store/redaction'

const preparer = createRowPreparer({ redactValue, redactPayload, mayRedactJsonValues, sha256: (t) => createHash('sha256').update(t).digest('hex'), maxPayloadChars: MAX_STORED_PAYLOAD_CHARS })
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl'

const base: DecisionInput = { at: 1_000, kind: 'action', verdict: 'deny', profile: 'documented', durationUs: 1.5, trace: [], auth: { authenticated: false } }

/** The cells of a prepared line by column name (COPY text unescaped is not needed for these values). */
function cells(line: string): Record<string, string> {
  const values = line.split('\t')
  expect(values).toHaveLength(PREPARED_COLUMNS.length)
  return Object.fromEntries(PREPARED_COLUMNS.map(([name], i) => [name, values[i] as string]))
}

describe('Postgres row preparer', () => {
  it('digests the canonical payload exactly as the model does, whatever the key order', () => {
    for (const payload of [{ b: 1, a: [{ d: 2, c: 3 }] }, 'text', 0, null, [1, { z: true, y: false }]]) {
      expect(preparer.prepare({ ...base, payload } as never).digest).toBe(payloadDigest(payload))
    }
  })

  it('redacts secrets in payload, trace and observed answer; keeps the digest of the original and marks the payload', () => {
    const input = { ...base, action: 'login', payload: { user: 'ada', password: 'hunter2' }, trace: [{ layer: 'auth', inputs: { header: `Bearer ${JWT}` } }],
      observed: { answer: { ok: false, error: `bad token ${JWT}` }, predicted: { verdict: 'deny' }, agreement: 'agree', note: '' } }
    const row = preparer.prepare(input as never)
    const c = cells(row.line)
    expect(row.digest).toBe(payloadDigest(input.payload))
    expect(row.payload).toBe('{"password":"[redacted]","user":"ada"}')
    expect(row.truncated).toBe(true)
    expect(row.redactedTrace).not.toContain(JWT)
    expect(c.trace).toBe(row.redactedTrace)
    expect(c.observed).not.toContain(JWT)
    expect(c.payload_truncated).toBe('t')
  })

  it('cuts long payloads, escapes COPY specials, writes NULL as \\N and replaces NUL', () => {
    const row = preparer.prepare({ ...base, reason: 'tab\there\nnewline \\ back\0nul', payload: { big: 'x'.repeat(MAX_STORED_PAYLOAD_CHARS) } } as never)
    const c = cells(row.line)
    expect(row.payload).toHaveLength(MAX_STORED_PAYLOAD_CHARS)
    expect(row.truncated).toBe(true)
    expect(c.reason).toBe('tab\\there\\nnewline \\\\ back\uFFFDnul')
    expect(row.reason).toBe('tab\there\nnewline \\ back\0nul')
    expect(c.component).toBe('\\N')
    expect(c.workspace_version).toBe('\\N')
    expect(c.repeat_count).toBe('1')
    expect(c.mismatch).toBe('f')
  })

  it('applies a fold into the row within its batch: repeat count, last time, and an overflow row keeps only shared fields', () => {
    const c = cells(preparer.prepare({ ...base, component: 'A', action: 'x' } as never, { row: 0, add: 4, lastAt: 1_900, overflow: true, variants: '{"variants":[],"others":0}', component: 'A', action: null }).line)
    expect([c.repeat_count, c.last_at, c.folded_variants, c.component, c.action]).toEqual(['5', '1900', '{"variants":[],"others":0}', 'A', '\\N'])
  })

  it('prepares the same lines on its thread as here', async () => {
    const thread = new RowPreparerThread()
    try {
      const inputs: DecisionInput[] = [{ ...base, payload: { token: JWT } }, { ...base, reason: 'r', trace: [{ inputs: { jwt: JWT } }] }]
      const rows = await thread.prepare(inputs, [null, null])
      expect(rows).toEqual(inputs.map((input) => preparer.prepare(input as never)))
    } finally {
      thread.close()
    }
  })
})
