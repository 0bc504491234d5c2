import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setRuntime, type StudioRuntime } from '@/lib/server/registry'
import { seedDemoWorkspace, DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

/** A runtime on a fresh temp store with the demo workspace, registered like the server does. */
export async function startRuntime(): Promise<{ store: Store; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-api-'))
  const store = new Store({ dataDir: dir })
  await seedDemoWorkspace(store)
  // The token routes read only config, store and activeWorkspaceId; the rest of the runtime is not needed here.
  const runtime = {
    version: 'test',
    startedAt: Date.now(),
    config: { port: 0, host: '127.0.0.1', dataDir: dir, adminToken: undefined, liveOrigins: [] },
    store,
    activeWorkspaceId: DEMO_WORKSPACE_ID,
    liveConnectionCount: () => 0,
  }
  setRuntime(runtime as unknown as StudioRuntime)
  return {
    store,
    async stop() {
      setRuntime(undefined)
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A JSON request to a route handler. */
export function jsonRequest(url: string, body: unknown, method = 'POST'): Request {
  return new Request(`http://studio.test${url}`, { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
}

export const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) })
