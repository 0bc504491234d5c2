import type { Store } from '../store/store'
import { DEMO_WORKSPACE_NAME, readDemoWorkspace } from '../workspace/demo'
import { DEMO_PERSONAS } from '../workspace/personas'

export const DEMO_WORKSPACE_ID = 'demo'
const SEEDED_FLAG = 'demo_workspace_seeded'

/**
 * Seeds the demo workspace and its personas on first start only. The flag in
 * `meta` (not the workspace row) decides, so a user who deletes the demo does
 * not get it back on restart.
 */
export function seedDemoWorkspace(store: Store): { seeded: boolean } {
  if (store.getMeta(SEEDED_FLAG)) return { seeded: false }
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
  return { seeded: true }
}
