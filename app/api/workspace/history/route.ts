import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { workspaceHistory, workspaceVersion } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Version list (newest first), or one version with its files: `?version=N`. */
export async function GET(request: Request) {
  try {
    const raw = new URL(request.url).searchParams.get('version')
    const runtime = getRuntime()
    return Response.json(raw === null ? await workspaceHistory(runtime) : await workspaceVersion(runtime, Number(raw)), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
