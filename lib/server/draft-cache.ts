/**
 * Unsaved drafts loaded in throwaway sandboxes, for predictions against what
 * the user is still editing. The last few stay loaded (keyed by a digest of
 * their files), so a run of predictions loads a draft once.
 */
import { createHash } from 'node:crypto'
import type { LoadedWorkspace, WorkspaceSources } from '../sandbox'
import { loadSources } from './workspace-analysis'

const KEEP = 2
const cache = new Map<string, Promise<LoadedWorkspace>>()

function digest(files: WorkspaceSources): string {
  const h = createHash('sha256')
  for (const path of Object.keys(files).sort()) h.update(path).update('\0').update(files[path] ?? '').update('\0')
  return h.digest('hex')
}

/** The draft loaded in a sandbox (cached by content). */
export function loadDraft(files: WorkspaceSources): Promise<LoadedWorkspace> {
  const key = digest(files)
  const hit = cache.get(key)
  if (hit) {
    cache.delete(key)
    cache.set(key, hit)
    return hit
  }
  const loading = loadSources(files, 'draft')
  loading.catch(() => cache.delete(key))
  cache.set(key, loading)
  while (cache.size > KEEP) {
    const [oldest, old] = cache.entries().next().value as [string, Promise<LoadedWorkspace>]
    cache.delete(oldest)
    // Predictions still running on it get time to finish.
    void old.then((ws) => setTimeout(() => ws.dispose(), 5_000), () => {})
  }
  return loading
}
