import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DELETE as deleteById } from '@/app/api/personas/[id]/route'
import { DELETE, GET, POST } from '@/app/api/personas/route'
import { GET as listKeys } from '@/app/api/keys/route'
import { setRuntime } from '@/lib/server/registry'
import { jsonRequest, params, startRuntime } from './harness'

let runtime: Awaited<ReturnType<typeof startRuntime>>
beforeAll(async () => {
  runtime = await startRuntime()
})
afterAll(() => runtime.stop())

const ids = async () => ((await (await GET()).json()) as { personas: Array<{ id: string }> }).personas.map((p) => p.id)

describe('personas API', () => {
  it('lists the demo personas, free-user included', async () => {
    expect(await ids()).toEqual(expect.arrayContaining(['admin', 'free-user', 'anonymous']))
  })

  it('saves a claim set as a persona, then deletes it by query and by path', async () => {
    const persona = { id: 'saved-one', label: 'Saved', kind: 'user', claims: { sub: 'u-9', roles: ['x'] } }
    const res = await POST(jsonRequest('/api/personas', persona))
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ persona: { ...persona, description: '' } })
    expect(await ids()).toContain('saved-one')
    expect((await DELETE(new Request('http://x/api/personas?id=saved-one', { method: 'DELETE' }))).status).toBe(200)
    expect((await deleteById(new Request('http://x'), params({ id: 'saved-one' }))).status).toBe(404)
    expect(await ids()).not.toContain('saved-one')
  })

  it.each([
    [{ id: 'Bad Id', label: 'x', kind: 'user', claims: {} }, /^"id": persona ids are lowercase words joined by -/],
    [{ id: 'ok', label: '', kind: 'user', claims: {} }, /^"label": /],
    [{ id: 'ok', label: 'x', kind: 'robot', claims: {} }, /^"kind": /],
  ])('refuses an invalid persona %#', async (body, pattern) => {
    const res = await POST(jsonRequest('/api/personas', body))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(pattern)
  })

  it('answers 400 for a DELETE without id', async () => {
    expect((await DELETE(new Request('http://x/api/personas', { method: 'DELETE' }))).status).toBe(400)
  })
})

describe('unknown failures', () => {
  it('become a bare 500 without a stack trace', async () => {
    setRuntime(undefined)
    try {
      const res = await listKeys()
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'INTERNAL', message: 'The studio could not complete this request.' })
    } finally {
      await runtime.stop()
      runtime = await startRuntime()
    }
  })
})
