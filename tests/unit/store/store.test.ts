import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { DATABASE_FILE } from '@/lib/store/sqlite/open-database'
import { DecisionQueries } from '@/lib/store/sqlite/decision-queries'
import { GENERATED_SECRET_FILE } from '@/lib/store/store-secret'
import { DecisionLog } from '@/lib/store/sqlite/decision-log'
import { StoreError } from '@/lib/store/errors'
import { migrations } from '@/lib/store/sqlite/migrations'
import { SqliteStore as Store } from '@/lib/store/sqlite/sqlite-store'

const dirs: string[] = []
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const FILES = { 'auth/rules.ts': "export const adminOnly = { required: true, roles: ['admin'] }\n" }
const SECRET = Buffer.alloc(32, 3)

describe('SqliteStore', () => {
  it('applies every migration on an empty dir and none on an existing one', async () => {
    const dir = tmp()
    const first = new Store({ dataDir: dir })
    expect(first.migrations.applied).toEqual(migrations.map((m) => m.id))
    await first.close()
    const second = new Store({ dataDir: dir })
    expect(second.migrations.applied).toEqual([])
    expect(second.migrations.version).toBe(migrations.at(-1)?.id)
    await second.close()
  })

  it('migration 4: reasons logged before it stay searchable, the writer indexes new ones, deletes still unindex', async () => {
    const dir = tmp()
    // A store file as the previous release left it: schema 3, reasons indexed by the insert trigger.
    const old = new Database(path.join(dir, DATABASE_FILE))
    for (const m of migrations.filter((x) => x.id <= 3)) old.exec(m.sql)
    old.pragma('user_version = 3')
    old.prepare(`INSERT INTO decisions (at, kind, verdict, reason, profile, duration_us, trace, warnings, auth)
      VALUES (1, 'mount', 'deny', 'Insufficient roles (before the upgrade)', 'documented', 1, '[]', '[]', 'null')`).run()
    old.close()

    const store = new Store({ dataDir: dir })
    expect(store.migrations.applied).toEqual([4, 5, 6, 7, 8])
    const db = new Database(store.file)
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((t) => t.name)
    expect(triggers).toEqual(['decisions_reason_ad'])
    const log = new DecisionLog(store.file)
    log.append({ at: 2, kind: 'mount', verdict: 'deny', reason: 'Insufficient roles (after the upgrade)', profile: 'documented', durationUs: 1, trace: [], auth: null })
    log.append({ at: 3, kind: 'mount', verdict: 'allow', profile: 'documented', durationUs: 1, trace: [], auth: null })
    log.close()
    const q = new DecisionQueries(store.file)
    const found = () => q.page({ text: 'insufficient roles' }).rows.map((r) => r.reason)
    expect(found()).toEqual(['Insufficient roles (after the upgrade)', 'Insufficient roles (before the upgrade)'])
    expect(q.page({ text: 'after the up' }).rows).toHaveLength(1)
    db.prepare('DELETE FROM decisions WHERE at = 1').run()
    expect(found()).toEqual(['Insufficient roles (after the upgrade)'])
    const ftsRows = db.prepare("SELECT count(*) AS n FROM decisions_reason_fts WHERE decisions_reason_fts MATCH '\"roles\"'").get() as { n: number }
    expect(ftsRows.n).toBe(1)
    q.close()
    db.close()
    await store.close()
  })

  it('migration 8: private key parts stored in clear before it are sealed, and still read', async () => {
    const dir = tmp()
    // A store file as the previous release left it: schema 7, the private JWK in clear.
    const old = new Database(path.join(dir, DATABASE_FILE))
    for (const m of migrations.filter((x) => x.id <= 7)) old.exec(m.sql)
    old.pragma('user_version = 7')
    old.prepare(`INSERT INTO workspaces (id, name, current_version, created_at, updated_at) VALUES ('w', 'W', 1, 'x', 'x')`).run()
    old.prepare(`INSERT INTO workspace_versions (workspace_id, version, files, created_at) VALUES ('w', 1, ?, 'x')`).run(JSON.stringify(FILES))
    old.prepare(`INSERT INTO keys (workspace_id, kid, alg, kty, private_jwk, created_at) VALUES ('w', 'k1', 'HS256', 'oct', ?, 'x')`).run(JSON.stringify({ kty: 'oct', k: 'cGxhaW4tc2VjcmV0' }))
    old.close()

    const store = new Store({ dataDir: dir, secret: SECRET })
    expect(store.migrations.applied).toEqual([8])
    const reader = new Database(store.file, { readonly: true })
    const raw = (reader.prepare('SELECT private_jwk FROM keys').get() as { private_jwk: string }).private_jwk
    reader.close()
    expect(raw).toMatch(/^enc:v1:/)
    expect(raw).not.toContain('cGxhaW4tc2VjcmV0')
    expect((await store.keys.get('w', 'k1'))?.privateJwk).toEqual({ kty: 'oct', k: 'cGxhaW4tc2VjcmV0' })
    await store.close()
  })

  it('without a secret, uses the data folder\'s secret.key, created 0600 on first open and kept', async () => {
    const dir = tmp()
    const first = new Store({ dataDir: dir })
    await first.workspaces.create({ id: 'w', name: 'W', files: FILES })
    await first.keys.add('w', { kid: 'k', alg: 'HS256', kty: 'oct', label: '', publicJwk: null, privateJwk: { kty: 'oct', k: 'c2VjcmV0' }, createdAt: 'x' })
    await first.close()
    const keyFile = path.join(dir, GENERATED_SECRET_FILE)
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)
    const second = new Store({ dataDir: dir })
    expect((await second.keys.get('w', 'k'))?.privateJwk).toEqual({ kty: 'oct', k: 'c2VjcmV0' })
    await second.close()
  })

  it('refuses a corrupt file with STORE_CORRUPT, names it and leaves it byte for byte', () => {
    const dir = tmp()
    const file = path.join(dir, 'studio.sqlite')
    const junk = Buffer.from('garbage '.repeat(600))
    fs.writeFileSync(file, junk)
    let error: unknown
    try {
      new Store({ dataDir: dir })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('STORE_CORRUPT')
    expect((error as StoreError).message).toContain(`The studio database ${file} cannot be used`)
    expect(fs.readFileSync(file).equals(junk)).toBe(true)
  })

  it('refuses a SQLite file whose pages were damaged', async () => {
    const dir = tmp()
    const store = new Store({ dataDir: dir })
    await store.workspaces.create({ id: 'w', name: 'W', files: FILES })
    await store.close()
    const file = path.join(dir, 'studio.sqlite')
    const bytes = fs.readFileSync(file)
    bytes.fill(0xff, 4096, bytes.length) // keep the header, wreck every other page
    fs.writeFileSync(file, bytes)
    expect(() => new Store({ dataDir: dir })).toThrow(/cannot be used/)
  })
})
