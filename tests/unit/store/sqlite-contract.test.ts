import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { StudioStore } from '@/lib/store/contract'
import { openSqliteStore } from '@/lib/store/sqlite/sqlite-store'
import { describeStoreContract, type StoreHarness } from '../../store-suite'

describeStoreContract('sqlite', async ({ secret, now }): Promise<StoreHarness> => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-contract-'))
  const store = await openSqliteStore({ dataDir, secret, ...(now ? { now } : {}) })
  const others: StudioStore[] = []
  return {
    store,
    async reopen(options) {
      const other = await openSqliteStore({ dataDir, secret: options.secret })
      others.push(other)
      return other
    },
    async rawPrivateKey(workspaceId, kid) {
      const db = new Database(store.file, { readonly: true })
      try {
        const row = db.prepare('SELECT private_jwk FROM keys WHERE workspace_id = ? AND kid = ?').get(workspaceId, kid) as { private_jwk: string } | undefined
        return row?.private_jwk
      } finally {
        db.close()
      }
    },
    async cleanup() {
      for (const other of others) await other.close()
      await store.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
})
