import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestJson } from './helpers/json-api'
import { spawnStudio, type SpawnedStudio } from './helpers/spawn-studio'

interface Doc { workspaceId: string; version: number; files: Record<string, string> }
interface Matrix { version: number; previousVersion: number | null; personas: { id: string }[]; columns: { key: string }[]; cells: { verdict: string; decidedBy?: string }[][]; flips: { persona: string; key: string; change: string }[] }
interface Tests { version: number; passed: number; failed: number; results: { id: string; status: string; message?: string }[] }

describe('workspace APIs of the rule studio (real server)', () => {
  let studio: SpawnedStudio
  const get = <T>(path: string) => requestJson<T>(`${studio.url}${path}`)
  const send = <T>(method: string, path: string, body: unknown) => requestJson<T>(`${studio.url}${path}`, method, body)
  const cell = (m: Matrix, persona: string, key: string) => m.cells[m.personas.findIndex((p) => p.id === persona)]?.[m.columns.findIndex((c) => c.key === key)]

  beforeAll(async () => {
    studio = await spawnStudio()
  }, 60_000)
  afterAll(async () => {
    if (process.env.SHOW_STUDIO_OUTPUT) console.log(studio?.output())
    await studio?.stop()
  })

  it('serves the demo workspace files at version 1', async () => {
    const { status, body } = await get<Doc>('/api/workspace/files')
    expect(status).toBe(200)
    expect(body.version).toBe(1)
    expect(body.files['auth/rules.ts']).toContain('export const adminOnly')
  })

  it('diagnoses a draft without saving it', async () => {
    const { body: doc } = await get<Doc>('/api/workspace/files')
    const files = { ...doc.files, 'components/protected-chat.ts': (doc.files['components/protected-chat.ts'] ?? '').replace('static publicActions', '// static publicActions') }
    const { status, body } = await send<{ problems: { file: string; code: string; line?: number }[] }>('POST', '/api/workspace/diagnostics', { files })
    expect(status).toBe(200)
    expect(body.problems).toContainEqual(expect.objectContaining({ file: 'components/protected-chat.ts', code: 'no-public-actions' }))
    expect((await get<Doc>('/api/workspace/files')).body.version).toBe(1)
  })

  it('runs the demo rule tests green on version 1', async () => {
    const { status, body } = await get<Tests>('/api/workspace/tests')
    expect(status).toBe(200)
    expect(body.results.filter((r) => r.status !== 'pass')).toEqual([])
    expect(body.passed).toBe(10)
  })

  it('saves a change, hot-loads it, flips matrix cells and turns a test red', async () => {
    const { body: doc } = await get<Doc>('/api/workspace/files')
    const files = { ...doc.files, 'auth/rules.ts': (doc.files['auth/rules.ts'] ?? '').replace("roles: ['admin'] }", "roles: ['moderator'] }") }
    const saved = await send<{ version: number }>('POST', '/api/workspace/save', { files, baseVersion: 1, message: 'moderators run LiveAdminPanel' })
    expect(saved).toEqual({ status: 201, body: { version: 2, createdAt: expect.any(String) } })

    const components = await get<{ workspaceVersion: number }>('/api/workspace/components')
    expect(components.body.workspaceVersion).toBe(2)

    const { body: m } = await get<Matrix>('/api/workspace/matrix')
    expect(m.version).toBe(2)
    expect(m.previousVersion).toBe(1)
    expect(cell(m, 'admin', 'LiveAdminPanel#mount')?.verdict).toBe('deny')
    expect(m.flips).toContainEqual({ persona: 'admin', key: 'LiveAdminPanel#mount', change: 'narrowed', before: 'allow', after: 'deny' })
    expect(m.flips).toContainEqual({ persona: 'moderator', key: 'LiveAdminPanel#mount', change: 'widened', before: 'deny', after: 'allow' })

    const { body: t } = await get<Tests>('/api/workspace/tests')
    expect(t.results.find((r) => r.id === 'admin-mounts-live-admin-panel')).toMatchObject({ status: 'fail', message: expect.stringContaining('expected allow, got deny') })
  })

  it('refuses a save based on an older version (409) and changes nothing', async () => {
    const { body: doc } = await get<Doc>('/api/workspace/files')
    const res = await send<{ error: string; message: string }>('POST', '/api/workspace/save', { files: doc.files, baseVersion: 1 })
    expect(res.status).toBe(409)
    expect(res.body.message).toMatch(/now version 2/)
    expect((await get<Doc>('/api/workspace/files')).body.version).toBe(2)
  })

  it.each([
    ['a path outside the workspace', { files: { '../x.ts': '' } }],
    ['a non-ts file', { files: { 'notes.txt': '' } }],
    ['an unknown field', { files: {}, extra: 1 }],
    ['not JSON', 'nope{'],
  ])('rejects %s with 400', async (_name, body) => {
    const res = await send<{ error: string; message: string }>('POST', '/api/workspace/save', body)
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('BAD_REQUEST')
    expect(JSON.stringify(res.body)).not.toMatch(/at .+\.ts:\d+/)
  })

  it('lists history, serves an old version and restores it as a new one', async () => {
    const { body: h } = await get<{ current: number; versions: { version: number; message: string }[] }>('/api/workspace/history')
    expect(h.current).toBe(2)
    expect(h.versions.map((v) => v.version)).toEqual([2, 1])
    const v1 = await get<{ files: Record<string, string> }>('/api/workspace/history?version=1')
    expect(v1.body.files['auth/rules.ts']).toContain("roles: ['admin'] }")
    expect((await get('/api/workspace/history?version=9')).status).toBe(404)
    const restored = await send<{ version: number }>('POST', '/api/workspace/restore', { version: 1 })
    expect(restored.body.version).toBe(3)
    const { body: m } = await get<Matrix>('/api/workspace/matrix')
    expect(cell(m, 'admin', 'LiveAdminPanel#mount')?.verdict).toBe('allow')
    expect(m.flips).toContainEqual({ persona: 'admin', key: 'LiveAdminPanel#mount', change: 'widened', before: 'deny', after: 'allow' })
  })

  it('a version saved with errors is marked broken: the load errors the server finds, the TypeScript errors the page reports', async () => {
    type Problem = { file: string; line?: number; message: string; source: 'load' | 'typescript' }
    type History = { current: number; versions: { version: number; problems: Problem[] }[] }
    const { body: doc } = await get<Doc>('/api/workspace/files')
    const rules = `${doc.files['auth/rules.ts'] ?? ''}\nconst settings: any = undefined\nexport const limit = settings.max\n`
    const typeError: Problem = { file: 'auth/rules.ts', line: 3, message: "Cannot find name 'Plan'.", source: 'typescript' }
    // The page reports a stale load error of its own: the server's finding replaces it.
    const stale: Problem = { file: 'components/a.ts', message: 'an old load error', source: 'load' }
    const saved = await send<{ version: number }>('POST', '/api/workspace/save', { files: { ...doc.files, 'auth/rules.ts': rules }, baseVersion: doc.version, problems: [typeError, stale] })
    expect(saved.status).toBe(201)
    const broken = (await get<History>('/api/workspace/history')).body.versions[0]
    expect(broken?.version).toBe(saved.body.version)
    expect(broken?.problems).toEqual([
      { file: 'auth/rules.ts', line: rules.split('\n').length - 1, column: 30, message: "TypeError: cannot read property 'max' of undefined", source: 'load' },
      typeError,
    ])
    expect((await get<{ problems: Problem[] }>(`/api/workspace/history?version=${saved.body.version}`)).body.problems).toHaveLength(2)
    // A clean save carries none; restoring the broken version loads it again and finds its load error again.
    const clean = await send<{ version: number }>('POST', '/api/workspace/save', { files: doc.files, baseVersion: saved.body.version })
    const restored = await send<{ version: number }>('POST', '/api/workspace/restore', { version: saved.body.version })
    const h = (await get<History>('/api/workspace/history')).body.versions
    expect(h.find((v) => v.version === clean.body.version)?.problems).toEqual([])
    expect(h.find((v) => v.version === restored.body.version)?.problems.map((p) => p.source)).toEqual(['load', 'typescript'])
    await send('POST', '/api/workspace/restore', { version: clean.body.version })
  })

  it('stores rule tests and validates them', async () => {
    const tests = [{ id: 'anon-chat', persona: 'anonymous', component: 'ProtectedChat', kind: 'mount', expect: 'deny' }]
    const ok = await send<Tests>('PUT', '/api/workspace/tests', { tests })
    expect(ok.status).toBe(200)
    expect(ok.body.results).toEqual([expect.objectContaining({ id: 'anon-chat', status: 'pass' })])
    expect((await get<Tests>('/api/workspace/tests')).body.results.map((r) => r.id)).toEqual(['anon-chat'])
    const bad = await send<{ message: string }>('PUT', '/api/workspace/tests', { tests: [{ id: 'x', persona: 'admin', kind: 'action', component: 'A', expect: 'allow' }] })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/action/)

    // "Save as test" from a trace adds one; a taken id gets a suffix, nothing is overwritten.
    const one = { id: 'anon-chat', persona: 'free-user', component: 'AdminPanel', kind: 'mount', expect: 'deny', reasonContains: 'Insufficient roles' }
    const added = await send<Tests & { added: string }>('POST', '/api/workspace/tests', { test: one })
    expect(added.status).toBe(201)
    expect(added.body.added).toBe('anon-chat-2')
    expect(added.body.results.map((r) => [r.id, r.status])).toEqual([['anon-chat', 'pass'], ['anon-chat-2', 'pass']])
    const refused = await send<{ message: string }>('POST', '/api/workspace/tests', { test: { ...one, expect: 'allow' } })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/reasonContains/)
  })

  it('simulates State Backed authorizers for a persona and a raw token payload', async () => {
    const { body: list } = await get<{ machines: { name: string; hasRead: boolean }[] }>('/api/workspace/statebacked')
    expect(list.machines.map((m) => m.name).sort()).toEqual(['profile', 'team-board'])
    const own = await send<{ verdict: string; authContext: unknown }>('POST', '/api/workspace/statebacked', {
      machine: 'profile', instance: { name: 'u-admin' }, request: { kind: 'read' }, tokenPayload: { act: { sub: 'u-admin' } },
    })
    expect(own.body).toMatchObject({ verdict: 'allow', authContext: { sub: 'u-admin' } })
    const other = await send<{ verdict: string }>('POST', '/api/workspace/statebacked', {
      machine: 'profile', instance: { name: 'u-free' }, request: { kind: 'write', event: { type: 'rename' } }, tokenPayload: { act: { sub: 'u-admin' } },
    })
    expect(other.body.verdict).toBe('deny')
    const missing = await send<{ error: string }>('POST', '/api/workspace/statebacked', { machine: 'nope', instance: { name: 'x' }, request: { kind: 'read' }, persona: 'admin' })
    expect(missing.status).toBe(404)
  })
  it('refuses writes from a page that loaded another workspace (switched in another tab): 409, nothing written', async () => {
    const { body: doc } = await get<Doc>('/api/workspace/files')
    const before = (await get<{ current: number }>('/api/workspace/history')).body.current
    const save = await send<{ error: string; message: string }>('POST', '/api/workspace/save', { files: doc.files, baseVersion: doc.version, workspaceId: 'imported-elsewhere' })
    expect(save.status).toBe(409)
    expect(save.body.message).toContain("This page edits workspace 'imported-elsewhere'")
    expect((await send<unknown>('POST', '/api/workspace/restore', { version: 1, workspaceId: 'imported-elsewhere' })).status).toBe(409)
    const test = { id: 't', persona: 'admin', component: 'AdminPanel', kind: 'mount', expect: 'allow' }
    expect((await send<unknown>('PUT', '/api/workspace/tests', { tests: [test], workspaceId: 'imported-elsewhere' })).status).toBe(409)
    expect((await send<unknown>('POST', '/api/workspace/tests', { test, workspaceId: 'imported-elsewhere' })).status).toBe(409)
    expect((await get<{ current: number }>('/api/workspace/history')).body.current).toBe(before)
    // The page's own workspace id goes through.
    expect((await send<unknown>('POST', '/api/workspace/save', { files: doc.files, baseVersion: doc.version, workspaceId: doc.workspaceId })).status).toBe(201)
    expect((await send<unknown>('POST', '/api/workspace/restore', { version: 1, workspaceId: doc.workspaceId })).status).toBe(201)
  })
})
