import { renameWorkspaceRequestSchema } from '@/lib/api/workspaces'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { deleteWorkspace, renameWorkspace } from '@/lib/server/workspace-switch'
import { readBody } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

type Params = { params: Promise<{ id: string }> }

/** Renames a workspace. */
export async function PATCH(request: Request, { params }: Params) {
  try {
    const { id } = await params
    const { name } = await readBody(request, renameWorkspaceRequestSchema)
    return Response.json(await renameWorkspace(getRuntime(), id, name), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Deletes a workspace that is neither the demo nor the served one; answers the remaining list. */
export async function DELETE(_request: Request, { params }: Params) {
  try {
    const { id } = await params
    return Response.json(await deleteWorkspace(getRuntime(), id), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
