import { matrixRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { matrixFor } from '@/lib/server/workspace-analysis'
import { expectWorkspace, readBody } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'cache-control': 'no-store' }

/** Personas x (mount | public action) on the current version, actions without a payload, with what changed since the previous version. */
export async function GET() {
  try {
    const runtime = getRuntime()
    return Response.json(await matrixFor(runtime, runtime.activeWorkspaceId, Date.now()), { headers: NO_STORE })
  } catch (error) {
    return errorResponse(error)
  }
}

/** The same matrix with a payload per action column (`{ payloads: { 'LiveAdminPanel.delete': { targetUserId: 'u-admin' } } }`); changes nothing. */
export async function POST(request: Request) {
  try {
    const runtime = getRuntime()
    const { payloads, workspaceId } = await readBody(request, matrixRequestSchema)
    expectWorkspace(runtime, workspaceId)
    return Response.json(await matrixFor(runtime, runtime.activeWorkspaceId, Date.now(), payloads), { headers: NO_STORE })
  } catch (error) {
    return errorResponse(error)
  }
}
