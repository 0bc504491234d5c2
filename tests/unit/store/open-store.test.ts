import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { StoreOptions, StudioStore } from '@/lib/store/contract'
import { openStore } from '@/lib/store/open-store'
import { deriveKey } from '@/lib/store/secret-box'
import { SqliteStore } from '@/lib/store/sqlite/sqlite-store'

const dirs: string[] = []
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'open-store-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const URL = 'postgres://studio:pw@127.0.0.1:5432/studio'

describe('openStore', () => {
  it('opens SQLite in the data folder when no database URL is set (the Postgres module is never loaded)', async () => {
    const dir = tmp()
    const store = await openStore({ dataDir: dir }, () => Promise.reject(new Error('must not load')))
    try {
      expect(store).toBeInstanceOf(SqliteStore)
      expect(store.kind).toBe('sqlite')
      expect((await store.info()).location).toBe(path.join(dir, 'studio.sqlite'))
    } finally {
      await store.close()
    }
  })

  it('hands the URL and the derived secret to lib/store/postgres when STUDIO_DATABASE_URL is set', async () => {
    const calls: { url: string; options: StoreOptions }[] = []
    const fake = { kind: 'postgres' } as StudioStore
    const store = await openStore({ dataDir: tmp(), databaseUrl: URL, secret: { kind: 'text', value: 'team secret' } }, async () => ({
      openPostgresStore: async (url: string, options: StoreOptions) => {
        calls.push({ url, options })
        return fake
      },
    }))
    expect(store).toBe(fake)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe(URL)
    expect(calls[0]?.options.secret.equals(deriveKey('team secret'))).toBe(true)
  })

  it('says clearly when the build has no Postgres store, or the module exports the wrong thing', async () => {
    const missing = openStore({ dataDir: tmp(), databaseUrl: URL, secret: { kind: 'text', value: 's' } }, () => Promise.reject(new Error("Cannot find module './postgres/index'")))
    await expect(missing).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_UNAVAILABLE' })
    await expect(missing).rejects.toThrow("STUDIO_DATABASE_URL is set, but this build has no Postgres store (lib/store/postgres/index.ts could not be loaded: Cannot find module './postgres/index'). Unset STUDIO_DATABASE_URL to use the embedded SQLite store.")
    const wrong = openStore({ dataDir: tmp(), databaseUrl: URL, secret: { kind: 'text', value: 's' } }, async () => ({ open: () => undefined }))
    await expect(wrong).rejects.toThrow('lib/store/postgres/index.ts does not export openPostgresStore(url, options).')
  })
})
