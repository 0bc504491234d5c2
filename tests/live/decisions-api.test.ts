import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as getDecision } from '@/app/api/decisions/[id]/route'
import { GET as exportJsonl } from '@/app/api/decisions/export/route'
import { GET as retentionGet, PUT as retentionPut } from '@/app/api/decisions/retention/route'
import { GET as listDecisions } from '@/app/api/decisions/route'
import { POST as decide } from '@/app/api/decide/route'
import { POST as impact } from '@/app/api/impact/route'
import { GET as metrics } from '@/app/api/metrics/route'
import type { DecisionPageView } from '@/lib/api/decisions'
import type { ImpactReport } from '@/lib/impact/types'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { LiveClient, mountedId, personaToken, startHarness, type Harness, sqliteOf } from './helpers/live-harness'

let h: Harness
const clients: LiveClient[] = []
let tokenSeen = ''

async function as(persona: string): Promise<LiveClient> {
  const c = await LiveClient.open(h.wsUrl)
  clients.push(c)
  tokenSeen = await personaToken(h.server, persona)
  expect((await c.auth(tokenSeen)).success).toBe(true)
  return c
}

const url = (path: string) => new Request(`http://studio.local${path}`)
const json = async <T>(res: Response | Promise<Response>): Promise<{ status: number; body: T }> => {
  const r = await res
  return { status: r.status, body: (await r.json()) as T }
}

beforeAll(async () => {
  h = await startHarness()
  // Real traffic over the socket: a free user and a moderator are refused, an admin gets in and acts.
  const free = await as('free-user')
  expect((await free.mount('AdminPanel')).success).toBe(false)
  const moderator = await as('moderator')
  expect((await moderator.mount('AdminPanel')).success).toBe(true)
  const admin = await as('admin')
  const id = mountedId(await admin.mount('AdminPanel'))
  expect((await admin.action(id, 'deleteUser', { userId: 'u-free' })).success).toBe(true)
  await h.server.decisions.flush()
})

afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('decisions made over a real socket, read back through the API', () => {
  it('every decision is in the log (count in = count logged)', async () => {
    const { body } = await json<DecisionPageView>(listDecisions(url('/api/decisions?total=1')))
    expect(body.total).toBe(sqliteOf(h.server).decisions.log.received)
    expect(body.rows.map((r) => r.kind)).toEqual(['action', 'mount', 'auth', 'mount', 'auth', 'mount', 'auth'])
  })

  it('filters to denials of AdminPanel and opens one with its trace and snapshot (no token)', async () => {
    const { status, body } = await json<DecisionPageView>(listDecisions(url('/api/decisions?verdict=deny&component=AdminPanel')))
    expect(status).toBe(200)
    expect(body.rows).toHaveLength(1)
    const row = body.rows[0]
    expect(row).toMatchObject({ kind: 'mount', verdict: 'deny', decidedBy: 'auth.roles', persona: 'free-user', sessionId: 'u-free', reason: 'Insufficient roles. Required one of: admin, moderator' })
    const detail = await getDecision(url(`/api/decisions/${row?.id}`), { params: Promise.resolve({ id: String(row?.id) }) })
    const text = await detail.text()
    expect(text).not.toContain(tokenSeen.split('.')[2])
    const { decision } = JSON.parse(text) as { decision: { trace: { layer: string; outcome: string }[]; auth: { session: { id: string } } } }
    expect(decision.trace.find((s) => s.outcome === 'deny')?.layer).toBe('auth.roles')
    expect(decision.auth.session.id).toBe('u-free')
  })

  it.each([
    ['/api/decisions?verdict=sometimes', 400, 'BAD_REQUEST'],
    ['/api/decisions?before=yesterday', 400, 'BAD_REQUEST'],
  ])('%s answers %i', async (path, status, error) => {
    const res = await json<{ error: string }>(listDecisions(url(path)))
    expect(res.status).toBe(status)
    expect(res.body.error).toBe(error)
  })

  it('an unknown decision id is a 404', async () => {
    const res = await json<{ error: string }>(getDecision(url('/api/decisions/99999'), { params: Promise.resolve({ id: '99999' }) }))
    expect(res).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } })
  })

  it('exports the filter as JSONL', async () => {
    const text = await exportJsonl(url('/api/decisions/export?kind=mount')).text()
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; persona: string })
    expect(lines.map((l) => [l.kind, l.persona])).toEqual([['mount', 'admin'], ['mount', 'moderator'], ['mount', 'free-user']])
  })

  it('metrics count the traffic', async () => {
    type Live = { open: number; authenticated: number; anonymous: number; mountedComponents: number }
    const { body } = await json<{ totals: { allow: number; deny: number }; topDenied: { component: string }[]; openConnections: number; connections: { authenticated: number }; live: Live }>(metrics(url('/api/metrics')))
    expect(body.totals).toEqual({ allow: 6, deny: 1 })
    expect(body.topDenied[0]).toMatchObject({ component: 'AdminPanel', action: null, count: 1 })
    expect(body.openConnections).toBe(3)
    expect(body.connections.authenticated).toBe(3)
    // Right now: three authenticated sockets, AdminPanel mounted by the moderator and the admin.
    expect(body.live).toEqual({ open: 3, authenticated: 3, anonymous: 0, mountedComponents: 2 })
    // An anonymous socket counts at once, before it makes any decision.
    const anon = await LiveClient.open(h.wsUrl)
    clients.push(anon)
    const after = await json<{ live: Live }>(metrics(url('/api/metrics')))
    expect(after.body.live).toEqual({ open: 4, authenticated: 3, anonymous: 1, mountedComponents: 2 })
  })

  it('impact: an AdminPanel edit that lets plain users in widens for the free user only', async () => {
    const files = { ...(await h.server.store.workspaces.version(DEMO_WORKSPACE_ID)).files }
    const path = 'components/admin-panel.ts'
    files[path] = (files[path] ?? '').replace("roles: ['admin', 'moderator']", "roles: ['admin', 'moderator', 'user']")
    const req = new Request('http://studio.local/api/impact', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ draft: { files }, window: { last: 100 } }) })
    const { status, body } = await json<{ report: ImpactReport }>(impact(req))
    expect(status).toBe(200)
    expect(body.report).toMatchObject({ total: 7, replayed: 4, widening: 1, narrowing: 0 })
    expect(body.report.flips[0]).toMatchObject({ persona: 'free-user', component: 'AdminPanel', from: 'deny', to: 'allow', direction: 'widening' })
    const unchanged = await json<{ report: ImpactReport }>(impact(new Request('http://studio.local/api/impact', { method: 'POST', body: JSON.stringify({ draft: { version: 1 } }) })))
    expect(unchanged.body.report).toMatchObject({ widening: 0, narrowing: 0 })
  })

  it('bodies nested too deeply for the sandbox are refused with a 400 before anything runs', async () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`
    const decided = await json<{ error: string; message: string }>(decide(new Request('http://studio.local/api/decide', {
      method: 'POST', body: `{"component":"ModerationPanel","kind":"action","action":"banUser","payload":${deep},"auth":{"type":"anonymous"}}`,
    })))
    expect(decided).toEqual({ status: 400, body: { error: 'BAD_REQUEST', message: 'The request body is nested deeper than 64 levels.' } })
    const replayed = await json<{ error: string; message: string }>(impact(new Request('http://studio.local/api/impact', { method: 'POST', body: `{"draft":{"version":1},"x":${deep}}` })))
    expect(replayed).toEqual({ status: 400, body: { error: 'BAD_REQUEST', message: 'The request body is nested deeper than 64 levels.' } })
  })

  it('retention: keep 3 rows, applied in the background', async () => {
    const put = await json<{ maxRows: number }>(retentionPut(new Request('http://studio.local/api/decisions/retention', { method: 'PUT', body: JSON.stringify({ maxRows: 3 }) })))
    expect(put).toMatchObject({ status: 200, body: { maxRows: 3 } })
    await new Promise((r) => setTimeout(r, 50))
    expect((await json<{ rows: number }>(retentionGet())).body.rows).toBe(3)
  })
})
