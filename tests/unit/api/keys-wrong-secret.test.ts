import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as jwks } from '@/app/.well-known/jwks.json/route'
import { POST as createKey, GET as listKeys } from '@/app/api/keys/route'
import { POST as exportKey } from '@/app/api/keys/[kid]/export/route'
import { POST as sign } from '@/app/api/tokens/route'
import { setRuntime, type StudioRuntime } from '@/lib/server/registry'
import { DEMO_WORKSPACE_ID, seedDemoWorkspace } from '@/lib/server/seed-demo'
import { SqliteStore } from '@/lib/store/sqlite/sqlite-store'
import { jsonRequest, params } from './harness'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-wrong-secret-'))
const use = (store: SqliteStore) => setRuntime({ store, activeWorkspaceId: DEMO_WORKSPACE_ID, config: { dataDir: dir } } as unknown as StudioRuntime)
let other: SqliteStore

beforeAll(async () => {
  const first = new SqliteStore({ dataDir: dir, secret: Buffer.alloc(32, 1) })
  await seedDemoWorkspace(first)
  use(first)
  expect((await createKey(jsonRequest('/api/keys', { action: 'generate', alg: 'ES256', kid: 'es-1' }))).status).toBe(201)
  await first.close()
  // The same store file, opened with another secret (STUDIO_SECRET changed, or secret.key lost).
  other = new SqliteStore({ dataDir: dir, secret: Buffer.alloc(32, 2) })
  use(other)
})
afterAll(async () => {
  setRuntime(undefined)
  await other.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('keys stored under another secret', () => {
  it('are still listed (with their private part) and published in the JWKS', async () => {
    const res = await listKeys()
    expect(res.status).toBe(200)
    const { keys } = (await res.json()) as { keys: { kid: string; hasPrivate: boolean; publicJwk: unknown }[] }
    expect(keys.map((k) => [k.kid, k.hasPrivate, k.publicJwk !== null])).toEqual([['demo-hs256', true, false], ['es-1', true, true]])
    const set = (await (await jwks()).json()) as { keys: { kid: string }[] }
    expect(set.keys.map((k) => k.kid)).toEqual(['es-1'])
  })

  it('answer 503 naming the key and the secret mismatch when exported or signed with', async () => {
    const exported = await exportKey(jsonRequest('/api/keys/es-1/export', { part: 'private', format: 'jwk' }), params({ kid: 'es-1' }))
    expect(exported.status).toBe(503)
    const body = (await exported.json()) as { error: string; message: string }
    expect(body.error).toBe('UNAVAILABLE')
    expect(body.message).toMatch(/^The private part of key "es-1" cannot be decrypted: the store secret .* does not match/)
    const signed = await sign(jsonRequest('/api/tokens', { claims: { sub: 'a' }, keyId: 'demo-hs256' }))
    expect(signed.status).toBe(503)
    expect(((await signed.json()) as { message: string }).message).toContain('"demo-hs256"')
  })
})
