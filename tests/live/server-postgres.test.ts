/**
 * The studio server on the Postgres store (STUDIO_DATABASE_URL): it seeds the demo once, reports
 * the store kind, logs live decisions to Postgres, and a second start on the same
 * database finds everything in place.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioConfig } from '@/lib/config'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { startStudioServer, type StudioServer } from '@/lib/server/studio-server'
import { startPostgres, type PostgresServer } from '@/tests/helpers/pg-server'
import { LiveClient, personaToken } from './helpers/live-harness'

let pgServer: PostgresServer
const dataDirs: string[] = []

beforeAll(async () => {
  pgServer = await startPostgres()
})

afterAll(async () => {
  await pgServer?.stop()
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true })
})

async function start(): Promise<StudioServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-pg-'))
  dataDirs.push(dataDir)
  const config: StudioConfig = {
    port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [], databaseUrl: pgServer.url, secret: { kind: 'text', value: 'team secret' },
  }
  const server = await startStudioServer({ config, withNext: false })
  await server.workspaceHost.current()
  return server
}

describe('studio server on Postgres', () => {
  it('seeds the demo into Postgres, reports the store, logs live decisions there, and starts again on the same database', async () => {
    const first = await start()
    let mountedId = ''
    try {
      // What /api/status reports (its route is Next's, not started here).
      expect(await first.store.info()).toMatchObject({ kind: 'postgres', location: pgServer.url, schemaVersion: 2 })
      expect((await first.store.workspaces.get(DEMO_WORKSPACE_ID))?.isDemo).toBe(true)

      const client = await LiveClient.open(`ws://127.0.0.1:${first.port}/api/live/ws`)
      await client.auth(await personaToken(first, 'free-user'))
      await client.mount('AdminPanel')
      client.close()
      await first.store.decisions.flush()
      const page = await first.store.decisions.page({ component: 'AdminPanel', verdict: 'deny' })
      expect(page.rows[0]).toMatchObject({ kind: 'mount', persona: 'free-user', component: 'AdminPanel' })
      mountedId = String(page.rows[0]?.id)
    } finally {
      await first.close()
    }

    // Same database, another data folder: nothing is seeded twice, the key opens with the shared secret, the log is there.
    const second = await start()
    try {
      expect((await second.store.workspaces.list()).filter((w) => w.id === DEMO_WORKSPACE_ID)).toHaveLength(1)
      expect(second.store.migrations.applied).toEqual([])
      expect(await personaToken(second, 'admin')).toMatch(/^eyJ/)
      expect(String((await second.store.decisions.get(Number(mountedId)))?.id)).toBe(mountedId)
    } finally {
      await second.close()
    }
  })
})
