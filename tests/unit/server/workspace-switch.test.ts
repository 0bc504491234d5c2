import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { WorkspaceHost } from '@/lib/server/workspace-host'
import { ACTIVE_WORKSPACE_META, activeWorkspaceAtStart } from '@/lib/server/workspace-switch'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

const dirs: string[] = []
const stores: Store[] = []
async function store(): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switch-test-'))
  dirs.push(dir)
  const s = new Store({ dataDir: dir })
  stores.push(s)
  await s.workspaces.create({ id: 'demo', name: 'Demo', isDemo: true, files: { 'auth/rules.ts': 'export const a = 1\n' } })
  await s.workspaces.create({ id: 'ws-b', name: 'B', files: { 'auth/rules.ts': 'export const b = 2\n' } })
  return s
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A fake sandbox load that records which sources were loaded and which were disposed. */
function fakeLoad() {
  const disposed: string[] = []
  const load = async (files: Readonly<Record<string, string>>, options: { version?: string }) => {
    const tag = `${files['auth/rules.ts']?.trim() ?? '?'}@${options.version ?? ''}`
    return { version: tag, dispose: () => disposed.push(tag) } as unknown as LoadedWorkspace
  }
  return { load, disposed }
}

describe('active workspace', () => {
  it('starts on the remembered workspace, or the demo when none is remembered or it is gone', async () => {
    const s = await store()
    expect(await activeWorkspaceAtStart(s)).toBe('demo')
    await s.meta.set(ACTIVE_WORKSPACE_META, 'ws-b')
    expect(await activeWorkspaceAtStart(s)).toBe('ws-b')
    await s.meta.set(ACTIVE_WORKSPACE_META, 'ws-deleted')
    expect(await activeWorkspaceAtStart(s)).toBe('demo')
  })

  it('switchTo serves the other workspace at the same version number, disposing unused versions after a grace period', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const s = await store()
    const { load, disposed } = fakeLoad()
    const host = new WorkspaceHost({ store: s, workspaceId: 'demo', load })
    expect((await host.current()).loaded.version).toBe('export const a = 1@1')
    const next = await host.switchTo('ws-b')
    expect(host.workspaceId).toBe('ws-b')
    expect(next).toMatchObject({ workspaceId: 'ws-b', version: 1 })
    expect(next.loaded.version).toBe('export const b = 2@1')
    expect((await host.current()).workspaceId).toBe('ws-b')
    await Promise.resolve()
    expect(disposed).toEqual([])
    vi.advanceTimersByTime(5_000)
    await Promise.resolve()
    expect(disposed).toEqual(['export const a = 1@1'])
    host.dispose()
    vi.useRealTimers()
  })

  it('a mount already on its way when the switch happens still gets a live version, kept until it unmounts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const s = await store()
    const { load, disposed } = fakeLoad()
    const host = new WorkspaceHost({ store: s, workspaceId: 'demo', load })
    const hosted = await host.current() // the mount handler has its version...
    await host.switchTo('ws-b') // ...then another tab switches the workspace...
    const release = host.acquire(hosted) // ...and the mount takes its reference.
    vi.advanceTimersByTime(10_000)
    await Promise.resolve()
    expect(disposed).toEqual([])
    release()
    await Promise.resolve()
    expect(disposed).toEqual(['export const a = 1@1'])
    host.dispose()
    vi.useRealTimers()
  })

  it('keeps a version a mounted component holds until it unmounts, even after a switch', async () => {
    const s = await store()
    const { load, disposed } = fakeLoad()
    const host = new WorkspaceHost({ store: s, workspaceId: 'demo', load })
    const release = host.acquire(await host.current())
    await host.switchTo('ws-b')
    await Promise.resolve()
    expect(disposed).toEqual([])
    // Releasing the old workspace's version must not touch ws-b's version 1.
    release()
    await Promise.resolve()
    expect(disposed).toEqual(['export const a = 1@1'])
    expect((await host.current()).loaded.version).toBe('export const b = 2@1')
    expect(host.usage()).toEqual([{ version: 1, refs: 0, current: true }])
    host.dispose()
  })
})
