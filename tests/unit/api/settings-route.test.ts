import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET, PUT } from '@/app/api/workspace/settings/route'
import { getRuntime, setRuntime, type StudioRuntime } from '@/lib/server/registry'
import { jsonRequest, startRuntime } from './harness'

let runtime: Awaited<ReturnType<typeof startRuntime>>
let reloads = 0
beforeAll(async () => {
  runtime = await startRuntime()
  // The route hot-loads the settings into the live server: a host that counts reloads stands in for it.
  setRuntime({ ...getRuntime(), workspaceHost: { reload: async () => void reloads++ } } as unknown as StudioRuntime)
})
afterAll(() => runtime.stop())

const settingsOf = async (res: Response) => ((await res.json()) as { settings: unknown }).settings

describe('GET/PUT /api/workspace/settings on the store', () => {
  it('stores a valid body, hot-loads it into the live server and answers it back; other stored keys are kept', async () => {
    expect(await settingsOf(await GET())).toEqual({ profile: 'documented', jwt: { clockToleranceS: 30 } })
    const settings = { profile: 'fluxstack-live@0.11', jwt: { algorithms: ['HS256'], issuer: ['a', 'b'], clockToleranceS: 10, mapping: { idClaim: 'sub', fields: { plan: 'plan' } } } }
    const put = await PUT(jsonRequest('/api/workspace/settings', settings, 'PUT'))
    expect(put.status).toBe(200)
    expect(await settingsOf(put)).toEqual(settings)
    expect(reloads).toBe(1)
    expect(await settingsOf(await GET())).toEqual(settings)
    // Keys other features keep in the settings JSON survive a PUT (the stored JSON is read, then merged).
    await runtime.store.workspaces.updateSettings('demo', { ...settings, theme: 'dark' })
    await PUT(jsonRequest('/api/workspace/settings', { profile: 'documented' }, 'PUT'))
    expect(await runtime.store.workspaces.settings('demo')).toMatchObject({ theme: 'dark', profile: 'documented' })
  })
})
