import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestJson } from './helpers/json-api'
import { spawnStudio, type SpawnedStudio } from './helpers/spawn-studio'

interface Doc { workspaceId: string; name: string; isDemo: boolean; version: number; files: Record<string, string> }
interface List { active: string; workspaces: { id: string; name: string; isDemo: boolean }[] }
interface Created { workspace: { id: string; name: string }; active: string; kid: string; loadError?: string }

const DOCUMENT = {
  format: 'live-auth-studio/workspace',
  version: 1,
  name: 'Imported team',
  files: {
    'auth/rules.ts': "export const signedIn = { required: true }\n",
    'components/team-chat.ts': [
      "import { LiveComponent } from '@fluxstack/live'",
      "export class TeamChat extends LiveComponent<{ n: number }> {",
      "  static componentName = 'TeamChat'",
      "  static publicActions = ['send'] as const",
      '  static defaultState = { n: 0 }',
      "  static auth = { required: true, roles: ['team'] }",
      '  async send() { return true }',
      '}',
      '',
    ].join('\n'),
  },
  personas: [
    { id: 'member', label: 'Member', description: 'On the team', kind: 'user', claims: { sub: 'u-m', roles: ['team'] } },
    { id: 'guest', label: 'Guest', description: '', kind: 'user', claims: { sub: 'u-g', roles: [] } },
  ],
  ruleTests: [
    { id: 'member-mounts', persona: 'member', kind: 'mount', component: 'TeamChat', expect: 'allow' },
    { id: 'guest-denied', persona: 'guest', kind: 'mount', component: 'TeamChat', expect: 'deny' },
  ],
}

