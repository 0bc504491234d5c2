import { restoreRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { expectWorkspace, readBody, restoreWorkspace } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Saves an old version again as the newest one. */
export async function POST(request: Request) {
  try {
    const { version, workspaceId } = await readBody(request, restoreRequestSchema)
    expectWorkspace(getRuntime(), workspaceId)
    return Response.json(await restoreWorkspace(getRuntime(), version), { status: 201, headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
