import { mergeSettings, workspaceSettingsSchema, type SettingsResponse } from '@/lib/api/settings'
import { parseLiveSettings } from '@/lib/live/server/live-settings'
import { getRuntime, type StudioRuntime } from '@/lib/server/registry'
import { errorResponse, parseBody } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'cache-control': 'no-store' }

/** The settings as the live server reads them, plus read-only server facts (no secret: only whether a token is set). */
async function answerOf(runtime: StudioRuntime, reloadError?: string): Promise<SettingsResponse> {
  const id = runtime.activeWorkspaceId
  const { profile, jwt } = parseLiveSettings(await runtime.store.workspaces.settings(id))
  // requireExp is only written when the workspace opts out (absent = required).
  const { requireExp, ...rest } = jwt
  const { config } = runtime
  return {
    workspaceId: id,
    settings: { profile, jwt: requireExp ? rest : { ...rest, requireExp: false } },
    server: { adminTokenRequired: config.adminToken !== undefined, host: config.host, dataDir: config.dataDir, liveOrigins: [...config.liveOrigins] },
    ...(reloadError !== undefined ? { reloadError } : {}),
  }
}

/** The active workspace's live settings (ordering profile, JWT provider). */
export async function GET() {
  try {
    return Response.json(await answerOf(getRuntime()), { headers: NO_STORE })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Replaces the live settings (a bad body is a 400 and changes nothing), then hot-loads them into the live server. */
export async function PUT(request: Request) {
  try {
    const runtime = getRuntime()
    const update = await parseBody(request, workspaceSettingsSchema)
    const id = runtime.activeWorkspaceId
    await runtime.store.workspaces.updateSettings(id, mergeSettings(await runtime.store.workspaces.settings(id), update))
    // The settings are stored either way; a workspace that fails to load is reported, not hidden.
    const reloadError = await runtime.workspaceHost.reload().then(
      () => undefined,
      () => 'The settings were saved, but the live server could not load the workspace; open the Rules page to see its diagnostics.',
    )
    return Response.json(await answerOf(runtime, reloadError), { headers: NO_STORE })
  } catch (error) {
    return errorResponse(error)
  }
}
