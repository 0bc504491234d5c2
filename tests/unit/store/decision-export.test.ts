import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as exportJsonl } from '@/app/api/decisions/export/route'
import { setRuntime, type StudioRuntime } from '@/lib/server/registry'
import { logWith } from './decision-fixtures'

let fixture: ReturnType<typeof logWith>
beforeAll(() => {
  fixture = logWith()
  setRuntime({ store: fixture.store, decisions: fixture.store.decisions } as unknown as StudioRuntime)
})
afterAll(() => {
  setRuntime(undefined)
  fixture.cleanup()
})

async function lines(query: string): Promise<{ res: Response; records: Record<string, unknown>[] }> {
  const res = exportJsonl(new Request(`http://studio.test/api/decisions/export?${query}`))
  const text = await res.text()
  return { res, records: text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) }
}

describe('GET /api/decisions/export (JSONL)', () => {
  it.each<[string, number[]]>([
    ['', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
    ['verdict=deny&component=AdminPanel', [10, 3]],
    ['text=roles&persona=free-user', [10, 5, 3]],
    ['persona=nobody', []],
  ])('filter "%s" streams one full record per line', async (query, ids) => {
    const { res, records } = await lines(query)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="decisions-.*\.jsonl"$/)
    expect(records.map((r) => r.id)).toEqual(ids)
    for (const r of records) expect(Object.keys(r)).toEqual(expect.arrayContaining(['trace', 'auth', 'payloadDigest', 'payloadJson']))
  })

  it('answers 400 with the field for a bad filter', async () => {
    const res = exportJsonl(new Request('http://studio.test/api/decisions/export?verdict=maybe'))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: string; message: string }
    expect(body.error).toBe('BAD_REQUEST')
    expect(body.message).toMatch(/^"verdict": /)
  })
})
