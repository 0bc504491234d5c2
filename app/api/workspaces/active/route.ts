import { switchWorkspaceRequestSchema } from '@/lib/api/workspaces'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { switchWorkspace } from '@/lib/server/workspace-switch'
import { readBody } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Serves another workspace from now on (remembered across restarts). */
export async function POST(request: Request) {
  try {
    const { id } = await readBody(request, switchWorkspaceRequestSchema)
    return Response.json(await switchWorkspace(getRuntime(), id), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
