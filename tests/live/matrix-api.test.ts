import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestJson } from './helpers/json-api'
import { spawnStudio, type SpawnedStudio } from './helpers/spawn-studio'

interface Step { layer: string; outcome: string; inputs: Record<string, unknown> }
interface Cell {
  verdict: string
  decidedBy?: string
  unreachable?: { decidedBy?: string; reason?: string }
  undefinedAllow?: { payloadFields: string[]; sessionFields: string[]; anonymous: boolean; probe: { payload: unknown; decidedBy?: string } }
  decision: { trace: Step[]; sessionFieldsRead: string[] }
}
interface Matrix { workspaceId: string; version: number; personas: { id: string }[]; columns: { key: string; payload?: unknown }[]; cells: Cell[][] }
interface Comparison {
  workspaceId: string; version: number; from: string; to: string; compared: number
  changes: { persona: string; personaLabel: string; component: string; action?: string; listed: boolean; before: { verdict: string; decidedBy?: string }; after: { verdict: string; decidedBy?: string }; unreachable?: unknown }[]
}

describe('the decision matrix and the profile preview (real server: Next bundle and sandbox)', () => {
  let studio: SpawnedStudio
  const get = <T>(path: string) => requestJson<T>(`${studio.url}${path}`)
  const send = <T>(method: string, path: string, body: unknown) => requestJson<T>(`${studio.url}${path}`, method, body)
  const cell = (m: Matrix, persona: string, key: string) => m.cells[m.personas.findIndex((p) => p.id === persona)]?.[m.columns.findIndex((c) => c.key === key)]
  const authorizeStep = (c: Cell | undefined) => c?.decision.trace.find((s) => s.layer === 'actionAuth.authorize')

  beforeAll(async () => {
    studio = await spawnStudio()
  }, 60_000)
  afterAll(async () => {
    if (process.env.SHOW_STUDIO_OUTPUT) console.log(studio?.output())
    await studio?.stop()
  })

  it('marks actions behind a denied mount unreachable and flags ownerOnly passing on undefined ids', async () => {
    const { status, body: m } = await get<Matrix>('/api/workspace/matrix')
    expect(status).toBe(200)
    const anon = cell(m, 'anonymous', 'LiveAdminPanel.delete')
    expect(anon).toMatchObject({ verdict: 'allow', unreachable: { decidedBy: 'auth.required' } })
    expect(anon?.undefinedAllow).toMatchObject({ payloadFields: ['targetUserId'], sessionFields: ['id'], anonymous: true, probe: { decidedBy: 'actionAuth.authorize' } })
    expect(cell(m, 'anonymous', 'AdminPanel.deleteUser')?.unreachable).toMatchObject({ decidedBy: 'auth.required' })
    expect(cell(m, 'moderator', 'AdminPanel.deleteUser')?.unreachable).toBeUndefined()
  })

  it('lists the session fields the rule read, not every field of the session', async () => {
    const { body: m } = await get<Matrix>('/api/workspace/matrix')
    const admin = cell(m, 'admin', 'LiveAdminPanel.delete')
    expect(authorizeStep(admin)?.inputs['sessionFieldsRead']).toEqual(['id'])
    expect(admin?.decision.sessionFieldsRead).toEqual(['id'])
    // proOnly reads the id to look the plan up: the same holds for a mount rule.
    const pro = cell(m, 'pro-user', 'ProDashboard#mount')
    expect(pro?.decision.trace.find((s) => s.layer === 'auth.authorize')?.inputs['sessionFieldsRead']).toEqual(['id'])
  })

  it('decides an action column with the payload given, and reports the payload fields read', async () => {
    const { status, body: m } = await send<Matrix>('POST', '/api/workspace/matrix', { payloads: { 'LiveAdminPanel.delete': { targetUserId: 'u-admin' } } })
    expect(status).toBe(200)
    expect(m.columns.find((c) => c.key === 'LiveAdminPanel.delete')?.payload).toEqual({ targetUserId: 'u-admin' })
    const admin = cell(m, 'admin', 'LiveAdminPanel.delete')
    expect(admin?.verdict).toBe('allow')
    expect(authorizeStep(admin)?.inputs['payloadFieldsRead']).toEqual(['targetUserId'])
    expect(cell(m, 'anonymous', 'LiveAdminPanel.delete')).toMatchObject({ verdict: 'deny', unreachable: {} })
    expect(m.cells.flat().filter((c) => c.undefinedAllow && c.decision.trace.some((s) => s.inputs['payloadFieldsRead'] !== undefined))).toEqual([])
  })

  it.each([
    ['an unknown field', { payloads: {}, extra: 1 }],
    ['a payload map that is not an object', { payloads: [1] }],
    ['an empty column key', { payloads: { '': 1 } }],
    ['not JSON', 'nope{'],
  ])('refuses %s with 400', async (_name, body) => {
    expect((await send('POST', '/api/workspace/matrix', body)).status).toBe(400)
  })

  it('refuses a page that loaded another workspace (409)', async () => {
    expect((await send('POST', '/api/workspace/matrix', { payloads: {}, workspaceId: 'not-this-one' })).status).toBe(409)
    expect((await send('POST', '/api/workspace/matrix/profiles', { to: 'fluxstack-live@0.11', workspaceId: 'not-this-one' })).status).toBe(409)
  })

  it('previews a profile switch without switching', async () => {
    const { status, body } = await send<Comparison>('POST', '/api/workspace/matrix/profiles', { to: 'fluxstack-live@0.11' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ from: 'documented', to: 'fluxstack-live@0.11', version: 1 })
    expect(body.compared).toBeGreaterThan(100)
    expect(body.changes).toHaveLength(12)
    expect(body.changes.every((c) => c.component === 'ModerationPanel' && !c.listed && c.before.verdict === c.after.verdict)).toBe(true)
    expect(body.changes.find((c) => c.persona === 'admin')).toMatchObject({
      personaLabel: 'Admin', action: 'editProfile', before: { decidedBy: 'publicActions' }, after: { decidedBy: 'actionAuth.authorize' },
    })
    expect((await get<{ settings: { profile: string } }>('/api/workspace/settings')).body.settings.profile).toBe('documented')
    expect((await send<Comparison>('POST', '/api/workspace/matrix/profiles', { to: 'documented' })).body.changes).toEqual([])
    expect((await send('POST', '/api/workspace/matrix/profiles', { to: 'fluxstack-live@0.12' })).status).toBe(400)
  })

  it('decides the matrix with the profile in force once it is switched', async () => {
    expect((await send('PUT', '/api/workspace/settings', { profile: 'fluxstack-live@0.11', jwt: { clockToleranceS: 30 } })).status).toBe(200)
    const { body: m } = await get<Matrix & { profile: string; cells: (Cell & { decision: { profile: string } })[][] }>('/api/workspace/matrix')
    expect(m.cells[0]?.[0]?.decision.profile).toBe('fluxstack-live@0.11')
    // The matrix says which profile decided it (the Rules page shows it in its summary line).
    expect(m.profile).toBe('fluxstack-live@0.11')
    const back = await send<Comparison>('POST', '/api/workspace/matrix/profiles', { to: 'documented' })
    expect(back.body).toMatchObject({ from: 'fluxstack-live@0.11', to: 'documented' })
    expect(back.body.changes).toHaveLength(12)
  })
})
