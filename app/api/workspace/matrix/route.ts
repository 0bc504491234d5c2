import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { matrixFor } from '@/lib/server/workspace-analysis'

export const dynamic = 'force-dynamic'

/** Personas x (mount | public action) on the current version, with flips against the previous one. */
export async function GET() {
  try {
    const runtime = getRuntime()
    return Response.json(await matrixFor(runtime, runtime.activeWorkspaceId, Date.now()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