describe('workspace list, import as a new workspace and switch (real server)', () => {
  let studio: SpawnedStudio
  const get = <T>(path: string, base = studio.url) => requestJson<T>(`${base}${path}`)
  const post = <T>(path: string, body: unknown) => requestJson<T>(`${studio.url}${path}`, 'POST', body)
  let importedId = ''

  beforeAll(async () => {
    studio = await spawnStudio()
  }, 60_000)
  afterAll(async () => {
    if (process.env.SHOW_STUDIO_OUTPUT) console.log(studio?.output())
    await studio?.stop()
  })

  it('lists the demo as the only, active workspace', async () => {
    const { status, body } = await get<List>('/api/workspaces')
    expect(status).toBe(200)
    expect(body).toMatchObject({ active: 'demo', workspaces: [{ id: 'demo', isDemo: true }] })
  })

  it.each([
    ['a non-JSON body', 'not json', /Send a JSON body/],
    ['a wrong format', { document: { ...DOCUMENT, format: 'other' } }, /document\.format/],
    ['a key riding along', { document: { ...DOCUMENT, keys: [{ kid: 'k', k: 'secret' }] } }, /keys/],
    ['a path outside the workspace', { document: { ...DOCUMENT, files: { '../evil.ts': 'x' } } }, /relative|\.\./],
    ['a persona id the store refuses', { document: { ...DOCUMENT, personas: [{ ...DOCUMENT.personas[0], id: 'Not Valid' }] } }, /document\.personas\.0/],
  ])('refuses %s with a 400 and creates nothing', async (_name, body, message) => {
    const res = await post<{ error: string; message: string }>('/api/workspaces', body)
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('BAD_REQUEST')
    expect(res.body.message).toMatch(message)
    expect((await get<List>('/api/workspaces')).body.workspaces).toHaveLength(1)
  })

  it('creates a workspace from a document and serves it: files, personas, tests, a fresh HS256 key', async () => {
    const created = await post<Created>('/api/workspaces', { document: DOCUMENT, activate: true })
    expect(created.status).toBe(201)
    expect(created.body.loadError).toBeUndefined()
    importedId = created.body.workspace.id
    expect(importedId).toMatch(/^ws-[0-9a-f]{12}$/)
    expect(created.body.active).toBe(importedId)

    const doc = await get<Doc>('/api/workspace/files')
    expect(doc.body).toMatchObject({ workspaceId: importedId, name: 'Imported team', isDemo: false, version: 1, files: DOCUMENT.files })
    const personas = await get<{ personas: { id: string }[] }>('/api/personas')
    expect(personas.body.personas.map((p) => p.id)).toEqual(['member', 'guest'])
    const tests = await get<{ passed: number; failed: number; errors: number }>('/api/workspace/tests')
    expect(tests.body).toMatchObject({ passed: 2, failed: 0, errors: 0 })
    const keys = await get<{ keys: { kid: string; alg: string }[] }>('/api/keys')
    expect(keys.body.keys).toEqual([expect.objectContaining({ kid: created.body.kid, alg: 'HS256' })])
    // The live server's host loaded it: the component palette is the imported one.
    const components = await get<{ components: { name: string }[] }>('/api/workspace/components')
    expect(components.body.components.map((c) => c.name)).toEqual(['TeamChat'])
  })

  it('refuses to switch to a workspace that does not exist', async () => {
    const res = await post<{ message: string }>('/api/workspaces/active', { id: 'ws-nope' })
    expect(res.status).toBe(404)
    expect(res.body.message).toBe('No workspace with id "ws-nope".')
    expect((await post<{ message: string }>('/api/workspaces/active', {})).status).toBe(400)
  })

  it('keeps the active workspace across a restart, then switches back to the demo', async () => {
    const dataDir = studio.dataDir
    await studio.stop()
    studio = await spawnStudio({ STUDIO_DATA_DIR: dataDir })
    expect((await get<List>('/api/workspaces')).body.active).toBe(importedId)
    expect((await get<Doc>('/api/workspace/files')).body.workspaceId).toBe(importedId)

    const back = await post<{ active: string }>('/api/workspaces/active', { id: 'demo' })
    expect(back).toEqual({ status: 200, body: { active: 'demo' } })
    const doc = await get<Doc>('/api/workspace/files')
    expect(doc.body.workspaceId).toBe('demo')
    expect(doc.body.files['auth/rules.ts']).toContain('export const adminOnly')
    const components = await get<{ components: { name: string }[] }>('/api/workspace/components')
    expect(components.body.components.map((c) => c.name)).toContain('AdminPanel')
  }, 60_000)

  it('renames a workspace; refuses an empty name and an unknown id', async () => {
    const renamed = await requestJson<{ workspace: { id: string; name: string } }>(`${studio.url}/api/workspaces/${importedId}`, 'PATCH', { name: '  Team rules  ' })
    expect(renamed).toEqual({ status: 200, body: { workspace: expect.objectContaining({ id: importedId, name: 'Team rules' }) } })
    expect((await get<List>('/api/workspaces')).body.workspaces.find((w) => w.id === importedId)?.name).toBe('Team rules')
    const empty = await requestJson<{ message: string }>(`${studio.url}/api/workspaces/${importedId}`, 'PATCH', { name: '   ' })
    expect(empty.status).toBe(400)
    expect(empty.body.message).toMatch(/name/)
    expect((await requestJson(`${studio.url}/api/workspaces/ws-nope`, 'PATCH', { name: 'x' })).status).toBe(404)
  })

  it('deletes a workspace with its versions, personas, keys and tests; never the demo or the served one', async () => {
    const demo = await requestJson<{ error: string; message: string }>(`${studio.url}/api/workspaces/demo`, 'DELETE')
    expect(demo.status).toBe(409)
    expect(demo.body.message).toMatch(/demo workspace cannot be deleted/)

    await post('/api/workspaces/active', { id: importedId })
    const served = await requestJson<{ message: string }>(`${studio.url}/api/workspaces/${importedId}`, 'DELETE')
    expect(served.status).toBe(409)
    expect(served.body.message).toMatch(/switch to another workspace/)
    await post('/api/workspaces/active', { id: 'demo' })

    const deleted = await requestJson<List>(`${studio.url}/api/workspaces/${importedId}`, 'DELETE')
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ active: 'demo', workspaces: [expect.objectContaining({ id: 'demo' })] })
    expect((await requestJson(`${studio.url}/api/workspaces/${importedId}/jwks.json`)).status).toBe(404)
    expect((await post<{ message: string }>('/api/workspaces/active', { id: importedId })).status).toBe(404)
    expect((await requestJson(`${studio.url}/api/workspaces/${importedId}`, 'DELETE')).status).toBe(404)
    // The same document imports again cleanly (no leftover rule tests or keys under a reused id).
    const again = await post<Created>('/api/workspaces', { document: DOCUMENT })
    expect(again.status).toBe(201)
    expect((await get<List>('/api/workspaces')).body.workspaces).toHaveLength(2)
  })
})
