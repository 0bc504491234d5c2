import { randomBytes } from 'node:crypto'
import type { StudioStore } from '../store/contract'
import { DEMO_WORKSPACE_NAME, readDemoWorkspace } from '../workspace/demo'
import { DEMO_PERSONAS } from '../workspace/personas'

export const DEMO_WORKSPACE_ID = 'demo'
const SEEDED_FLAG = 'demo_workspace_seeded'
/** The demo workspace's HMAC key: persona tokens are minted and verified with it. */
export const DEMO_KEY_ID = 'demo-hs256'
const KEY_SEEDED_FLAG = 'demo_key_seeded'

/**
 * Gives the demo workspace its HS256 key on first start: a random 32-byte
 * secret generated here, never shipped in the source. Once only (meta flag),
 * so a deleted key is not recreated.
 */
export async function seedDemoKey(store: StudioStore, now: Date = new Date()): Promise<{ seeded: boolean }> {
  if ((await store.meta.get(KEY_SEEDED_FLAG)) || !(await store.workspaces.get(DEMO_WORKSPACE_ID))) return { seeded: false }
  await store.transaction(async (tx) => {
    // Read again inside: another instance sharing the database may have seeded it meanwhile.
    if (await tx.meta.get(KEY_SEEDED_FLAG)) return
    if (!(await tx.keys.list(DEMO_WORKSPACE_ID)).some((k) => k.kid === DEMO_KEY_ID)) {
      const k = randomBytes(32).toString('base64url')
      await tx.keys.add(DEMO_WORKSPACE_ID, {
        kid: DEMO_KEY_ID,
        alg: 'HS256',
        kty: 'oct',
        label: 'Demo HS256 key (generated at first start)',
        publicJwk: null,
        privateJwk: { kty: 'oct', k, kid: DEMO_KEY_ID, alg: 'HS256' },
        createdAt: now.toISOString(),
      })
    }
    await tx.meta.set(KEY_SEEDED_FLAG, now.toISOString())
  })
  return { seeded: true }
}

/**
 * Seeds the demo workspace and its personas on first start only. The flag in
 * `meta` (not the workspace row) decides, so a user who deletes the demo does
 * not get it back on restart.
 */
export async function seedDemoWorkspace(store: StudioStore): Promise<{ seeded: boolean }> {
  if (await store.meta.get(SEEDED_FLAG)) {
    await seedDemoKey(store)
    return { seeded: false }
  }
  const files = readDemoWorkspace()
  const seeded = await store.transaction(async (tx) => {
    if (await tx.meta.get(SEEDED_FLAG)) return false
    await tx.workspaces.create({
      id: DEMO_WORKSPACE_ID,
      name: DEMO_WORKSPACE_NAME,
      description: 'The examples of the FluxStack Live auth documentation, ready to run.',
      isDemo: true,
      files,
      message: 'Demo workspace',
    })
    for (const persona of DEMO_PERSONAS) await tx.personas.upsert(DEMO_WORKSPACE_ID, persona)
    await tx.meta.set(SEEDED_FLAG, new Date().toISOString())
    return true
  })
  await seedDemoKey(store)
  return { seeded }
}
