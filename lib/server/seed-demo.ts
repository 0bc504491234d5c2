import { randomBytes } from 'node:crypto'
import type { Store } from '../store/store'
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
export function seedDemoKey(store: Store, now: Date = new Date()): { seeded: boolean } {
  if (store.getMeta(KEY_SEEDED_FLAG) || !store.workspaces.get(DEMO_WORKSPACE_ID)) return { seeded: false }
  store.transaction(() => {
    if (!store.keys.get(DEMO_WORKSPACE_ID, DEMO_KEY_ID)) {
      const k = randomBytes(32).toString('base64url')
      store.keys.add(DEMO_WORKSPACE_ID, {
        kid: DEMO_KEY_ID,
        alg: 'HS256',
        kty: 'oct',
        label: 'Demo HS256 key (generated at first start)',
        publicJwk: null,
        privateJwk: { kty: 'oct', k, kid: DEMO_KEY_ID, alg: 'HS256' },
        createdAt: now.toISOString(),
      })
    }
    store.setMeta(KEY_SEEDED_FLAG, now.toISOString())
  })
  return { seeded: true }
}

/**
 * Seeds the demo workspace and its personas on first start only. The flag in
 * `meta` (not the workspace row) decides, so a user who deletes the demo does
 * not get it back on restart.
 */
export function seedDemoWorkspace(store: Store): { seeded: boolean } {
  if (store.getMeta(SEEDED_FLAG)) {
    seedDemoKey(store)
    return { seeded: false }
  }
  const files = readDemoWorkspace()
  store.transaction(() => {
    store.workspaces.create({
      id: DEMO_WORKSPACE_ID,
      name: DEMO_WORKSPACE_NAME,
      description: 'The examples of the FluxStack Live auth documentation, ready to run.',
      isDemo: true,
      files,
      message: 'Demo workspace',
    })
    for (const persona of DEMO_PERSONAS) store.personas.upsert(DEMO_WORKSPACE_ID, persona)
    store.setMeta(SEEDED_FLAG, new Date().toISOString())
  })
  seedDemoKey(store)
  return { seeded: true }
}
