import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { DATABASE_FILE } from '@/lib/store/open-database'
import { decisionQueriesFor } from '@/lib/store/decision-queries'
import { DecisionLog } from '@/lib/store/decisions'
import { StoreError } from '@/lib/store/errors'
import { migrations } from '@/lib/store/migrations'
import { Store } from '@/lib/store/store'

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
const clock = () => new Date('2026-11-23T10:00:00Z')

describe('Store', () => {
  it('applies every migration on an empty dir and none on an existing one', () => {
    const dir = tmp()
    const first = new Store({ dataDir: dir })
    expect(first.migrationsApplied).toEqual(migrations.map((m) => m.id))
    first.close()
    const second = new Store({ dataDir: dir })
    expect(second.migrationsApplied).toEqual([])
    expect(second.schemaVersion).toBe(migrations.at(-1)?.id)
    second.close()
  })

  it('migration 4: reasons logged before it stay searchable, the writer indexes new ones, deletes still unindex', () => {
    const dir = tmp()
    // A store file as the previous release left it: schema 3, reasons indexed by the insert trigger.
    const old = new Database(path.join(dir, DATABASE_FILE))
    for (const m of migrations.filter((x) => x.id <= 3)) old.exec(m.sql)
    old.pragma('user_version = 3')
    old.prepare(`INSERT INTO decisions (at, kind, verdict, reason, profile, duration_us, trace, warnings, auth)
      VALUES (1, 'mount', 'deny', 'Insufficient roles (before the upgrade)', 'documented', 1, '[]', '[]', 'null')`).run()
    old.close()

    const store = new Store({ dataDir: dir })
    expect(store.migrationsApplied).toEqual([4, 5, 6, 7])
    const db = new Database(store.file)
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((t) => t.name)
    expect(triggers).toEqual(['decisions_reason_ad'])
    const log = new DecisionLog(store.file)
    log.append({ at: 2, kind: 'mount', verdict: 'deny', reason: 'Insufficient roles (after the upgrade)', profile: 'documented', durationUs: 1, trace: [], auth: null })
    log.append({ at: 3, kind: 'mount', verdict: 'allow', profile: 'documented', durationUs: 1, trace: [], auth: null })
    log.close()
    const q = decisionQueriesFor(store.file)
    const found = () => q.page({ text: 'insufficient roles' }).rows.map((r) => r.reason)
    expect(found()).toEqual(['Insufficient roles (after the upgrade)', 'Insufficient roles (before the upgrade)'])
    expect(q.page({ text: 'after the up' }).rows).toHaveLength(1)
    db.prepare('DELETE FROM decisions WHERE at = 1').run()
    expect(found()).toEqual(['Insufficient roles (after the upgrade)'])
    const ftsRows = db.prepare("SELECT count(*) AS n FROM decisions_reason_fts WHERE decisions_reason_fts MATCH '\"roles\"'").get() as { n: number }
    expect(ftsRows.n).toBe(1)
    q.db.close()
    db.close()
    store.close()
  })

  it('keeps every saved version and restores an old one as a new version', () => {
    const store = new Store({ dataDir: tmp(), now: clock })
    store.workspaces.create({ id: 'w', name: 'W', files: FILES })
    store.workspaces.save('w', { ...FILES, 'components/a.ts': 'export {}\n' }, 'add a')
    expect(store.workspaces.get('w')).toMatchObject({ currentVersion: 2, fileCount: 2 })
    const restored = store.workspaces.restore('w', 1)
    expect(restored).toMatchObject({ version: 3, message: 'Restored version 1', files: FILES })
    expect(store.workspaces.history('w').map((h) => h.version)).toEqual([3, 2, 1])
    store.close()
  })

  it('remembers the errors a version was saved with; a restore keeps them, a clean save has none', () => {
    const store = new Store({ dataDir: tmp(), now: clock })
    store.workspaces.create({ id: 'w', name: 'W', files: FILES })
    const problems = [
      { file: 'auth/rules.ts', line: 3, column: 5, message: "TypeError: cannot read property 'x' of undefined", source: 'load' as const },
      { file: 'components/a.ts', line: 1, column: 10, message: "Cannot find name 'Plan'.", source: 'typescript' as const },
    ]
    expect(store.workspaces.save('w', { ...FILES, 'components/a.ts': 'export {}\n' }, 'broken', problems).problems).toEqual(problems)
    store.workspaces.save('w', FILES, 'fixed')
    store.workspaces.restore('w', 2)
    expect(store.workspaces.history('w').map((h) => [h.version, h.problems.length])).toEqual([[4, 2], [3, 0], [2, 2], [1, 0]])
    expect(store.workspaces.version('w', 4).problems).toEqual(problems)
    store.workspaces.setProblems('w', 3, [problems[0]!])
    expect(store.workspaces.version('w', 3).problems).toEqual([problems[0]])
    expect(() => store.workspaces.setProblems('w', 9, [])).toThrow('has no version 9')
    expect(() => store.workspaces.save('w', FILES, 'bad', [{ file: '', message: 'x', source: 'load' }])).toThrow()
    store.close()
  })

  it.each([
    ['../escape.ts', 'paths cannot contain . or ..'],
    ['/abs.ts', 'paths are relative, use / and end in .ts'],
    ['notes.md', 'paths are relative, use / and end in .ts'],
  ])('refuses the file path %s', (p, message) => {
    const store = new Store({ dataDir: tmp() })
    expect(() => store.workspaces.create({ id: 'w', name: 'W', files: { [p]: '' } })).toThrow(message)
    expect(store.workspaces.list()).toEqual([])
    store.close()
  })

  it('stores personas (anonymous has null claims) and keys without leaking private parts in listings', () => {
    const store = new Store({ dataDir: tmp(), now: clock })
    store.workspaces.create({ id: 'w', name: 'W', files: FILES })
    store.personas.upsert('w', { id: 'anonymous', label: 'Anonymous', description: '', kind: 'anonymous', claims: null })
    store.personas.upsert('w', { id: 'admin', label: 'Admin', description: '', kind: 'user', claims: { sub: 'u1', roles: ['admin'] } })
    expect(store.personas.list('w').map((p) => [p.id, p.claims])).toEqual([
      ['anonymous', null],
      ['admin', { sub: 'u1', roles: ['admin'] }],
    ])
    store.keys.add('w', { kid: 'k1', alg: 'HS256', kty: 'oct', label: 'demo', publicJwk: null, privateJwk: { kty: 'oct', k: 'c2VjcmV0' }, createdAt: clock().toISOString() })
    expect(store.keys.list('w')[0]).not.toHaveProperty('privateJwk')
    expect(store.keys.get('w', 'k1')?.privateJwk).toEqual({ kty: 'oct', k: 'c2VjcmV0' })
    store.close()
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

  it('refuses a SQLite file whose pages were damaged', () => {
    const dir = tmp()
    const store = new Store({ dataDir: dir })
    store.workspaces.create({ id: 'w', name: 'W', files: FILES })
    store.close()
    const file = path.join(dir, 'studio.sqlite')
    const bytes = fs.readFileSync(file)
    bytes.fill(0xff, 4096, bytes.length) // keep the header, wreck every other page
    fs.writeFileSync(file, bytes)
    expect(() => new Store({ dataDir: dir })).toThrow(/cannot be used/)
  })
})
