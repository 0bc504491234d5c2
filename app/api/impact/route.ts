import { analyzeImpact } from '@/lib/impact'
import { impactRequestSchema } from '@/lib/api/decisions'
import type { LoadedWorkspace } from '@/lib/sandbox'
import { getRuntime } from '@/lib/server/registry'
import { parseBody } from '@/lib/server/token-service'
import { loadSources } from '@/lib/server/workspace-analysis'
import { decisionError, NO_STORE } from '../decisions/shared'

export const dynamic = 'force-dynamic'

/**
 * Impact analysis for CI and the /rules page: replays a window of logged
 * decisions against a draft (unsaved files, or a saved version of the active
 * workspace) and reports every verdict that flips.
 * Body: `{ draft: { files } | { version }, window: { last } | { from, to }, maxFlips?, source? }`;
 * `source` replays only the studio's own traffic ('studio') or an upstream's observed traffic: for
 * observed decisions a flip compares the draft with what the upstream answered.
 */
export async function POST(request: Request) {
  let loaded: LoadedWorkspace | undefined
  try {
    const body = await parseBody(request, impactRequestSchema)
    const runtime = getRuntime()
    const files = 'files' in body.draft ? body.draft.files : (await runtime.store.workspaces.version(runtime.activeWorkspaceId, body.draft.version)).files
    const entries = await runtime.decisions.window(body.window, { workspaceId: runtime.activeWorkspaceId, ...(body.source !== undefined ? { source: body.source } : {}) })
    // Through the process's own sandbox module: bundled by Next, quickjs cannot find its .wasm file.
    loaded = await loadSources(files, 'impact-draft')
    const report = await analyzeImpact(entries, loaded, body.maxFlips !== undefined ? { maxFlips: body.maxFlips } : {})
    const diagnostics = loaded.diagnostics.filter((d) => d.severity === 'error')
    return Response.json({ report, window: body.window, draftErrors: diagnostics }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  } finally {
    loaded?.dispose()
  }
}
